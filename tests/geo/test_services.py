import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from shapely.geometry import shape

from tests.factories import MunicipalityFactory
from trygg.core.errors import ImportProblem
from trygg.geo.models import Area
from trygg.geo.services import import_areas

from .shapes import (
    BOW_TIE,
    QUADRANT_NAMES,
    STOCKHOLM_SQUARE,
    collection_bytes,
    feature,
    kungsbacka_border,
    quadrant_features,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def refused(municipality, content: bytes, **options) -> str:
    options.setdefault("name_property", "namn")
    with pytest.raises(ImportProblem) as problem:
        import_areas(municipality, content, **options)
    return problem.value.message


def test_quadrants_of_kungsbacka_are_imported_with_their_names(kungsbacka):
    result = import_areas(kungsbacka, collection_bytes(*quadrant_features()), name_property="namn")

    assert result.created == 4
    assert result.updated == 0
    assert result.names == QUADRANT_NAMES
    assert sorted(Area.objects.filter(municipality=kungsbacka).values_list("name", flat=True)) == (
        sorted(QUADRANT_NAMES)
    )


def test_imported_geometry_is_stored_as_plain_geojson(kungsbacka):
    import_areas(kungsbacka, collection_bytes(*quadrant_features()), name_property="namn")

    area = Area.objects.get(name="Nordost")
    assert area.geometry["type"] == "Polygon"
    assert shape(area.geometry).within(shape(kungsbacka_border()).buffer(1e-9))


def test_importing_the_same_file_twice_changes_nothing(kungsbacka):
    content = collection_bytes(*quadrant_features(kod="X"))
    import_areas(kungsbacka, content, name_property="namn", code_property="kod")
    before = list(Area.objects.order_by("name").values("pk", "name", "code", "geometry"))

    result = import_areas(kungsbacka, content, name_property="namn", code_property="kod")

    assert (result.created, result.updated) == (0, 4)
    assert list(Area.objects.order_by("name").values("pk", "name", "code", "geometry")) == before


def test_dry_run_reports_what_it_would_do_and_stores_nothing(kungsbacka):
    result = import_areas(
        kungsbacka, collection_bytes(*quadrant_features()), name_property="namn", dry_run=True
    )

    assert (result.created, result.updated) == (4, 0)
    assert not Area.objects.exists()


def test_code_property_is_stored_and_kept_when_a_later_import_names_none(kungsbacka):
    features = quadrant_features()
    for number, item in enumerate(features):
        item["properties"]["deso"] = f"1384A00{number}"
    import_areas(
        kungsbacka, collection_bytes(*features), name_property="namn", code_property="deso"
    )

    import_areas(kungsbacka, collection_bytes(*features), name_property="namn")

    assert Area.objects.get(name="Sydväst").code == "1384A000"


def test_areas_missing_from_a_later_file_are_kept(kungsbacka):
    import_areas(kungsbacka, collection_bytes(*quadrant_features()), name_property="namn")

    import_areas(kungsbacka, collection_bytes(*quadrant_features()[:1]), name_property="namn")

    assert Area.objects.count() == 4


def test_a_path_and_an_uploaded_file_are_read_like_bytes(kungsbacka, tmp_path):
    path = tmp_path / "omraden.geojson"
    path.write_bytes(collection_bytes(*quadrant_features()[:2]))
    upload = SimpleUploadedFile(
        "omraden.geojson", collection_bytes(*quadrant_features()[2:]), "application/geo+json"
    )

    import_areas(kungsbacka, path, name_property="namn")
    import_areas(kungsbacka, str(path), name_property="namn")
    import_areas(kungsbacka, upload, name_property="namn")

    assert Area.objects.count() == 4


def test_numeric_names_are_read_as_text(kungsbacka):
    features = quadrant_features()
    for number, item in enumerate(features, start=1):
        item["properties"]["nummer"] = number

    import_areas(kungsbacka, collection_bytes(*features), name_property="nummer")

    assert sorted(Area.objects.values_list("name", flat=True)) == ["1", "2", "3", "4"]


def test_a_district_poking_slightly_over_the_simplified_border_is_accepted(kungsbacka):
    # 0.0003° around the whole border is about 0.4 % of the area.
    slightly_larger = shape(kungsbacka_border()).buffer(0.0003)

    result = import_areas(
        kungsbacka, collection_bytes(feature(slightly_larger, namn="Hela")), name_property="namn"
    )

    assert result.created == 1


def test_a_bow_tie_is_refused_with_the_reason_and_nothing_is_imported(kungsbacka):
    content = collection_bytes(*quadrant_features(), feature(BOW_TIE, namn="Fjärilen"))

    message = refused(kungsbacka, content)

    assert message == (
        "Feature 5 (“Fjärilen”): the polygon crosses itself at longitude 12.05000, "
        "latitude 57.45000."
    )
    assert not Area.objects.exists()


def test_a_feature_in_stockholm_is_refused_by_name_and_nothing_is_imported(kungsbacka):
    content = collection_bytes(*quadrant_features(), feature(STOCKHOLM_SQUARE, namn="Gamla stan"))

    message = refused(kungsbacka, content)

    assert "Gamla stan" in message
    assert "Kungsbacka" in message
    assert "100 %" in message
    assert not Area.objects.exists()


def test_a_district_far_over_the_border_is_refused_with_the_share_outside(kungsbacka):
    too_large = shape(kungsbacka_border()).buffer(0.003)

    message = refused(kungsbacka, collection_bytes(feature(too_large, namn="För stor")))

    assert "För stor" in message
    assert "% of it is outside" in message


def test_a_feature_without_the_name_property_is_refused_by_its_number(kungsbacka):
    features = quadrant_features()
    del features[2]["properties"]["namn"]

    message = refused(kungsbacka, collection_bytes(*features))

    assert "Feature 3" in message
    assert "'namn'" in message
    assert not Area.objects.exists()


def test_a_blank_name_counts_as_missing(kungsbacka):
    features = quadrant_features()
    features[0]["properties"]["namn"] = "   "

    assert "Feature 1" in refused(kungsbacka, collection_bytes(*features))


def test_a_feature_without_the_chosen_code_property_is_refused_by_name(kungsbacka):
    features = quadrant_features(kod="A")
    del features[1]["properties"]["kod"]

    message = refused(kungsbacka, collection_bytes(*features), code_property="kod")

    assert "Sydost" in message
    assert "'kod'" in message
    assert not Area.objects.exists()


def test_duplicate_names_are_refused_naming_both_features(kungsbacka):
    features = quadrant_features()
    features[3]["properties"]["namn"] = "Sydväst"

    message = refused(kungsbacka, collection_bytes(*features))

    assert "Sydväst" in message
    assert "features 1 and 4" in message
    assert not Area.objects.exists()


def test_a_point_is_refused_as_not_a_polygon(kungsbacka):
    point = {"type": "Point", "coordinates": [12.0, 57.45]}

    message = refused(kungsbacka, collection_bytes(feature(point, namn="Torget")))

    assert "Torget" in message
    assert "Point" in message


def test_a_feature_without_geometry_is_refused(kungsbacka):
    message = refused(kungsbacka, collection_bytes(feature(None, namn="Tomt")))

    assert "Tomt" in message
    assert "geometry" in message


def test_an_unclosed_ring_is_refused_as_unreadable(kungsbacka):
    broken = {"type": "Polygon", "coordinates": [[[12.0, 57.4], [12.1, 57.4]]]}

    assert "Trasig" in refused(kungsbacka, collection_bytes(feature(broken, namn="Trasig")))


def test_sweref99_coordinates_are_refused_with_a_hint_to_convert(kungsbacka):
    sweref = {
        "type": "Polygon",
        "coordinates": [
            [[320000, 6370000], [321000, 6370000], [321000, 6371000], [320000, 6370000]]
        ],
    }

    message = refused(kungsbacka, collection_bytes(feature(sweref, namn="Centrum")))

    assert "Centrum" in message
    assert "WGS 84" in message


def test_a_file_declaring_another_coordinate_system_is_refused(kungsbacka):
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
        "features": quadrant_features(),
    }

    message = refused(kungsbacka, json.dumps(collection).encode())

    assert "EPSG::3006" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"this is not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b'{"type": "Feature", "geometry": null}', "not a GeoJSON FeatureCollection"),
        (b"[1, 2, 3]", "not a GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": {}}', "no list of features"),
        (b'{"type": "FeatureCollection", "features": []}', "no features"),
        (b'{"type": "FeatureCollection", "features": ["Onsala"]}', "Feature 1 is not"),
    ],
)
def test_a_broken_file_is_refused_with_a_specific_message(kungsbacka, content, expected):
    assert expected in refused(kungsbacka, content)
    assert not Area.objects.exists()


def test_a_missing_file_is_refused(kungsbacka, tmp_path):
    message = refused(kungsbacka, tmp_path / "finns-inte.geojson")

    assert "does not exist" in message


def test_a_municipality_without_a_border_cannot_take_areas(db):
    municipality = MunicipalityFactory(border=None)

    assert "no border" in refused(municipality, collection_bytes(*quadrant_features()))


def test_a_failed_import_leaves_earlier_areas_untouched(kungsbacka):
    import_areas(kungsbacka, collection_bytes(*quadrant_features()), name_property="namn")
    before = list(Area.objects.order_by("name").values("pk", "name", "code", "geometry"))
    features = quadrant_features()
    features[0]["geometry"] = STOCKHOLM_SQUARE

    refused(kungsbacka, collection_bytes(*features))

    assert list(Area.objects.order_by("name").values("pk", "name", "code", "geometry")) == before


def test_an_empty_feature_collection_keeps_every_area(kungsbacka):
    import_areas(kungsbacka, collection_bytes(*quadrant_features()), name_property="namn")
    before = list(Area.objects.order_by("name").values("pk", "name", "code", "geometry"))

    message = refused(kungsbacka, collection_bytes())

    assert message == (
        "The file has no features; nothing was imported and the existing areas are kept."
    )
    assert list(Area.objects.order_by("name").values("pk", "name", "code", "geometry")) == before


# What people really upload, and what they read back, in Swedish: the feature or the
# line named, no English library text.
LATIN_1_FILE = '{"type": "FeatureCollection",\n "features": [{"namn": "Åsa"}]}'.encode("latin-1")
MISSING_COMMA = b'{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature"}\n  {}]}'
RING = [[12.0, 57.40], [12.1, 57.40], [12.1, 57.45], [12.0, 57.45], [12.0, 57.40]]
SWEDISH_PROBLEMS = {
    "empty file": (b"", "Filen är inte giltig JSON: filen är tom."),
    "not json": (
        b"namn;kod\nOnsala;1\n",
        "Filen är inte giltig JSON: ett värde saknas: ett objekt, en lista, en text inom "
        "citattecken eller ett tal (rad 1, tecken 1).",
    ),
    "missing comma": (
        MISSING_COMMA,
        "Filen är inte giltig JSON: ett kommatecken saknas (rad 4, tecken 3).",
    ),
    "trailing comma": (
        b'{"type": "FeatureCollection", "features": [],}',
        "Filen är inte giltig JSON: ett kommatecken för mycket står före slutet av ett "
        "objekt (rad 1, tecken 45).",
    ),
    "windows-1252": (
        LATIN_1_FILE,
        "Filen är inte giltig JSON: filen är inte text i UTF-8: byten 0xc5 kan inte läsas "
        "(rad 2, tecken 25). Spara filen som UTF-8.",
    ),
    "deep nesting": (
        b"[" * 100_000 + b"]" * 100_000,
        "Filen är inte giltig JSON: filen har listor eller objekt i för många nivåer "
        "inuti varandra för att kunna läsas.",
    ),
    "NaN": (
        b'{"type": "FeatureCollection", "features": [NaN]}',
        "Filen är inte giltig JSON: filen innehåller NaN, som inte är ett tal i JSON.",
    ),
    "self-intersection": (
        collection_bytes(*quadrant_features(), feature(BOW_TIE, namn="Onsala")),
        "Område nr 5 (”Onsala”): polygonen korsar sig själv vid longitud 12,05000, "
        "latitud 57,45000.",
    ),
    "hole outside": (
        collection_bytes(
            feature(
                {
                    "type": "Polygon",
                    "coordinates": [
                        RING,
                        [[12.2, 57.6], [12.21, 57.6], [12.21, 57.61], [12.2, 57.6]],
                    ],
                },
                namn="Åsa",
            )
        ),
        "Område nr 1 (”Åsa”): ett hål ligger utanför polygonen vid longitud 12,20000, "
        "latitud 57,60000.",
    ),
    "no geometry": (
        collection_bytes(feature(None, namn="Tomt")),
        "Område nr 1 (”Tomt”): geometrin saknas.",
    ),
    "coordinates as text": (
        collection_bytes(feature({"type": "Polygon", "coordinates": [["a", "b"]]}, namn="Fel")),
        "Område nr 1 (”Fel”): koordinaterna kan inte läsas; varje punkt ska vara ett par "
        "tal, longitud och latitud.",
    ),
    "two points": (
        collection_bytes(
            feature(
                {"type": "Polygon", "coordinates": [[[12.0, 57.4], [12.1, 57.4]]]}, namn="Trasig"
            )
        ),
        "Område nr 1 (”Trasig”): en kontur i polygonen har färre än tre olika punkter.",
    ),
    "empty collection": (
        collection_bytes(),
        "Filen innehåller inga objekt. Inget importerades och de befintliga områdena finns kvar.",
    ),
}


@pytest.mark.parametrize("case", SWEDISH_PROBLEMS)
def test_an_import_problem_is_said_in_swedish_naming_the_line_or_feature(kungsbacka, case):
    content, expected = SWEDISH_PROBLEMS[case]

    with translation.override("sv"):
        message = refused(kungsbacka, content)

    assert message == expected
    assert not Area.objects.exists()
