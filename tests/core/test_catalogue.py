"""The committed translation catalogues are complete and compiled from their sources.

Django reads the binary ``.mo``, people edit the ``.po``: a ``.po`` changed without
``make messages`` (or a ``.mo`` from an older ``.po``) would ship text nobody sees.
"""

import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "trygg" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_there_is_a_swedish_catalogue():
    assert LOCALE / "sv" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("source", CATALOGUES, ids=lambda path: path.parts[-3])
def test_the_committed_mo_is_the_compiled_po(source, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(source)], check=True)

    assert compiled.read_bytes() == source.with_suffix(".mo").read_bytes()


@pytest.mark.parametrize("source", CATALOGUES, ids=lambda path: path.parts[-3])
@pytest.mark.parametrize("which", ["--untranslated", "--only-fuzzy"])
def test_every_message_is_translated(source, which):
    left = subprocess.run(
        ["msgattrib", which, "--no-obsolete", str(source)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    assert "msgid" not in left, left
