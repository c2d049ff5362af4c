"""Differencing attacks on published figures: what is hidden stays hidden.

The attacker reads only what is public (the results page, its open-data CSV, the
places map's GeoJSON) and subtracts: a hidden group's share is everyone's n·p minus
the shown groups' nᵢ·pᵢ, its n is everyone's n minus theirs, and last year's figure
is this year's minus the change.
"""

import csv
import io
import itertools
import random
import re
import uuid

import h3.api.basic_int as h3_int
import pytest
from django.urls import reverse

from tests.factories import LAST_DAY, ResponseFactory, SurveyFactory
from trygg.dialogue import services
from trygg.dialogue.models import Response, Survey
from trygg.dialogue.submission import PLACE_RESOLUTION, submit_response
from trygg.geo.models import Area
from trygg.insight.places import place_map_geojson, public_place_map
from trygg.insight.results import survey_results

pytestmark = pytest.mark.django_db

FEELINGS = ["always", "mostly", "seldom", "never"]
QUESTIONS = ["area", "age_group", "gender", "feel_safe", "years_resident"]


@pytest.fixture(autouse=True)
def _minimums(settings):
    # The product's defaults, pinned: the attacks below are built around them.
    settings.TRYGG_SUPPRESSION_THRESHOLD = 30
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3


@pytest.fixture(autouse=True)
def _home(onsala):
    """Everyone answers from Onsala."""


def answer(survey, people: list[dict]) -> None:
    area = Area.objects.get(municipality=survey.municipality)
    chance = random.Random(11)
    for person in people:
        ResponseFactory(
            survey=survey,
            answers={
                "area": area.pk,
                "age_group": "25-44",
                "feel_safe": chance.choice(FEELINGS),
                "years_resident": str(chance.randint(0, 60)),
                **person,
            },
        )


def closed_survey(municipality, people: list[dict], year: int = 2026):
    survey = SurveyFactory(
        municipality=municipality, year=year, question_keys=QUESTIONS, status=Survey.Status.OPEN
    )
    answer(survey, people)
    return services.close_survey(survey)


@pytest.fixture
def men_and_women(kungsbacka):
    # Men answer "never" and have lived here long, so that a leak of theirs would show.
    people = [{"gender": "woman", "feel_safe": FEELINGS[i % 3]} for i in range(32)]
    people += [{"gender": "man", "feel_safe": "never", "years_resident": "60"}] * 8
    return closed_survey(kungsbacka, people)


def public_csv(client, survey, run_tasks) -> list[dict]:
    run_tasks()
    url = reverse("insight_public:results_csv", args=[survey.municipality.slug, survey.pk])
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def derivable(rows: list[dict], grouping: str) -> dict[tuple[str, str], float]:
    """Every (question, answer) figure of a lone hidden group, derived by subtraction.

    With one hidden group in a grouping, everyone minus the shown groups is that
    group: its n and its n·p follow. With two or more hidden groups only their union
    does, which is what the protection guarantees to be publishable.
    """
    derived = {}
    by_answer = itertools.groupby(
        sorted(rows, key=lambda r: (r["question_key"], r["answer"])),
        key=lambda r: (r["question_key"], r["answer"]),
    )
    for key, answer_rows in by_answer:
        answer_rows = list(answer_rows)
        overall = [r for r in answer_rows if r["grouping"] == "overall"]
        groups = [r for r in answer_rows if r["grouping"] == grouping]
        hidden = [r for r in groups if r["estimate"] == ""]
        if not overall or overall[0]["estimate"] == "" or len(hidden) != 1:
            continue
        total_n = int(overall[0]["n"])
        shown = [r for r in groups if r["estimate"] != ""]
        rest_n = total_n - sum(int(r["n"]) for r in shown)
        rest = total_n * float(overall[0]["estimate"]) - sum(
            int(r["n"]) * float(r["estimate"]) for r in shown
        )
        derived[key] = rest / rest_n
    return derived


def test_mens_shares_cannot_be_derived_from_everyone_minus_women(client, men_and_women, run_tasks):
    rows = public_csv(client, men_and_women, run_tasks)
    gender_rows = [r for r in rows if r["grouping"] == "gender"]
    assert {r["domain"] for r in gender_rows} == {"Kvinna", "Man"}
    # The attack of the issue, 40·p − 32·p_women: women are hidden too, so it has no input.
    assert derivable(rows, "gender") == {}
    assert all(r["estimate"] == r["ci_low"] == r["ci_high"] == r["n"] == "" for r in gender_rows)
    suppressed = {(r["domain"], r["suppressed"]) for r in gender_rows}
    assert suppressed == {("Man", "below_threshold"), ("Kvinna", "complementary")}
    # Everyone is still published: 40 respondents.
    assert {r["n"] for r in rows if r["grouping"] == "overall"} == {"40"}


def test_the_public_page_shows_neither_the_hidden_n_nor_a_share_of_men(
    client, men_and_women, run_tasks
):
    survey = men_and_women
    run_tasks()
    url = reverse("insight_public:results", args=[survey.municipality.slug, survey.pk])
    page = client.get(url, {"visa": "gender"}).content.decode()
    results, makeup = page.split('id="vilka-svarade"')
    rows = dict(re.findall(r'<th scope="row">(.*?)</th>\s*<td[^>]*>(.*?)</td>', results))
    assert rows == {"Kvinna": "dold", "Man": "färre än 30"}
    figures = re.findall(r"<td[^>]*>(.*?)</td>", results)
    assert figures and set(figures) == {"dold", "färre än 30", "–"}
    # The make-up of the sample hides the same groups' n and shares (the residents'
    # shares are SCB's, not the respondents').
    gender = makeup[makeup.index(">Kön</caption>") :]
    gender = gender[: gender.index("</table>")]
    cells = re.findall(
        r'<th scope="row">(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>', gender
    )
    assert dict((label, (n, share)) for label, n, share in cells) == {
        "Kvinna": ("dold", "–"),
        "Man": ("färre än 30", "–"),
    }


def test_staff_read_the_same_protected_figures_as_the_public(men_and_women):
    for result in survey_results(men_and_women):
        if "gender" in result.groups:
            assert all(row.suppressed and row.n is None for row in result.groups["gender"])


@pytest.fixture
def one_small_age_group(kungsbacka):
    # As in the demo's 2022 survey: one age group, "85 or older", under the threshold.
    sizes = {"16-24": 35, "25-44": 60, "45-64": 50, "65-84": 40, "85-": 12}
    people = [
        {"age_group": age, "gender": ("woman", "man")[i % 2]}
        for age, count in sizes.items()
        for i in range(count)
    ]
    return closed_survey(kungsbacka, people)


def test_one_hidden_age_group_hides_the_smallest_other_and_nothing_follows(
    client, one_small_age_group, run_tasks
):
    rows = public_csv(client, one_small_age_group, run_tasks)
    assert derivable(rows, "age_group") == {}
    by_age = {(r["domain"], r["suppressed"]) for r in rows if r["grouping"] == "age_group"}
    assert by_age == {
        ("85 år eller äldre", "below_threshold"),
        ("16–24 år", "complementary"),
        ("25–44 år", ""),
        ("45–64 år", ""),
        ("65–84 år", ""),
    }
    assert {r["n"] for r in rows if r["grouping"] == "age_group" and r["suppressed"]} == {""}
    # The shown n leave only the hidden groups' union, 47, itself above the threshold.
    for question in {r["question_key"] for r in rows if r["grouping"] == "age_group"}:
        mine = [r for r in rows if r["question_key"] == question]
        [everyone] = {int(r["n"]) for r in mine if r["grouping"] == "overall"}
        shown = {
            (r["domain"], int(r["n"])) for r in mine if r["grouping"] == "age_group" and r["n"]
        }
        assert everyone - sum(n for _label, n in shown) == 47


def test_those_who_would_not_say_are_protected_like_any_other_group(client, kungsbacka, run_tasks):
    # 45 women, 40 men and 6 who would rather not say ("vill inte svara").
    people = [{"gender": "woman"}] * 45 + [{"gender": "man"}] * 40
    people += [{"gender": "no_answer"}] * 6
    rows = public_csv(client, closed_survey(kungsbacka, people), run_tasks)
    assert derivable(rows, "gender") == {}
    suppressed = {r["domain"]: r["suppressed"] for r in rows if r["grouping"] == "gender"}
    assert suppressed == {
        "Vill inte svara": "below_threshold",
        "Man": "complementary",
        "Kvinna": "",
    }


def test_those_who_skipped_the_background_question_are_a_group_of_the_partition(
    client, kungsbacka, run_tasks
):
    # The gender question is optional: 7 skip it, so the genders do not sum to everyone.
    people = [{"gender": "woman"}] * 45 + [{"gender": "man"}] * 40 + [{}] * 7
    rows = public_csv(client, closed_survey(kungsbacka, people), run_tasks)
    assert derivable(rows, "gender") == {}
    suppressed = {r["domain"]: r["suppressed"] for r in rows if r["grouping"] == "gender"}
    assert suppressed == {"Ej angivet": "below_threshold", "Man": "complementary", "Kvinna": ""}
    shown_n = {int(r["n"]) for r in rows if r["grouping"] == "gender" and r["n"]}
    assert shown_n == {45}


def test_last_years_hidden_figures_cannot_be_read_from_the_change(client, kungsbacka, run_tasks):
    # Last year only 20 answered: everyone's figures were hidden. This year's page
    # must not show them, nor a change from which they would follow.
    earlier = closed_survey(kungsbacka, [{"gender": "woman"}] * 20, year=2025)
    survey = services.open_survey(services.copy_survey(earlier, year=2026), closes_on=LAST_DAY)
    answer(survey, [{"gender": "woman"}] * 40)
    services.close_survey(survey)
    run_tasks()
    url = reverse("insight_public:results", args=[kungsbacka.slug, survey.pk])
    page = client.get(url).content.decode()
    assert "Det här har förändrats sedan 2025" in page
    sections = re.findall(r'<section class="card result" id="fraga-.*?</section>', page, re.S)
    assert sections
    for section in sections:
        table, details = section.split("<details")
        assert '<th scope="col" class="numeric">2025</th>' in table
        # Last year's column: every cell is empty ...
        earlier = re.findall(r'</th>\s*<td class="numeric">(.*?)</td>', table)
        assert earlier and set(earlier) == {"–"}
        # ... and no change is worked out from it, in words or in the uncertainty.
        assert "result__change--" not in section
        changes = re.findall(r"<td>([^<]*)</td>\s*</tr>", details)
        assert changes and set(changes) == {"–"}


def test_an_earlier_survey_still_in_fieldwork_is_not_compared(client, kungsbacka, run_tasks):
    earlier = services.open_survey(
        services.create_survey(kungsbacka, year=2025, title="Trygghet", question_keys=QUESTIONS),
        closes_on=LAST_DAY,
    )
    answer(earlier, [{"gender": "woman"}] * 40)
    survey = services.open_survey(services.copy_survey(earlier, year=2026), closes_on=LAST_DAY)
    answer(survey, [{"gender": "woman"}] * 40)
    services.close_survey(survey)
    run_tasks()
    page = client.get(reverse("insight_public:results", args=[kungsbacka.slug, survey.pk]))
    assert "sedan 2025" not in page.content.decode()
    services.close_survey(earlier)
    run_tasks()
    page = client.get(reverse("insight_public:results", args=[kungsbacka.slug, survey.pk]))
    assert "Det här har förändrats sedan 2025" in page.content.decode()


def test_a_reason_named_by_one_respondent_in_a_shown_cell_is_not_published(kungsbacka):
    survey = services.open_survey(
        services.create_survey(
            kungsbacka, year=2026, title="Trygghet", question_keys=["area", "unsafe_places"]
        ),
        closes_on=LAST_DAY,
    )
    area = Area.objects.get(municipality=kungsbacka)
    cell = h3_int.latlng_to_cell(57.45, 12.05, PLACE_RESOLUTION)
    latitude, longitude = h3_int.cell_to_latlng(cell)
    # Three respondents in one cell: all name darkness, one also drugs and the night.
    marks = [(["dark"], []), (["dark"], []), (["dark", "drugs"], ["night"])]
    for reasons, times in marks + [(None, None)] * 27:
        places = (
            []
            if reasons is None
            else [
                {"latitude": latitude, "longitude": longitude, "reasons": reasons, "times": times}
            ]
        )
        submit_response(
            survey,
            {"area": area.pk, "unsafe_places": places},
            channel=Response.Channel.OPEN,
            submission_key=uuid.uuid4(),
        )
    services.close_survey(survey)
    data = place_map_geojson(kungsbacka, public_place_map(survey))
    [shown] = [f for f in data["features"] if f["properties"]["kind"] == "cell"]
    assert shown["properties"]["count"] == 3
    assert [t["value"] for t in shown["properties"]["reasons"]] == ["dark"]
    assert shown["properties"]["times"] == []
