"""What a map draws without a base map: neighbours, border, areas and localities."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from shapely.geometry import Point, box, shape

from tests.factories import AreaFactory, MunicipalityFactory
from tests.geo.shapes import kungsbacka_border
from trygg.geo.models import Neighbour
from trygg.geo.neighbours import CONTEXT_MARGIN, neighbour_outlines
from trygg.geo.selectors import base_map, localities
from trygg.geo.services import load_municipalities


def real_borders() -> dict[str, dict]:
    path = Path(settings.TRYGG_REFERENCE_DATA_DIR) / "swedish-municipalities.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["kom_namn"]: f["geometry"] for f in features}


def test_kungsbacka_borders_its_real_neighbours_and_no_one_further_away():
    outlines = neighbour_outlines(real_borders())

    names = {name for name, _ in outlines["Kungsbacka"]}
    assert {"Varberg", "Mark", "Mölndal", "Göteborg"} <= names
    assert not names & {"Falkenberg", "Borås", "Stockholm", "Kungsbacka"}
    # Symmetric: Varberg sees Kungsbacka too.
    assert "Kungsbacka" in {name for name, _ in outlines["Varberg"]}


def test_a_neighbours_outline_is_cut_to_the_surroundings_of_the_border():
    borders = real_borders()
    outlines = dict(neighbour_outlines(borders)["Kungsbacka"])

    frame = box(*shape(borders["Kungsbacka"]).bounds).buffer(
        CONTEXT_MARGIN + 0.002, join_style="mitre"
    )
    varberg = shape(outlines["Varberg"])
    assert varberg.is_valid and frame.contains(varberg)
    assert varberg.area < shape(borders["Varberg"]).area


def test_an_island_municipality_has_no_neighbours():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    far = {"type": "Polygon", "coordinates": [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]}
    assert neighbour_outlines({"a": square, "b": far}) == {"a": [], "b": []}


@pytest.mark.django_db
def test_loading_the_municipalities_stores_their_neighbours():
    path = Path(settings.TRYGG_REFERENCE_DATA_DIR) / "swedish-municipalities.geojson"
    load_municipalities(path)

    kungsbacka = Neighbour.objects.filter(municipality__code="1384")
    assert {"Varberg", "Mark", "Mölndal", "Göteborg"} <= set(
        kungsbacka.values_list("neighbour__name", flat=True)
    )
    assert Neighbour.objects.filter(municipality__code="0180", neighbour__code="1384").count() == 0


def test_every_kungsbacka_locality_lies_inside_its_border():
    border = shape(kungsbacka_border())
    places = localities(MunicipalityFactory.build(code="1384"))
    assert {"Kungsbacka", "Onsala", "Kullavik", "Särö", "Åsa", "Frillesås"} <= {
        place.name for place in places
    }
    for place in places:
        assert border.contains(Point(place.longitude, place.latitude)), place.name


@pytest.mark.django_db
def test_the_base_map_draws_neighbours_beneath_and_localities_on_top():
    home = MunicipalityFactory(code="1384", name="Kungsbacka", border=kungsbacka_border())
    varberg = MunicipalityFactory(code="1383", name="Varberg")
    Neighbour.objects.create(municipality=home, neighbour=varberg, outline=kungsbacka_border())
    AreaFactory(municipality=home, name="Onsala")

    features = base_map(home)

    kinds = [f["properties"]["kind"] for f in features]
    assert kinds[:3] == ["neighbour", "border", "area"]
    assert set(kinds[3:]) == {"locality"}
    assert features[0]["properties"]["name"] == "Varberg"
    onsala = next(
        f
        for f in features
        if f["properties"]["name"] == "Onsala" and f["properties"]["kind"] == "locality"
    )
    assert onsala["geometry"] == {"type": "Point", "coordinates": [12.02, 57.42]}


@pytest.mark.django_db
def test_a_municipality_without_localities_gets_none():
    assert localities(MunicipalityFactory(code="0180")) == ()
