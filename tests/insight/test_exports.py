"""The results as an Excel workbook: the CSV's rows, with numbers as numbers."""

import csv
import io
import re
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import LAST_DAY, AreaFactory, MunicipalityFactory, member
from trygg.dialogue import services
from trygg.dialogue.models import Response
from trygg.dialogue.submission import submit_response
from trygg.insight.exports import HEADER, PUBLIC_HEADER
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db

FEELINGS = ["always", "mostly", "seldom", "never"]


@pytest.fixture
def survey(settings, kungsbacka):
    settings.TRYGG_SUPPRESSION_THRESHOLD = 10
    onsala, hede = (AreaFactory(municipality=kungsbacka, name=name) for name in ("Onsala", "Hede"))
    survey = services.open_survey(
        services.create_survey(
            kungsbacka,
            year=2026,
            title="Trygghet",
            question_keys=["area", "feel_safe", "years_resident"],
        ),
        closes_on=LAST_DAY,
    )
    # Hede has too few respondents for its figures to be shown.
    for index, area in enumerate([onsala] * 24 + [hede] * 4):
        submit_response(
            survey,
            {
                "area": area.pk,
                "feel_safe": FEELINGS[index % 4],
                "years_resident": str(index),
            },
            channel=Response.Channel.OPEN,
            submission_key=uuid.uuid4(),
        )
    return survey


@pytest.fixture
def downloads(client, survey, run_tasks):
    client.force_login(member(survey.municipality, Role.VIEWER))
    run_tasks()
    xlsx = client.get(reverse("insight:results_xlsx", args=[survey.pk]))
    csv_text = client.get(reverse("insight:results_csv", args=[survey.pk])).content.decode()
    return xlsx, list(csv.reader(io.StringIO(csv_text)))


def test_the_workbook_holds_the_csvs_rows_with_numbers_as_numbers(downloads):
    xlsx, csv_rows = downloads
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="kungsbacka-2026-resultat.xlsx"' in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER == csv_rows[0]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert len(rows) == len(csv_rows)
    for xlsx_row, csv_row in zip(rows[1:], csv_rows[1:], strict=True):
        assert xlsx_row[:5] == csv_row[:5]
        assert xlsx_row[5] == (int(csv_row[5]) if csv_row[5] else None)
        assert (xlsx_row[9] or "") == csv_row[9]
        for value, text in zip(xlsx_row[6:9], csv_row[6:9], strict=True):
            assert (value is None) == (text == "")
            if value is not None:
                assert value == pytest.approx(float(text), abs=1e-6)


def test_shares_show_as_percent_and_suppressed_figures_are_empty_with_a_note(downloads):
    xlsx, _csv_rows = downloads
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    lines = list(sheet.iter_rows(min_row=2))
    overall = next(
        line for line in lines if line[0].value == "feel_safe" and line[2].value == "overall"
    )
    assert 0 < overall[6].value < 1
    assert overall[6].number_format == overall[7].number_format == "0.0%"
    assert isinstance(overall[5].value, int)
    mean = next(line for line in lines if line[0].value == "years_resident")
    assert mean[6].number_format == "0.00"
    hede = [line for line in lines if line[3].value == "Hede"]
    assert hede
    for line in hede:
        assert line[6].value is None and line[7].value is None and line[8].value is None
        assert "under tröskeln" in line[6].comment.text.lower()


def test_the_second_sheet_says_what_the_figures_rest_on(downloads, survey):
    xlsx, _csv_rows = downloads
    about = load_workbook(io.BytesIO(xlsx.content))["Om siffrorna"]
    text = " ".join(str(cell.value) for row in about.iter_rows() for cell in row)
    assert "Trygghet 2026" in text
    assert "Kungsbacka" in text
    assert "färre än 10 svar" in text
    assert "Oviktade" in text


def test_the_staff_results_page_links_both_downloads(client, survey):
    client.force_login(member(survey.municipality, Role.VIEWER))
    page = client.get(reverse("insight:results", args=[survey.pk])).content.decode()
    assert reverse("insight:results_csv", args=[survey.pk]) in page
    assert reverse("insight:results_xlsx", args=[survey.pk]) in page


def public_csv_url(survey):
    return reverse("insight_public:results_csv", args=[survey.municipality.slug, survey.pk])


def test_the_public_csv_is_not_found_while_the_survey_is_open(client, survey):
    assert client.get(public_csv_url(survey)).status_code == 404


def test_the_public_csv_is_not_found_under_another_municipalitys_address(client, survey):
    services.close_survey(survey)
    MunicipalityFactory(name="Varberg", code="1383", slug="varberg")
    url = reverse("insight_public:results_csv", args=["varberg", survey.pk])
    assert client.get(url).status_code == 404


def test_the_public_results_page_links_its_csv_as_a_named_download(client, survey, run_tasks):
    services.close_survey(survey)
    run_tasks()
    page = client.get(reverse("insight_public:results", args=[survey.municipality.slug, survey.pk]))
    text = page.content.decode()
    assert f'href="{public_csv_url(survey)}" download' in text
    assert "Ladda ner siffrorna som CSV (öppna data)" in text
    assert "95 %-intervall. Dolda siffror är tomma." in text
    response = client.get(public_csv_url(survey))
    assert 'filename="kungsbacka-2026-resultat.csv"' in response["Content-Disposition"]
    # Reading the open data needs no session (and creates none).
    assert "sessionid" not in response.cookies


def test_the_public_csv_holds_exactly_what_the_public_page_shows(client, survey, run_tasks):
    services.close_survey(survey)
    run_tasks()
    response = client.get(public_csv_url(survey))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == PUBLIC_HEADER
    records = [dict(zip(PUBLIC_HEADER, row, strict=True)) for row in rows[1:]]
    assert {r["survey"] for r in records} == {"Trygghet 2026"}
    results_url = reverse("insight_public:results", args=[survey.municipality.slug, survey.pk])
    expected = {
        # Hede (4) is under the threshold; Onsala is then hidden too, or subtraction
        # from everyone would give Hede's shares.
        "area": {"Hede": "färre än 10", "Onsala": "dold"},
    }
    for grouping, n_shown in expected.items():
        page = client.get(results_url, {"visa": grouping}).content.decode()
        for question in ("feel_safe", "years_resident"):
            section = page[page.index(f'id="fraga-{question}"') :]
            table = section[section.index("<tbody>") : section.index("</tbody>")]
            shown = {
                label: re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
                for label, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)
            }
            mine = [
                r for r in records if r["question_key"] == question and r["grouping"] == grouping
            ]
            assert {label: cells[0] for label, cells in shown.items()} == n_shown
            assert {r["domain"] for r in mine} == set(n_shown)
            for r in mine:
                cells = shown[r["domain"]]
                if not cells[0].isdigit():
                    assert r["n"] == r["estimate"] == r["ci_low"] == r["ci_high"] == ""
                    assert r["suppressed"] in {"below_threshold", "complementary"}
                    assert all(cell == "–" for cell in cells[1:])
                    continue
                assert r["n"] == cells[0] and r["suppressed"] == ""
                [cell] = [
                    c for c, col in zip(cells[1:], answers(mine), strict=True) if col == r["answer"]
                ]
                if question == "years_resident":
                    assert cell.startswith(f"{float(r['estimate']):.1f}".replace(".", ","))
                else:
                    assert cell.startswith(f"{round(100 * float(r['estimate']))} %")
    # Everyone: the answers are rows, and n is said under "Visa osäkerhet".
    page = client.get(results_url).content.decode()
    section = page[page.index('id="fraga-feel_safe"') :]
    section = section[: section.index("</section>")]
    overall = [
        r for r in records if r["question_key"] == "feel_safe" and r["grouping"] == "overall"
    ]
    assert {r["n"] for r in overall} == {"28"} and "28 personer svarade" in section
    for r in overall:
        share = f"{round(100 * float(r['estimate']))} %"
        row = rf'<th scope="row">{re.escape(r["answer"])}</th>\s*<td class="numeric">{share}'
        assert re.search(row, section)


def answers(rows):
    """The answers of one group's rows, in the page's column order."""
    return list(dict.fromkeys(r["answer"] for r in rows))
