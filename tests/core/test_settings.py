"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

PRODUCTION = {
    "TRYGG_SECRET_KEY": "k" * 20 + "a-long-random-production-secret-value-xyz",
    "TRYGG_ALLOWED_HOSTS": "trygg.kungsbacka.se",
    "TRYGG_DEBUG": "0",
    "TRYGG_HTTPS": "1",
}


def trygg(*args: str, **environment: str) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if not key.startswith("TRYGG_")}
    return subprocess.run(
        [sys.executable, "-m", "trygg", *args],
        env=base | {"TRYGG_DATA_DIR": os.environ.get("TMPDIR", "/tmp")} | environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = trygg("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {key: value for key, value in PRODUCTION.items() if key != "TRYGG_SECRET_KEY"}
    result = trygg("check", **environment)
    assert result.returncode != 0
    assert "TRYGG_SECRET_KEY must be set" in result.stderr


def test_the_command_accepts_hyphenated_command_names():
    result = trygg("load-municipalities", "--help", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "--dry-run" in result.stdout
