"""Fixtures of the attack tests."""

import sqlite3

import pytest
from django.db import connection, connections


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
