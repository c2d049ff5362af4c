import json
from pathlib import Path

import pytest
from django.conf import settings

from trygg.core.errors import ImportProblem
from trygg.geo.services import load_municipalities
from trygg.tenancy.models import Municipality

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TRIANGLE = {
    "type": "Polygon",
    "coordinates": [[[12.0, 57.4], [12.2, 57.4], [12.1, 57.6], [12.0, 57.4]]],
}
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[12.0, 57.4], [12.1, 57.5], [12.1, 57.4], [12.0, 57.5], [12.0, 57.4]]],
}


def real_file() -> Path:
    return Path(settings.TRYGG_REFERENCE_DATA_DIR) / "swedish-municipalities.geojson"


def municipality_feature(code="1384", name="Kungsbacka", geometry=TRIANGLE, **extra):
    properties = {"id": code, "kom_namn": name, "lan_code": code[:2], **extra}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write(tmp_path, content) -> Path:
    path = tmp_path / "kommuner.geojson"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def refused(tmp_path, content) -> str:
    with pytest.raises(ImportProblem) as problem:
        load_municipalities(write(tmp_path, content))
    assert not Municipality.objects.exists()
    return problem.value.message


def test_the_real_file_gives_all_290_municipalities_with_kungsbacka():
    result = load_municipalities(real_file())

    assert (result.created, result.updated) == (290, 0)
    assert Municipality.objects.count() == 290
    kungsbacka = Municipality.objects.get(code="1384")
    assert kungsbacka.name == "Kungsbacka"
    assert kungsbacka.county_code == "13"
    assert kungsbacka.border["type"] in {"Polygon", "MultiPolygon"}


def test_loading_the_real_file_twice_changes_nothing():
    load_municipalities(real_file())
    before = list(Municipality.objects.order_by("code").values())

    result = load_municipalities(real_file())

    assert (result.created, result.updated) == (0, 290)
    assert list(Municipality.objects.order_by("code").values()) == before


def test_municipalities_with_the_same_name_but_for_accents_both_load():
    # Håbo (0305) and Habo (0643) are two municipalities; their web addresses must differ.
    load_municipalities(real_file())

    slugs = {Municipality.objects.get(code=code).slug for code in ("0305", "0643")}

    assert len(slugs) == 2


def test_a_dry_run_reports_and_stores_nothing(tmp_path):
    result = load_municipalities(write(tmp_path, collection(municipality_feature())), dry_run=True)

    assert (result.created, result.updated) == (1, 0)
    assert not Municipality.objects.exists()


def test_a_later_load_updates_a_renamed_municipality(tmp_path):
    load_municipalities(write(tmp_path, collection(municipality_feature(name="Kungsbaka"))))

    result = load_municipalities(write(tmp_path, collection(municipality_feature())))

    assert (result.created, result.updated) == (0, 1)
    assert Municipality.objects.get(code="1384").name == "Kungsbacka"


def test_a_file_that_is_not_json_is_refused(tmp_path):
    assert "not valid GeoJSON" in refused(tmp_path, b"kommunkod;namn\n1384;Kungsbacka\n")


def test_a_file_that_is_not_a_feature_collection_is_refused(tmp_path):
    assert "not a GeoJSON FeatureCollection" in refused(tmp_path, municipality_feature())


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ImportProblem, match="does not exist"):
        load_municipalities(tmp_path / "finns-inte.geojson")


def test_a_feature_without_a_code_is_refused_by_name(tmp_path):
    features = collection(
        municipality_feature(code="1380", name="Halmstad"), municipality_feature(code="")
    )

    message = refused(tmp_path, features)

    assert "Kungsbacka" in message
    assert "municipality code" in message


def test_a_code_that_is_not_four_digits_is_refused(tmp_path):
    assert "four-digit" in refused(tmp_path, collection(municipality_feature(code="138")))


def test_a_feature_without_a_name_is_refused_by_number(tmp_path):
    message = refused(tmp_path, collection(municipality_feature(name="")))

    assert message == "Municipality no. 1 has no name in 'kom_namn'."


def test_a_code_twice_is_refused(tmp_path):
    message = refused(tmp_path, collection(municipality_feature(), municipality_feature()))

    assert "1384" in message


def test_an_invalid_border_is_refused_and_the_valid_ones_before_it_are_not_stored(tmp_path):
    features = collection(
        municipality_feature(code="1380", name="Halmstad"),
        municipality_feature(geometry=BOW_TIE),
    )

    message = refused(tmp_path, features)

    assert message.startswith("Municipality no. 2 (“Kungsbacka”): the polygon crosses itself at ")
    assert not Municipality.objects.exists()


def test_a_feature_without_geometry_is_refused(tmp_path):
    message = refused(tmp_path, collection(municipality_feature(geometry=None)))

    assert "Kungsbacka" in message
