"""Keeping the database's query planner informed after bulk loads.

PostgreSQL and SQLite choose how to run a query (an index, a hash join, nested loops)
from statistics about each table, which they gather only now and then: PostgreSQL's
autovacuum after enough committed changes, SQLite only when asked. After a bulk load
(the demo's thousands of responses, a benchmark's million) the statistics still
describe the empty tables, and the planner then picks nested loops over tables it
believes hold one row; a join over a few thousand rows can run for minutes that way.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model


def refresh_statistics(models: Iterable[type[Model]]) -> None:
    """``ANALYZE`` the tables of ``models``, and only those, on the default database.

    Only the tables just loaded: statistics taken of a table while it is empty tell
    the planner it is empty long after it has filled. Inside a transaction this sees
    the transaction's own rows (on PostgreSQL the row counts it records outlast a
    rollback, as a test's do). Sampling on PostgreSQL; a scan of the indexes on
    SQLite, milliseconds for the demo's size.
    """
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
