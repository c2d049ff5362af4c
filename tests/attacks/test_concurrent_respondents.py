"""Twenty residents answering at once on the embedded SQLite: every one is thanked, none fails.

The attack is plain load: 20 browsers without JavaScript, each from its own address,
go through the whole survey (front page, every page of questions, the final send,
the thank-you page) at the same time, twice each, against a real server process on
a real SQLite file in WAL mode, as ``make demo`` runs it (runserver's threads) and as
production runs it (gunicorn's worker processes). With SQLite's busy handler alone
and a 5-second busy timeout, some requests lost the race for the write lock again
and again and failed with 500 "database is locked"; writers now queue.

On PostgreSQL the same flow runs against a throwaway database on the test server.
"""

import pytest

from tests.bench.test_load_submissions import run_load_test


@pytest.mark.parametrize("server", ["runserver", "gunicorn"])
def test_twenty_residents_sending_at_once_all_get_through(server, tmp_path):
    report = run_load_test(
        tmp_path, server=server, respondents=40, clients=20, workers=2, kill=False
    )

    assert report["server_errors"] == []
    assert report["refused"] == []
    assert report["dropped"] == []
    verification = report["verification"]
    assert verification["thanked"] == verification["stored"] == 40
    assert verification["lost"] == verification["doubled"] == verification["half_written"] == []
    # The answer cells the concurrent submissions kept equal the cells counted afresh.
    assert verification["cells"] > 0
    assert verification["cells_off"] == []
    if "SQLite" in report["database"]:
        assert "journal mode wal" in report["database"]
