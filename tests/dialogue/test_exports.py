"""The results as an Excel workbook: the CSV's rows, with numbers as numbers."""

import csv
import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import AreaFactory, MunicipalityFactory, member
from trygg.dialogue import services
from trygg.dialogue.exports import HEADER
from trygg.dialogue.models import Response
from trygg.dialogue.submission import submit_response
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db

FEELINGS = ["always", "mostly", "seldom", "never"]


@pytest.fixture
def survey(settings):
    settings.TRYGG_SUPPRESSION_THRESHOLD = 10
    kungsbacka = MunicipalityFactory(name="Kungsbacka", code="1384", slug="kungsbacka")
    onsala, hede = (AreaFactory(municipality=kungsbacka, name=name) for name in ("Onsala", "Hede"))
    survey = services.open_survey(
        services.create_survey(
            kungsbacka,
            year=2026,
            title="Trygghet",
            question_keys=["area", "feel_safe", "years_resident"],
        )
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
def downloads(client, survey):
    client.force_login(member(survey.municipality, Role.VIEWER))
    xlsx = client.get(reverse("dialogue:results_xlsx", args=[survey.pk]))
    csv_text = client.get(reverse("dialogue:results_csv", args=[survey.pk])).content.decode()
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
        assert xlsx_row[5] == int(csv_row[5])
        for value, text in zip(xlsx_row[6:], csv_row[6:], strict=True):
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
    page = client.get(reverse("dialogue:results", args=[survey.pk])).content.decode()
    assert reverse("dialogue:results_csv", args=[survey.pk]) in page
    assert reverse("dialogue:results_xlsx", args=[survey.pk]) in page
