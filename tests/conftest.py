import io
import signal
import sqlite3

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import translation

from tests.factories import AreaFactory, MunicipalityFactory

WORKER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throwaway folder, never the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test users' passwords cheaply; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _swedish_to_begin_with():
    """Each test starts in Swedish, the interface's first language.

    A request in English activates English in the thread and leaves it there, so code
    a later test runs outside a request (a command, a service's message) would speak
    English; the override puts back what was active before it, request or not.
    """
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def english(client):
    """Run in English, for tests that check a message's content rather than its language.

    Both the test's own code and the pages the test client asks for are in English.
    """
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def kungsbacka(db):
    """Kungsbacka (1384), the demo's municipality, as most tests need one."""
    return MunicipalityFactory(name="Kungsbacka", code="1384", slug="kungsbacka")


@pytest.fixture
def onsala(kungsbacka):
    """Onsala, a district of Kungsbacka."""
    return AreaFactory(municipality=kungsbacka, name="Onsala")


@pytest.fixture
def run_tasks(monkeypatch):
    """Work off the task queue: a real pass of the background worker, in this process.

    ``db_worker --batch`` claims each queued task, runs it and records its result, as
    ``trygg worker`` does beside the server. Only its recycling of database
    connections between tasks is left out: inside a test the connection holds the
    test's transaction, which closing it would end. (The worker as it runs in
    production, connection recycling and all, is tested in tests/background.)
    """
    from django.core.management import call_command

    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run() -> None:
        handlers = {signum: signal.getsignal(signum) for signum in WORKER_SIGNALS}
        try:
            # Its own output: db_worker hangs its log handler on the first stream it
            # is given, which must not be a test's captured stdout, closed after it.
            call_command(
                "db_worker",
                batch=True,
                reload=False,
                startup_delay=False,
                verbosity=0,
                stdout=io.StringIO(),
            )
        finally:
            # The worker takes over Ctrl-C; give it back to pytest.
            for signum, handler in handlers.items():
                signal.signal(signum, handler)

    return run


@pytest.fixture
def concurrent_db(transactional_db, tmp_path):
    """A database that several connections can write at once, as in production.

    On PostgreSQL that is the test database itself. SQLite's in-memory test database
    is shared between connections with table locks that make every concurrent writer
    fail at once ("database table is locked") instead of waiting, which no deployment
    has: there, the test database is copied to a file in WAL mode (production's
    layout) and every connection of the test, the threads' too, uses the file.
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory_name = connection.settings_dict["NAME"]
    # Keeps the in-memory database alive while no Django connection points at it.
    keepalive = sqlite3.connect(memory_name, uri=True)
    path = str(tmp_path / "concurrent.sqlite3")
    target = sqlite3.connect(path)
    keepalive.backup(target)
    target.close()
    connection.settings_dict["NAME"] = path
    connection.connection.close()
    connection.connection = None
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = memory_name
        connection.ensure_connection()
        keepalive.close()
        assert connections["default"].settings_dict["NAME"] == memory_name
