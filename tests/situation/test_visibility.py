"""Which incidents a member of staff reaches: their municipalities' and their counties'."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import MunicipalityFactory, UserFactory, member
from trygg.situation.models import Category, Incident, Source

pytestmark = pytest.mark.django_db


def incident(number: int, municipality, county_code: str) -> Incident:
    return Incident.objects.create(
        source=Source.objects.get_or_create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")[0],
        external_id=str(number),
        municipality=municipality,
        county_code=county_code,
        occurred_at=dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC),
        type="Misshandel",
        type_key="misshandel",
        category=Category.objects.get(key="violence"),
        precision=Incident.Precision.COUNTY
        if municipality is None
        else Incident.Precision.MUNICIPALITY,
    )


def test_a_member_sees_their_municipality_and_its_county_level_events_only():
    kungsbacka = MunicipalityFactory(code="1384", name="Kungsbacka", county_code="13")
    varberg = MunicipalityFactory(code="1383", name="Varberg", county_code="13")
    lund = MunicipalityFactory(code="1281", name="Lund", county_code="12")
    own, neighbours, halland, skane = (
        incident(1, kungsbacka, "13"),
        incident(2, varberg, "13"),
        incident(3, None, "13"),
        incident(4, None, "12"),
    )
    incident(5, lund, "12")
    coordinator = member(kungsbacka)
    assert set(Incident.objects.visible_to(coordinator)) == {own, halland}
    assert neighbours not in Incident.objects.visible_to(coordinator)
    assert skane in Incident.objects.visible_to(member(lund))
    assert not Incident.objects.visible_to(AnonymousUser()).exists()
    assert not Incident.objects.visible_to(UserFactory()).exists()
