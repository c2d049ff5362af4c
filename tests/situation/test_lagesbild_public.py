"""The lägesbild's public version: nothing under the thresholds, nothing for staff alone."""

import io
import json

import h3.api.basic_int as h3_int
import pytest
from django.core.management import call_command
from django.db.models import F

from tests.factories import LAST_DAY
from tests.insight.test_places import KEYS, A, B, C, place, respond
from trygg.dialogue import services as dialogue_services
from trygg.dialogue.models import Invitation, Survey
from trygg.insight import snapshots
from trygg.insight.tasks import request_refresh
from trygg.situation.lagesbild import as_json, build_lagesbild
from trygg.situation.lagesbild_services import is_current, refresh_lagesbild, snapshot_of

from .lagesbild_data import BUSY_CELL, QUIET_CELL, SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3
    settings.TRYGG_SUPPRESSION_THRESHOLD = 5


def closed_survey(municipality, onsala, respondents: list) -> Survey:
    survey = dialogue_services.create_survey(
        municipality, year=2026, title="Trygghet", question_keys=KEYS
    )
    survey = dialogue_services.open_survey(survey, closes_on=LAST_DAY)
    for places in respondents:
        respond(survey, onsala, places)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    survey.refresh_from_db()
    snapshots.refresh(survey)
    return survey


def test_the_public_map_of_reports_leaves_out_a_cell_under_three(lagesbild_planted):
    staff = build_lagesbild(lagesbild_planted, 2026, public=False).kartlaggning.municipal_reports
    public = build_lagesbild(lagesbild_planted, 2026, public=True).kartlaggning.municipal_reports

    assert [(cell.cell, cell.count) for cell in staff.cells] == [
        (h3_int.int_to_str(BUSY_CELL), 5),
        (h3_int.int_to_str(QUIET_CELL), 2),
    ]
    assert [(cell.cell, cell.count) for cell in public.cells] == [(h3_int.int_to_str(BUSY_CELL), 5)]
    # Two withheld reports are published only as "fewer than three".
    assert public.withheld is None
    assert public.count == staff.count == 7


def test_the_public_version_has_no_cell_alert_and_no_acknowledgement(lagesbild_planted):
    staff = build_lagesbild(lagesbild_planted, 2026, public=False)
    public = build_lagesbild(lagesbild_planted, 2026, public=True)

    assert len(staff.analys.alerts) == 2
    assert SECRET in {item.comment for item in staff.analys.alerts}
    assert [item.place for item in public.analys.alerts] == ["Hela kommunen"]
    text = json.dumps(as_json(public), ensure_ascii=False)
    assert SECRET not in text
    assert h3_int.int_to_str(QUIET_CELL) not in text
    # The alerts make the category a problem, with the alert as its evidence.
    problems = {problem.title: problem for problem in public.analys.problems}
    assert [item.rule for item in problems["Skadegörelse"].evidence] == ["alerts"]


def test_a_dialogue_under_the_threshold_publishes_no_figure_and_no_place(kungsbacka, onsala):
    # Four respondents, all marking cell A: under the threshold of five.
    closed_survey(kungsbacka, onsala, [[place(A[i], ["dark"], ["night"])] for i in range(4)])

    staff = build_lagesbild(kungsbacka, 2026, public=False).kartlaggning
    public = build_lagesbild(kungsbacka, 2026, public=True).kartlaggning

    assert public.dialogue.figures, "the questions are listed"
    assert all(figure.estimate is None for figure in public.dialogue.figures)
    assert all(figure.ci_low is None for figure in public.dialogue.figures)
    assert public.unsafe_places.suppressed
    assert public.unsafe_places.places == []
    # Staff see the cell of four: the map's rule is three respondents.
    assert [p.respondents for p in staff.unsafe_places.places] == [4]


def test_a_dialogue_over_the_threshold_shows_places_of_three_or_more(kungsbacka, onsala):
    closed_survey(
        kungsbacka,
        onsala,
        [[place(A[i], ["dark"], ["night"])] for i in range(4)]
        + [[place(B[i], ["traffic"], ["day"])] for i in range(3)]
        + [[place(C[i], ["drugs"], ["night"])] for i in range(2)],
    )

    public = build_lagesbild(kungsbacka, 2026, public=True)

    places = public.kartlaggning.unsafe_places
    assert [p.respondents for p in places.places] == [4, 3]
    assert [t.label for t in places.places[0].reasons] == ["Mörkt eller dålig belysning"]
    assert places.withheld is None, "two marks withheld: published as fewer than three"
    shown = [f for f in public.kartlaggning.dialogue.figures if f.estimate is not None]
    assert shown and all(f.ci_low <= f.estimate <= f.ci_high for f in shown)
    # The most marked places are problems to prioritise, with what residents said.
    place_problems = [p for p in public.analys.problems if p.key.startswith("place:")]
    assert len(place_problems) == 2
    assert "4" in place_problems[0].evidence[0].text
    sources = {source.key: source for source in public.analys.sources}
    assert sources["dialogue"].used and sources["dialogue"].records == 9
    assert "inte viktade" in sources["dialogue"].limits


def test_new_dialogue_results_rebuild_the_lagesbild(kungsbacka, onsala, run_tasks):
    survey = closed_survey(
        kungsbacka, onsala, [[place(A[i], ["dark"], ["night"])] for i in range(6)]
    )
    refresh_lagesbild(kungsbacka, 2026)
    before = snapshot_of(kungsbacka, 2026, public=True)
    # A paper response entered after the close raises the survey's data version.
    Survey.objects.filter(pk=survey.pk).update(data_version=F("data_version") + 1)
    assert not is_current(before)

    request_refresh(survey)
    run_tasks()

    after = snapshot_of(kungsbacka, 2026, public=True)
    assert is_current(after) and after.computed_at > before.computed_at
    assert after.figures["kartlaggning"]["unsafe_places"]["places"][0]["respondents"] == 6


def test_the_command_prints_the_public_version_without_staff_text(lagesbild_planted):
    out = io.StringIO()
    call_command("lagesbild", "1384", "--year", "2026", "--json", "--public", stdout=out)

    printed = json.loads(out.getvalue())
    assert printed["public"] is True
    assert SECRET not in out.getvalue()
    assert [cell["count"] for cell in printed["kartlaggning"]["municipal_reports"]["cells"]] == [5]


def test_the_response_rate_counts_the_invited_who_answered_not_the_open_link(kungsbacka, onsala):
    # Six answer by the open link; of four letters one was used.
    survey = closed_survey(
        kungsbacka, onsala, [[place(A[i], ["dark"], ["night"])] for i in range(6)]
    )
    for number in range(4):
        Invitation.objects.create(
            survey=survey, code_hash=f"{number:064x}", channel="letter", spent=number == 0
        )

    dialogue = build_lagesbild(kungsbacka, 2026, public=False).kartlaggning.dialogue

    assert (dialogue.respondents, dialogue.invited, dialogue.response_rate) == (6, 4, 0.25)
