import json
from pathlib import Path

import pytest
from django.conf import settings

from trygg.demo.kungsbacka import MUNICIPALITY_CODE


def shared_municipalities_file() -> Path:
    return Path(settings.TRYGG_REFERENCE_DATA_DIR) / "swedish-municipalities.geojson"


def kungsbacka_feature() -> dict:
    """Kungsbacka's feature, with its real border, from the shipped reference data."""
    collection = json.loads(shared_municipalities_file().read_text(encoding="utf-8"))
    return next(
        feature
        for feature in collection["features"]
        if str(feature["properties"]["id"]) == MUNICIPALITY_CODE
    )


@pytest.fixture
def kungsbacka_border() -> dict:
    return kungsbacka_feature()["geometry"]


@pytest.fixture
def kungsbacka_file(tmp_path) -> Path:
    """A municipalities file with only Kungsbacka, so a test does not load all 290."""
    path = tmp_path / "kungsbacka.geojson"
    collection = {"type": "FeatureCollection", "features": [kungsbacka_feature()]}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The demo hashes its password on every load; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
