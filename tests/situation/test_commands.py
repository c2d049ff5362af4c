"""``trygg import-events``: a thin command over the import, in Swedish or as JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from trygg.situation.models import Incident

from .conftest import event, json_lines, write

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_events", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_prints_the_summary_with_the_issues_keys(municipalities, tmp_path):
    path = write(
        tmp_path,
        json_lines([event(id=1), event(id=2, type="Sammanfattning natt"), event(id=3, type="")]),
    )

    summary = json.loads(run(path, "--json"))

    assert summary == {
        "read": 3,
        "imported": 1,
        "already_present": 0,
        "summaries": 1,
        "county_only": 0,
        "rejected": [{"line": 3, "reason": "händelsen har ingen typ"}],
        "per_municipality": {"1383": 1},
        "new_types": [],
        "dry_run": False,
    }
    assert json.loads(run(path, "--json"))["already_present"] == 1


def test_the_summary_is_in_swedish_and_names_each_rejected_line(municipalities, tmp_path):
    path = write(tmp_path, json_lines([event(id=1), event(id=2, location={"name": "Atlantis"})]))

    printed = run(path)

    assert "Importerade 1 händelse av 2 lästa" in printed
    assert "Rad 2: platsen ”Atlantis” är varken en kommun eller ett län." in printed


def test_a_dry_run_says_so_and_stores_nothing(municipalities, tmp_path):
    printed = run(write(tmp_path, json_lines([event()])), "--dry-run")

    assert "Skulle importera 1 händelse av 1 lästa" in printed
    assert "Inget sparades (provkörning)." in printed
    assert not Incident.objects.exists()


def test_an_unreadable_file_is_an_error_in_swedish(municipalities, tmp_path):
    path = write(tmp_path, b"\x1f\x8b\x08\x00trasig", "trasig.gz")

    with pytest.raises(CommandError, match="Filen kan inte läsas: gzip-filen"):
        run(path)
