"""A municipality's areas and its border-and-areas GeoJSON, read in one place."""

import h3.api.basic_int as h3_int
import pytest

from tests.factories import AreaFactory, MunicipalityFactory
from trygg.geo.selectors import (
    area_names,
    border_and_areas,
    cell_area_names,
    cell_localities,
    municipality_areas,
)

pytestmark = pytest.mark.django_db


def test_the_areas_are_the_municipalitys_own_by_name_by_object_or_id():
    home, other = MunicipalityFactory(), MunicipalityFactory()
    onsala = AreaFactory(municipality=home, name="Onsala")
    asa = AreaFactory(municipality=home, name="Åsa")
    hede = AreaFactory(municipality=home, name="Hede")
    AreaFactory(municipality=other, name="Annanstans")

    assert list(municipality_areas(home)) == [hede, onsala, asa]
    assert list(municipality_areas(home.pk)) == [hede, onsala, asa]
    assert area_names(home) == {hede.pk: "Hede", onsala.pk: "Onsala", asa.pk: "Åsa"}


def test_the_border_comes_first_then_the_areas_as_features_of_their_kind():
    home = MunicipalityFactory(name="Kungsbacka")
    AreaFactory(municipality=home, name="Onsala")
    AreaFactory(municipality=home, name="Hede")

    features = border_and_areas(home)

    assert [(f["properties"]["kind"], f["properties"]["name"]) for f in features] == [
        ("border", "Kungsbacka"),
        ("area", "Hede"),
        ("area", "Onsala"),
    ]
    assert features[0]["geometry"] == home.border
    home.border = None
    assert [f["properties"]["kind"] for f in border_and_areas(home)] == ["area", "area"]


def test_a_cell_is_named_by_the_area_its_centre_lies_in_or_none():
    home = MunicipalityFactory(code="1384")
    AreaFactory(municipality=home, name="Kungsbacka stad")  # 12.0–12.2 E, 57.4–57.6 N
    inside = h3_int.latlng_to_cell(57.4875, 12.0762, 9)
    outside = h3_int.latlng_to_cell(57.35, 12.117, 9)

    assert cell_area_names(home, [inside, outside]) == ["Kungsbacka stad", ""]
    assert cell_area_names(home, []) == []


def test_a_cell_is_named_by_the_nearest_locality_within_two_kilometres():
    home = MunicipalityFactory(code="1384")  # the shipped localities of Kungsbacka
    travel_centre = h3_int.latlng_to_cell(57.4875, 12.0762, 9)
    near_asa = h3_int.latlng_to_cell(57.352, 12.118, 9)
    open_sea = h3_int.latlng_to_cell(57.45, 11.80, 9)

    assert cell_localities(home, [travel_centre, near_asa, open_sea]) == ["Kungsbacka", "Åsa", ""]
    assert cell_localities(MunicipalityFactory(code="9999"), [travel_centre]) == [""]
