"""Test-run defaults, set before Django reads its settings."""

import os

import pytest

os.environ.setdefault("TRYGG_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("TRYGG_HTTPS", "0")


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """Serve static files from the source tree in tests.

    Outside debug mode the settings use the manifest storage, whose ``{% static %}``
    needs a ``collectstatic`` run first and fails every page otherwise. Tests (and the
    live server of the browser tests) must run from a plain checkout, so they use the
    plain storage; that collectstatic itself works is a separate, explicit check.
    """
    from django.conf import settings

    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_report_header(config):
    """Say which database this run uses, so a log shows the PostgreSQL run was real."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    # SQLite runs through trygg.core.sqlite, Django's backend with a writers' queue.
    vendor = "sqlite3" if "sqlite" in db["ENGINE"] else db["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        where = "in-memory test database"
    else:
        where = f"{db.get('HOST') or 'local socket'}:{db.get('PORT') or 'default port'}, "
        where += f"test database test_{db['NAME']}"
    return f"database: {vendor} ({where})"


_databases_used: list[str] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test-database setup, noting which server really answered."""
    from django.db import connection

    with django_db_blocker.unblock():
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
        else:
            version = connection.Database.sqlite_version
        name = connection.settings_dict["NAME"]
        _databases_used.append(f"{connection.vendor} {version} ({name})")
    yield


def pytest_terminal_summary(terminalreporter):
    for used in _databases_used:
        terminalreporter.write_line(f"database used: {used}")


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction", marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _seeded_rows_after_a_flush(request):
    """Put back the rows the migrations seed, for a test that commits.

    A transactional test (threads, worker processes, the browser's live server) ends by
    emptying every table, the category taxonomy a data migration made included; the
    tests that commit run last, each after such a flush. The taxonomy is loaded again
    as the migration loads it (nothing already there changes).
    """
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from trygg.situation.models import Category, TypeMapping, normalise_type
    from trygg.situation.taxonomy import load_taxonomy

    load_taxonomy(Category, TypeMapping, normalise_type)
