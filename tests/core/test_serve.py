"""trygg serve and its gunicorn settings: workers, timeouts, logs and whom to believe."""

import importlib
import os
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.core.test_settings import trygg
from trygg.core.management.commands.serve import gunicorn_argv


def gunicorn_settings(monkeypatch, **environment):
    for name in ("TRYGG_BEHIND_PROXY", "TRYGG_WEB_WORKERS", "TRYGG_FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    import trygg.gunicorn_conf

    return importlib.reload(trygg.gunicorn_conf)


def test_the_server_runs_trygg_under_gunicorn_with_its_settings_module():
    argv = gunicorn_argv(["127.0.0.1:9000"], 3)

    assert argv[:3] == [sys.executable, "-m", "gunicorn"]
    assert argv[argv.index("--config") + 1] == "python:trygg.gunicorn_conf"
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:9000"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[-1] == "trygg.wsgi:application"


def test_workers_follow_the_cpus_unless_told(monkeypatch):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    assert gunicorn_settings(monkeypatch).workers == 5
    assert gunicorn_settings(monkeypatch, TRYGG_WEB_WORKERS="3").workers == 3
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 64)
    assert gunicorn_settings(monkeypatch).workers == 12


def test_without_a_proxy_nobody_may_say_how_the_request_came(monkeypatch):
    assert gunicorn_settings(monkeypatch).forwarded_allow_ips == ""
    behind = gunicorn_settings(monkeypatch, TRYGG_BEHIND_PROXY="1")
    assert behind.forwarded_allow_ips == "127.0.0.1,::1"
    elsewhere = gunicorn_settings(
        monkeypatch, TRYGG_BEHIND_PROXY="1", TRYGG_FORWARDED_ALLOW_IPS="10.0.0.5"
    )
    assert elsewhere.forwarded_allow_ips == "10.0.0.5"


def test_requests_time_out_restarts_are_graceful_and_the_log_names_nobody(monkeypatch):
    settings = gunicorn_settings(monkeypatch)

    assert settings.timeout == 30 and settings.graceful_timeout == 30
    assert settings.worker_class == "gthread" and settings.threads >= 2
    assert settings.accesslog == "-"
    # No client address (%(h)s), referrer (%(f)s) or browser (%(a)s) in the access log.
    for field in ("%(h)s", "%(f)s", "%(a)s", "%({x-forwarded-for}i)s"):
        assert field not in settings.access_log_format
    assert settings.bind == ["127.0.0.1:8000"]


def test_serve_refuses_no_workers():
    with pytest.raises(CommandError, match="--workers måste vara minst 1"):
        call_command("serve", workers=0, no_prepare=True)


def test_worker_threads_keep_their_database_connection_and_nothing_else_does(monkeypatch):
    monkeypatch.delenv("TRYGG_DATABASE_CONN_MAX_AGE", raising=False)
    postgres = {"TRYGG_DATABASE_URL": "postgres://trygg:secret@127.0.0.1:1/trygg"}
    show = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"

    # runserver's threads live for one request: a kept connection would outlive them.
    assert trygg("shell", "--no-imports", "-c", show, TRYGG_DEBUG="1", **postgres).stdout == "0\n"
    gunicorn_settings(monkeypatch)
    assert os.environ["TRYGG_DATABASE_CONN_MAX_AGE"] == "60"
    kept = trygg(
        "shell",
        "--no-imports",
        "-c",
        show,
        TRYGG_DEBUG="1",
        TRYGG_DATABASE_CONN_MAX_AGE="60",
        **postgres,
    )
    assert kept.stdout == "60\n", kept.stderr
