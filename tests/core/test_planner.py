"""refresh_statistics: after a bulk load the planner knows how full the tables are."""

import datetime
import uuid

import pytest
from django.db import connection

from tests.factories import MunicipalityFactory
from trygg.core.planner import refresh_statistics
from trygg.dialogue.models import Response, ResponseDraft
from trygg.dialogue.services import create_survey

pytestmark = pytest.mark.django_db


def planner_rows(model) -> float | None:
    """How many rows the planner's statistics say the table has (None: never gathered)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            rows = cursor.fetchone()[0]
            return None if rows < 0 else rows
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return None if row is None else float(row[0].split()[0])


def test_the_statistics_count_the_rows_a_transaction_just_loaded():
    survey = create_survey(MunicipalityFactory(), year=2026, title="Trygghet")
    Response.objects.bulk_create(
        Response(
            survey=survey,
            channel=Response.Channel.PAPER,
            submission_key=uuid.uuid4(),
            submitted_on=datetime.date(2026, 9, 1),
        )
        for _ in range(1500)
    )

    refresh_statistics([Response])

    assert planner_rows(Response) == pytest.approx(Response.objects.count(), rel=0.1)


def test_only_the_tables_named_are_analysed():
    survey = create_survey(MunicipalityFactory(), year=2026, title="Trygghet")
    ResponseDraft.objects.bulk_create(ResponseDraft(survey=survey, answers={}) for _ in range(40))
    before = planner_rows(ResponseDraft)

    refresh_statistics([Response])

    assert planner_rows(ResponseDraft) == before != 40
