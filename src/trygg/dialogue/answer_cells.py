"""Answer cells: each survey's answers counted per fine cell as responses are stored.

A fine cell is area × age group × gender, the respondent's own background answers.
Survey results (``trygg.insight.results``) read a survey's :class:`AnswerCell` rows
instead of its answers, so that their cost grows with cells, not answers. Three
writers keep the cells equal to what the answers give:

- :func:`count_responses` adds stored responses, in the transaction that stores them
  (``submission``); flagged responses are not counted, as results leave them out.
- :func:`reweigh` gives every respondent of a fine cell the cell's new weight, in the
  transaction that stores the weights (``population.services.weight_survey``).
- :func:`rebuild_answer_cells` counts a survey's cells afresh from its answers, place
  marks and weights: after rows were loaded around the services (a benchmark), or to
  check that the maintained cells agree (``trygg rebuild-answer-cells``), and after
  ``migrate`` for every survey with responses but no cells yet
  (:func:`count_missing_answer_cells`: a database from before the cells existed).

Additions are made by the database, ``INSERT … ON CONFLICT DO UPDATE SET count =
count + excluded.count``, never read and written back, so concurrent submissions in
any number of worker processes each add their own, on SQLite as on PostgreSQL.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from django.db import connection, transaction
from django.db.models import Count, Exists, F, FloatField, OuterRef, Sum, Value
from django.db.models.functions import Cast, Coalesce

from .changes import record_change
from .models import Answer, AnswerCell, PlaceMark, Question, Response, Survey

# A fine cell: the respondent's area id (None if not given), age group and gender.
FineCell = tuple[int | None, str, str]
FINE_CELL = ("area_id", "age_group", "gender")
# The sums every cell carries, with y = 1 for a count and y = the number for a number.
SUMS = ("count", "sy", "sy2", "sw", "sw2", "swy", "sw2y", "sw2y2")
# A cell's key: question id and option id (both None for the cell's respondents), then
# the fine cell.
_KEY = ("survey_id", "question_id", "option_id", *FINE_CELL)
# Rows per INSERT: with 14 values a row, far below SQLite's 32,766 parameters.
UPSERT_BATCH = 1000


def count_responses(
    survey: Survey, responses: Iterable[tuple[Response, Sequence[Answer], Sequence[PlaceMark]]]
) -> None:
    """Add stored ``responses`` of ``survey`` (each with its answers and place marks).

    Call inside the transaction that stores them. A new response has no weight yet,
    so it counts with weight 1, as results count an unweighted respondent.
    """
    totals: dict[tuple, list[float]] = defaultdict(lambda: [0.0] * len(SUMS))
    for response, answers, places in responses:
        if response.flagged:
            continue
        cell = (response.area_id, response.age_group, response.gender)
        _add(totals[(None, None, *cell)], 1.0)
        answered: dict[int, float] = {}
        for answer in answers:
            if answer.option_id is not None:
                _add(totals[(answer.question_id, answer.option_id, *cell)], 1.0)
            answered[answer.question_id] = 1.0 if answer.number is None else float(answer.number)
        answered.update(dict.fromkeys((mark.question_id for mark in places), 1.0))
        for question_id, y in answered.items():
            _add(totals[(question_id, None, *cell)], y)
    _upsert(survey.pk, totals)


def _add(sums: list[float], y: float) -> None:
    """One respondent of weight 1 with value ``y``, in the order of ``SUMS``."""
    for position, value in enumerate((1.0, y, y * y, 1.0, 1.0, y, y, y * y)):
        sums[position] += value


def _upsert(survey_id: int, totals: Mapping[tuple, list[float]]) -> None:
    table = connection.ops.quote_name(AnswerCell._meta.db_table)
    columns = [connection.ops.quote_name(name) for name in (*_KEY, *SUMS)]
    key = [connection.ops.quote_name(name) for name in _KEY]
    # The unique constraint's own expressions: ON CONFLICT names the index by them.
    conflict = [key[0], *(f"COALESCE({name}, 0)" for name in key[1:4]), *key[4:]]
    added = ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in columns[6:])
    # One order for every writer, so that two transactions never wait for each other's
    # rows crosswise.
    rows = sorted(totals.items(), key=lambda item: ["" if v is None else str(v) for v in item[0]])
    for batch in _batches(rows):
        values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "
                f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {added}",
                [
                    value
                    for cell, sums in batch
                    for value in (survey_id, *cell, int(sums[0]), *sums[1:])
                ],
            )


def _batches(rows: Sequence) -> Iterator[Sequence]:
    for start in range(0, len(rows), UPSERT_BATCH):
        yield rows[start : start + UPSERT_BATCH]


def reweigh(survey: Survey, weights: Mapping[FineCell, float]) -> None:
    """Weigh every respondent of each fine cell by the cell's weight in ``weights``.

    The weighting rule gives respondents of one fine cell one weight (design weight by
    area, raking by area, age group and gender), so the weighted sums follow from the
    unweighted ones: Σw = w·n, Σw²y = w²·Σy. ``weights`` must hold the weight of every
    fine cell with a counted respondent. Call inside the transaction that stores them.
    """
    for (area_id, age_group, gender), weight in weights.items():
        AnswerCell.objects.filter(
            survey=survey, area_id=area_id, age_group=age_group, gender=gender
        ).update(
            sw=F("count") * weight,
            sw2=F("count") * (weight * weight),
            swy=F("sy") * weight,
            sw2y=F("sy") * (weight * weight),
            sw2y2=F("sy2") * (weight * weight),
        )


def _sums(to_response: str, y=None) -> dict:
    """The aggregates of ``SUMS`` over rows that lead to a response by ``to_response``."""
    weight = Coalesce(F(f"{to_response}weight__weight"), Value(1.0), output_field=FloatField())
    y = Value(1.0) if y is None else y
    w2 = weight * weight
    return {
        "count": Count("pk"),
        "sy": Sum(y),
        "sy2": Sum(y * y),
        "sw": Sum(weight),
        "sw2": Sum(w2),
        "swy": Sum(weight * y),
        "sw2y": Sum(w2 * y),
        "sw2y2": Sum(w2 * y * y),
    }


@transaction.atomic
def rebuild_answer_cells(survey: Survey) -> int:
    """Replace ``survey``'s answer cells with cells counted from its stored rows.

    The cells are summed in the database from the survey's unflagged responses, their
    answers and place marks and their weights (1 where none). One transaction, with
    the survey locked as a submission locks it, so no response is half counted.
    Idempotent in the cells; the survey's data version moves on. Returns the number of
    cells.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    AnswerCell.objects.filter(survey=survey).delete()
    responses = Response.objects.filter(survey=survey, flagged=False).order_by()
    answers = Answer.objects.filter(response__survey=survey, response__flagged=False).order_by()
    through_response = [f"response__{name}" for name in FINE_CELL]
    number = Coalesce(Cast("number", FloatField()), Value(1.0))
    many = survey.questions.filter(kind__in=[Question.Kind.MULTIPLE_CHOICE, Question.Kind.PLACES])
    cells = [
        _cell(survey, row, FINE_CELL) for row in responses.values(*FINE_CELL).annotate(**_sums(""))
    ]
    # Every kind but these two stores one answer per respondent, so that a question's
    # respondents are its answers.
    cells += [
        _cell(survey, row, through_response, row["question_id"])
        for row in answers.exclude(question__in=many)
        .values("question_id", *through_response)
        .annotate(**_sums("response__", number))
    ]
    cells += [
        _cell(survey, row, through_response, row["question_id"], row["option_id"])
        for row in answers.filter(option__isnull=False)
        .values("question_id", "option_id", *through_response)
        .annotate(**_sums("response__"))
    ]
    for question in many:
        rows = Answer if question.kind == Question.Kind.MULTIPLE_CHOICE else PlaceMark
        answered = rows.objects.filter(response=OuterRef("pk"), question=question)
        cells += [
            _cell(survey, row, FINE_CELL, question.pk)
            for row in responses.filter(Exists(answered)).values(*FINE_CELL).annotate(**_sums(""))
        ]
    AnswerCell.objects.bulk_create(cells, batch_size=UPSERT_BATCH)
    # Figures computed from the old cells (the results' snapshots) are now stale.
    record_change(survey)
    return len(cells)


def _cell(survey, row, fine_cell, question_id=None, option_id=None) -> AnswerCell:
    """A cell from a row of sums whose fine cell is in the fields ``fine_cell``."""
    return AnswerCell(
        survey=survey,
        question_id=question_id,
        option_id=option_id,
        **{name: row[field] for name, field in zip(FINE_CELL, fine_cell, strict=True)},
        **{name: row[name] for name in SUMS},
    )


def count_missing_answer_cells() -> list[Survey]:
    """Count the cells of every survey that has responses to count but no cells.

    Run after every ``migrate`` (see ``apps``): a database upgraded from before the
    cells existed would otherwise publish empty results until someone rebuilt them.
    Cheap when nothing is missing. Returns the surveys counted.
    """
    missing = list(
        Survey.objects.filter(
            Exists(Response.objects.filter(survey=OuterRef("pk"), flagged=False))
        ).exclude(Exists(AnswerCell.objects.filter(survey=OuterRef("pk"))))
    )
    for survey in missing:
        rebuild_answer_cells(survey)
    return missing
