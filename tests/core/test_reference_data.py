"""The reference data ships inside the package: a clone of Trygg needs nothing beside it."""

import csv
import gzip
import json
from importlib import resources
from pathlib import Path

from django.conf import settings

import trygg

PACKAGE_DATA = resources.files(trygg) / "data"


def test_reference_data_is_read_from_inside_the_package():
    package_dir = Path(trygg.__file__).resolve().parent
    assert Path(settings.TRYGG_REFERENCE_DATA_DIR).resolve().is_relative_to(package_dir)


def test_all_290_municipality_borders_ship_with_the_package():
    collection = json.loads((PACKAGE_DATA / "swedish-municipalities.geojson").read_bytes())
    codes = {feature["properties"]["id"] for feature in collection["features"]}
    assert len(codes) == 290
    assert "1384" in codes


def test_the_police_events_ship_with_the_package():
    with gzip.open(PACKAGE_DATA / "polisen-events-2022-09_2026-04.jsonl.gz", "rt") as lines:
        events = [json.loads(line) for line in lines if line.strip()]
    assert len(events) == 77974
    assert {"id", "datetime", "name", "type", "location"} <= events[0].keys()


def test_the_population_of_every_municipality_ships_with_the_package():
    text = (PACKAGE_DATA / "scb-population-2024-municipalities.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 290
    kungsbacka = next(row for row in rows if row["kommun_kod"] == "1384")
    assert int(kungsbacka["population"]) > 80_000


def test_every_shipped_file_names_its_source_and_licence():
    readme = (PACKAGE_DATA / "README.md").read_text("utf-8")
    for path in PACKAGE_DATA.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme
    assert readme.count("CC0") >= 2
