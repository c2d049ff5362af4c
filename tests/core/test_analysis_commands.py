"""Analysis commands run on a fresh install with no configuration; serving still needs a key."""

import json
import os
import subprocess
import sys
from pathlib import Path


def _trygg(
    args: list[str], cwd: Path, *, program: list[str] | None = None, **variables: str
) -> subprocess.CompletedProcess:
    """The installed ``trygg`` command in a clean environment: no TRYGG_* variables
    but ``variables``."""
    command = program or [str(Path(sys.executable).with_name("trygg"))]
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd)}
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        env=environment | variables,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_estimate_runs_without_a_secret_key_or_a_database(tmp_path):
    (tmp_path / "svar.csv").write_text("trygg,vikt\n1,1\n0,2\n1,1\n", encoding="utf-8")

    result = _trygg(
        ["estimate", "svar.csv", "--y", "trygg", "--equals", "1", "--weight", "vikt"], tmp_path
    )

    assert result.returncode == 0, result.stderr
    [overall] = json.loads(result.stdout)
    assert overall["estimate"] == 0.5
    assert overall["n"] == 3
    # It made no database file (or anything else) where the analyst stood.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["svar.csv"]


def test_commands_that_serve_or_store_still_refuse_to_start_without_a_secret_key(tmp_path):
    result = _trygg(["check"], tmp_path)

    assert result.returncode != 0
    assert "TRYGG_SECRET_KEY must be set" in result.stderr


def test_estimate_runs_without_configuration_as_python_m_trygg_and_its_help_too(tmp_path):
    (tmp_path / "svar.csv").write_text("trygg,vikt\n1,1\n0,2\n1,1\n", encoding="utf-8")

    module = _trygg(
        ["estimate", "svar.csv", "--y", "trygg", "--weight", "vikt"],
        tmp_path,
        program=[sys.executable, "-m", "trygg"],
    )
    helped = _trygg(["help", "estimate"], tmp_path)

    assert module.returncode == 0, module.stderr
    assert json.loads(module.stdout)[0]["n"] == 3
    assert helped.returncode == 0, helped.stderr
    assert "--weight" in helped.stdout


def test_an_inherited_variable_cannot_switch_a_server_to_analysis_mode(tmp_path):
    # The attacker's (or a careless unit file's) technique: the flag that lets estimate
    # run without a key, set in the environment a server starts from.
    checked = _trygg(["check", "--deploy"], tmp_path, TRYGG_ANALYSIS_ONLY="1")
    served = _trygg(
        ["-c", "import trygg.wsgi"], tmp_path, program=[sys.executable], TRYGG_ANALYSIS_ONLY="1"
    )

    assert checked.returncode != 0
    assert "TRYGG_SECRET_KEY must be set" in checked.stderr
    assert served.returncode != 0
    assert "TRYGG_SECRET_KEY must be set" in served.stderr
