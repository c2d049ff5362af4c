import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from trygg.tenancy.models import Municipality

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KUNGSBACKA = {
    "type": "Feature",
    "properties": {"id": "1384", "kom_namn": "Kungsbacka", "lan_code": "13"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[12.0, 57.4], [12.2, 57.4], [12.1, 57.6], [12.0, 57.4]]],
    },
}


def write(path, *features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


def test_load_municipalities_reads_the_given_file_and_summarises(tmp_path):
    out = io.StringIO()

    call_command("load_municipalities", str(write(tmp_path / "k.geojson", KUNGSBACKA)), stdout=out)

    assert Municipality.objects.get(code="1384").name == "Kungsbacka"
    assert "1" in out.getvalue()


def test_load_municipalities_defaults_to_the_shared_data_folder(tmp_path, settings):
    write(tmp_path / "swedish-municipalities.geojson", KUNGSBACKA)
    settings.TRYGG_REFERENCE_DATA_DIR = tmp_path

    call_command("load_municipalities", stdout=io.StringIO())

    assert Municipality.objects.filter(code="1384").exists()


def test_load_municipalities_dry_run_stores_nothing(tmp_path):
    out = io.StringIO()

    call_command(
        "load_municipalities",
        str(write(tmp_path / "k.geojson", KUNGSBACKA)),
        "--dry-run",
        stdout=out,
    )

    assert not Municipality.objects.exists()
    assert "dry run" in out.getvalue()


def test_load_municipalities_turns_a_problem_into_a_command_error(tmp_path):
    broken = tmp_path / "trasig.geojson"
    broken.write_text("inte json")

    with pytest.raises(CommandError, match="not valid GeoJSON"):
        call_command("load_municipalities", str(broken))
    assert not Municipality.objects.exists()


def test_load_municipalities_names_a_missing_default_file(tmp_path, settings):
    settings.TRYGG_REFERENCE_DATA_DIR = tmp_path

    with pytest.raises(CommandError, match=r"swedish-municipalities\.geojson"):
        call_command("load_municipalities")


def test_a_bad_file_is_explained_in_swedish_on_the_command_line(tmp_path):
    bad = tmp_path / "kommuner.geojson"
    bad.write_text("kommunkod;namn\n", encoding="utf-8")
    with translation.override("sv"), pytest.raises(CommandError, match="är inte giltig GeoJSON"):
        call_command("load_municipalities", str(bad))
