"""trygg.core.sqlite: a process's writers queue for SQLite's write lock and are woken in turn."""

import threading
import time

import pytest
from django.db import OperationalError, connections, transaction

from trygg.core.sqlite.base import _queue_for

ALIAS = "queue_test"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A SQLite file in production's layout (WAL, IMMEDIATE) as a database of its own."""
    path = tmp_path / "queue.sqlite3"
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "ENGINE": "trygg.core.sqlite",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 1,
        },
        "TEST": {},
    }
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, who TEXT)")
        yield str(path)
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def write(who: str, hold: float = 0.0) -> None:
    try:
        with transaction.atomic(using=ALIAS):
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("INSERT INTO visit (who) VALUES (%s)", [who])
            time.sleep(hold)
    finally:
        connections[ALIAS].close()


def visits() -> list[str]:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT who FROM visit ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_writers_of_one_process_take_turns_and_all_get_through(sqlite_file):
    errors: list[Exception] = []

    def writer(number: int) -> None:
        try:
            write(f"w{number}", hold=0.03)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert sorted(visits()) == sorted(f"w{n}" for n in range(12))
    assert not _queue_for(sqlite_file).locked()


def test_a_waiting_writer_gives_up_with_a_clear_error(sqlite_file):
    holder_in = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with transaction.atomic(using=ALIAS):
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("INSERT INTO visit (who) VALUES ('holder')")
            holder_in.set()
            release.wait(10)
        connections[ALIAS].close()

    thread = threading.Thread(target=holder)
    thread.start()
    holder_in.wait(10)
    started = time.monotonic()
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            write("waiter")
        waited = time.monotonic() - started
    finally:
        release.set()
        thread.join(10)

    assert 0.9 < waited < 3
    assert visits() == ["holder"]


def test_a_rolled_back_or_closed_transaction_gives_up_its_turn(sqlite_file):
    with pytest.raises(RuntimeError), transaction.atomic(using=ALIAS):
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("INSERT INTO visit (who) VALUES ('rolled back')")
        raise RuntimeError("refused")
    assert not _queue_for(sqlite_file).locked()

    atomic = transaction.atomic(using=ALIAS)
    atomic.__enter__()
    assert _queue_for(sqlite_file).locked()
    connections[ALIAS].close()
    assert not _queue_for(sqlite_file).locked()
    atomic.__exit__(None, None, None)

    write("next")
    assert visits() == ["next"]
