"""Answer cells kept as responses and weights are stored equal those counted afresh,
and results read from them equal results summed from the answers row by row."""

import random
import uuid
from collections import defaultdict
from dataclasses import astuple

import pytest
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS

from tests.factories import LAST_DAY, AreaFactory
from tests.population.conftest import AGES, AREAS, scb_file
from trygg.dialogue import services
from trygg.dialogue.answer_cells import FINE_CELL, SUMS, rebuild_answer_cells
from trygg.dialogue.models import Answer, AnswerCell, PlaceMark, Response, Survey
from trygg.dialogue.submission import Submission, submit_response, submit_responses
from trygg.insight import results
from trygg.population.models import ResponseWeight
from trygg.population.services import import_population, weight_survey

pytestmark = pytest.mark.django_db

KEYS = [
    "area",
    "age_group",
    "gender",
    "feel_safe",
    "local_problems",
    "years_resident",
    "unsafe_places",
    "suggestions",
]
INSIDE = {"latitude": 57.5, "longitude": 12.1}


@pytest.fixture
def survey(settings, kungsbacka):
    settings.TRYGG_SUPPRESSION_THRESHOLD = 5
    municipality = kungsbacka
    areas = [
        AreaFactory(municipality=municipality, name=name, code=f"1384R{i:03d}")
        for i, name in enumerate(AREAS, start=1)
    ]
    import_population(municipality, 2026, scb_file(years=[2026]))
    survey = services.open_survey(
        services.create_survey(municipality, year=2026, title="Trygghet", question_keys=KEYS),
        closes_on=LAST_DAY,
    )
    survey.areas = areas
    return survey


def answers(chance: random.Random, areas, *, on_paper: bool = False) -> dict:
    """A respondent's answers; on paper, the required ones too are sometimes left out."""
    row = {
        "area": chance.choice(areas).pk if not on_paper or chance.random() < 0.9 else None,
        "age_group": chance.choice(AGES) if not on_paper or chance.random() < 0.9 else None,
        "gender": chance.choice(["woman", "man", "other"]) if chance.random() < 0.9 else None,
        "feel_safe": chance.choice(
            ["always", "mostly", "seldom", "never", None][: 5 if on_paper else 4]
        ),
        "local_problems": chance.sample(
            ["littering", "poor_lighting", "speeding"], chance.randint(0, 3)
        ),
        "years_resident": chance.choice([str(chance.randint(0, 60)), "12,25", None]),
        "unsafe_places": [INSIDE] * chance.randint(0, 2),
        "suggestions": chance.choice(["Mer belysning", ""]),
    }
    return {key: value for key, value in row.items() if value is not None}


def submit(survey, chance, count: int, *, flagged: bool = False) -> None:
    for _ in range(count):
        submit_response(
            survey,
            answers(chance, survey.areas),
            channel=Response.Channel.OPEN,
            submission_key=uuid.uuid4(),
            flagged=flagged,
        )


def submit_in_bulk(survey, chance, count: int) -> None:
    submit_responses(
        survey,
        [
            Submission(
                answers(chance, survey.areas, on_paper=True),
                Response.Channel.PAPER,
                uuid.uuid4(),
                flagged=position % 7 == 0,
            )
            for position in range(count)
        ],
    )


def stored_cells(survey) -> dict:
    return {
        tuple(row[key] for key in ("question_id", "option_id", *FINE_CELL)): {
            key: row[key] for key in SUMS
        }
        for row in AnswerCell.objects.filter(survey=survey).values(
            "question_id", "option_id", *FINE_CELL, *SUMS
        )
    }


def assert_same_cells(maintained: dict, rebuilt: dict) -> None:
    assert maintained.keys() == rebuilt.keys()
    for key, sums in maintained.items():
        assert sums["count"] == rebuilt[key]["count"], key
        assert sums == pytest.approx(rebuilt[key], rel=1e-12), key


def cells_from_answers(survey) -> dict:
    """The results' cells summed in Python over every unflagged answer and its weight."""
    weight = dict(
        ResponseWeight.objects.filter(response__survey=survey).values_list("response", "weight")
    )
    responses = {r.pk: r for r in Response.objects.filter(survey=survey, flagged=False)}
    cells = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(SUMS, 0.0)))

    def add(key, response, y):
        w = weight.get(response.pk, 1.0)
        sums = cells[key][(response.area_id, response.age_group, response.gender)]
        for name, value in zip(
            SUMS, (1, y, y * y, w, w * w, w * y, w * w * y, w * w * y * y), strict=True
        ):
            sums[name] += value

    for response in responses.values():
        add((None, None), response, 1.0)
    answered = {}
    for answer in Answer.objects.filter(response__in=list(responses)):
        if answer.option_id is not None:
            add((answer.question_id, answer.option_id), responses[answer.response_id], 1.0)
        y = 1.0 if answer.number is None else float(answer.number)
        answered[answer.question_id, answer.response_id] = y
    for mark in PlaceMark.objects.filter(response__in=list(responses)):
        answered[mark.question_id, mark.response_id] = 1.0
    for (question_id, response_id), y in answered.items():
        add((question_id, None), responses[response_id], y)
    return cells


def assert_same_results(survey, monkeypatch) -> None:
    from_cells = results.survey_results(survey)
    with monkeypatch.context() as patch:
        patch.setattr(results, "_answer_cells", cells_from_answers)
        from_answers = results.survey_results(survey)
    assert [r.key for r in from_cells] == [r.key for r in from_answers]
    for mine, theirs in zip(from_cells, from_answers, strict=True):
        assert mine.column_keys == theirs.column_keys
        assert mine.groups.keys() == theirs.groups.keys()
        for grouping, rows in mine.groups.items():
            for row, other in zip(rows, theirs.groups[grouping], strict=True):
                assert (row.label, row.n, row.protection) == (
                    other.label,
                    other.n,
                    other.protection,
                )
                for figure, expected in zip(row.figures, other.figures, strict=True):
                    assert figure.suppressed == expected.suppressed
                    if not figure.suppressed:
                        assert astuple(figure) == pytest.approx(astuple(expected), rel=1e-9)


def test_cells_kept_through_submissions_and_weighting_equal_cells_counted_afresh(
    survey, monkeypatch
):
    chance = random.Random(3)
    submit(survey, chance, 40)
    submit(survey, chance, 6, flagged=True)
    submit_in_bulk(survey, chance, 50)
    weight_survey(survey)
    # Responses after the weighting count with weight 1 beside the weighted ones.
    submit(survey, chance, 12)
    submit_in_bulk(survey, chance, 10)
    maintained = stored_cells(survey)

    rebuild_answer_cells(survey)

    assert any(sums["sw"] != sums["count"] for sums in maintained.values())
    assert_same_cells(maintained, stored_cells(survey))
    assert_same_results(survey, monkeypatch)


def test_results_from_cells_equal_those_summed_from_the_answers(survey, monkeypatch):
    chance = random.Random(5)
    submit_in_bulk(survey, chance, 80)
    submit(survey, chance, 20)
    weight_survey(survey)

    assert_same_results(survey, monkeypatch)
    [places] = [r for r in results.survey_results(survey) if r.key == "unsafe_places"]
    assert places.groups["overall"][0].n == 100 - 12


def test_flagged_responses_are_not_counted(survey):
    submit(survey, random.Random(1), 3, flagged=True)

    assert not AnswerCell.objects.filter(survey=survey).exists()


def test_a_rebuild_changes_nothing_the_second_time(survey):
    submit(survey, random.Random(2), 15)
    first = rebuild_answer_cells(survey)
    counted = stored_cells(survey)

    assert rebuild_answer_cells(survey) == first == len(counted)
    assert stored_cells(survey) == counted


def test_the_command_rebuilds_one_surveys_cells(survey, capsys):
    submit(survey, random.Random(4), 10)
    AnswerCell.objects.filter(survey=survey, question__isnull=True).update(count=0)

    call_command("rebuild_answer_cells", survey=survey.pk)

    everyone = AnswerCell.objects.filter(survey=survey, question__isnull=True)
    assert sum(everyone.values_list("count", flat=True)) == 10
    assert f"{len(stored_cells(survey))} svarsceller" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_survey(db):
    with pytest.raises(CommandError, match="4711"):
        call_command("rebuild_answer_cells", survey=4711)


def test_a_database_from_before_the_cells_gets_them_with_its_upgrade(survey):
    submit(survey, random.Random(5), 12)
    counted = stored_cells(survey)
    version = Survey.objects.values_list("data_version", flat=True).get(pk=survey.pk)
    # As a database migrated from before answer cells: responses, no cells.
    AnswerCell.objects.all().delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)

    assert stored_cells(survey) == counted
    # The results computed without them are stale.
    assert Survey.objects.values_list("data_version", flat=True).get(pk=survey.pk) > version


def test_after_migrate_a_survey_with_cells_is_left_alone(survey):
    submit(survey, random.Random(6), 4)
    AnswerCell.objects.filter(survey=survey, question__isnull=True).update(count=99)

    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)

    assert set(
        AnswerCell.objects.filter(survey=survey, question__isnull=True).values_list(
            "count", flat=True
        )
    ) == {99}
