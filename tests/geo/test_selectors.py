"""A municipality's areas and its border-and-areas GeoJSON, read in one place."""

import pytest

from tests.factories import AreaFactory, MunicipalityFactory
from trygg.geo.selectors import area_names, border_and_areas, municipality_areas

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
