"""Named places: staff name the places residents know, and map cells near one take its name."""

import threading

import h3.api.basic_int as h3_int
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import AreaFactory, MunicipalityFactory, member
from trygg.background.models import Job
from trygg.core.errors import DomainError
from trygg.geo.forms import LandmarkForm
from trygg.geo.models import Landmark
from trygg.geo.selectors import cell_names, cell_place_names
from trygg.geo.services import add_landmark, delete_landmark
from trygg.situation.models import HotspotSnapshot
from trygg.tenancy.models import Role

from .shapes import kungsbacka_border

pytestmark = pytest.mark.django_db

# Kungsbacka's travel centre, and the town square some 1.3 km south of it.
TRAVEL_CENTRE = (57.4987, 12.0735)
TOWN_SQUARE = (57.4870, 12.0760)


def cell_at(latitude: float, longitude: float) -> int:
    return h3_int.latlng_to_cell(latitude, longitude, 9)


def areas_url(municipality) -> str:
    return reverse("geo:areas", kwargs={"municipality": municipality.code})


def add_url(municipality) -> str:
    return reverse("geo:landmark_add", kwargs={"municipality": municipality.code})


@pytest.fixture
def town_area(kungsbacka):
    return AreaFactory(
        municipality=kungsbacka, name="Kungsbacka stad", geometry=kungsbacka_border()
    )


def test_a_cell_at_a_named_place_is_called_by_it_and_others_by_area_and_locality(
    kungsbacka, town_area
):
    add_landmark(kungsbacka, "Kungsbacka resecentrum", *TRAVEL_CENTRE)
    at_centre = cell_at(*TRAVEL_CENTRE)
    neighbour = h3_int.grid_ring(at_centre, 1)[0]
    square = cell_at(*TOWN_SQUARE)

    names = cell_place_names(kungsbacka, [at_centre, neighbour, square])

    assert names == [
        "Kungsbacka resecentrum",
        "Kungsbacka resecentrum",
        "Kungsbacka stad, Kungsbacka",
    ]
    at_landmark, at_square = cell_names(kungsbacka, [at_centre, square])
    assert (at_landmark.area, at_landmark.locality, at_landmark.near) == (
        "Kungsbacka stad",
        "Kungsbacka",
        "Kungsbacka resecentrum",
    )
    assert (at_square.landmark, at_square.near) == ("", "Kungsbacka")


def test_the_nearest_of_two_named_places_names_the_cell(kungsbacka):
    cell = cell_at(57.4963, 12.0752)
    latitude, longitude = h3_int.cell_to_latlng(cell)
    # 0.0009° of latitude is about 100 m: one place 100 m north, one 200 m south.
    add_landmark(kungsbacka, "Resecentrum", latitude - 0.0018, longitude)
    add_landmark(kungsbacka, "Gångtunneln vid stationen", latitude + 0.0009, longitude)

    assert cell_place_names(kungsbacka, [cell]) == ["Gångtunneln vid stationen"]


def test_a_place_further_than_the_radius_names_no_cell(kungsbacka):
    add_landmark(kungsbacka, "Resecentrum", *TRAVEL_CENTRE)
    # About 450 m north: out of its reach, so the cell has the nearest locality's name.
    assert cell_place_names(kungsbacka, [cell_at(57.5027, 12.0735)]) == ["Kungsbacka"]


def test_another_municipalitys_places_name_none_of_its_cells(kungsbacka):
    varberg = MunicipalityFactory(code="1383", name="Varberg")
    Landmark.objects.create(
        municipality=varberg, name="Fel kommun", latitude=57.4987, longitude=12.0735
    )

    # Only its own localities are left to name the cell.
    assert cell_place_names(kungsbacka, [cell_at(*TRAVEL_CENTRE)]) == ["Kungsbacka"]


@pytest.mark.parametrize("name", ["Åsa torg", "ÅSA TORG", "  åsa   torg "])
def test_one_name_in_any_case_or_spacing_is_one_place(kungsbacka, name):
    add_landmark(kungsbacka, "Åsa torg", 57.3540, 12.1205)

    with pytest.raises(DomainError, match="redan en namngiven plats som heter"):
        add_landmark(kungsbacka, name, 57.3541, 12.1206)
    assert Landmark.objects.count() == 1


def test_a_point_outside_the_municipality_is_refused_with_the_order_of_the_numbers(kungsbacka):
    # Longitude and latitude swapped: a point in the Indian Ocean.
    with pytest.raises(DomainError, match=r"ligger utanför Kungsbacka.*latituden först"):
        add_landmark(kungsbacka, "Resecentrum", 12.0735, 57.4987)
    assert not Landmark.objects.exists()


def test_an_empty_name_is_refused(kungsbacka):
    with pytest.raises(DomainError, match="Ge platsen ett namn"):
        add_landmark(kungsbacka, "   ", *TRAVEL_CENTRE)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("57.4987, 12.0735", (57.4987, 12.0735)),
        ("57,4987 12,0735", (57.4987, 12.0735)),
        ("57,4987, 12,0735", (57.4987, 12.0735)),
        ("  57.4987;12.0735 ", (57.4987, 12.0735)),
        ("57, 12", (57.0, 12.0)),
    ],
)
def test_coordinates_are_read_as_web_maps_copy_them(typed, expected):
    form = LandmarkForm({"name": "Resecentrum", "coordinates": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["coordinates"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("57.4987", "Ange två tal"),
        ("57.49 12.07 3", "Ange två tal"),
        ("resecentrum", "Ange två tal"),
        ("97.0, 12.0", "mellan -90 och 90"),
    ],
)
def test_coordinates_that_are_not_a_point_are_refused_in_swedish(typed, message):
    form = LandmarkForm({"name": "Resecentrum", "coordinates": typed})

    assert not form.is_valid()
    assert message in str(form.errors["coordinates"])


def test_a_coordinator_names_a_place_on_the_areas_page(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))

    response = client.post(
        add_url(kungsbacka),
        {"name": "Kungsbacka resecentrum", "coordinates": "57,4987, 12,0735"},
        follow=True,
    )

    landmark = Landmark.objects.get()
    assert (landmark.name, landmark.latitude, landmark.longitude) == (
        "Kungsbacka resecentrum",
        57.4987,
        12.0735,
    )
    page = response.content.decode()
    assert "Kungsbacka resecentrum är namngiven på kartorna." in page
    assert "57,49870, 12,07350" in page


def test_a_refused_place_shows_the_form_again_with_the_reason_and_what_was_typed(
    client, kungsbacka
):
    client.force_login(member(kungsbacka, Role.COORDINATOR))

    response = client.post(
        add_url(kungsbacka), {"name": "Resecentrum", "coordinates": "12.07, 57.49"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "ligger utanför Kungsbacka" in page
    assert 'value="12.07, 57.49"' in page
    assert not Landmark.objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST, Role.MODERATOR])
def test_other_roles_see_the_places_but_cannot_name_one(client, kungsbacka, role):
    add_landmark(kungsbacka, "Badhusparken", 57.4905, 12.0710)
    client.force_login(member(kungsbacka, role))

    page = client.get(areas_url(kungsbacka)).content.decode()
    refused = client.post(add_url(kungsbacka), {"name": "Torget", "coordinates": "57.487, 12.076"})

    assert "Badhusparken" in page
    assert "Namnge en plats" not in page
    assert refused.status_code == 403
    assert Landmark.objects.count() == 1


def test_a_coordinator_removes_a_place(client, kungsbacka):
    landmark = add_landmark(kungsbacka, "Badhusparken", 57.4905, 12.0710)
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    url = reverse(
        "geo:landmark_delete", kwargs={"municipality": kungsbacka.code, "pk": landmark.pk}
    )

    assert "Badhusparken" in client.get(url).content.decode()
    response = client.post(url)

    assert response["Location"] == areas_url(kungsbacka)
    assert not Landmark.objects.exists()


def test_a_place_of_another_municipality_cannot_be_removed_through_this_ones_url(
    client, kungsbacka
):
    varberg = MunicipalityFactory(code="1383", name="Varberg")
    theirs = Landmark.objects.create(
        municipality=varberg, name="Fästningen", latitude=57.1, longitude=12.2
    )
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    url = reverse("geo:landmark_delete", kwargs={"municipality": kungsbacka.code, "pk": theirs.pk})

    assert client.post(url).status_code == 404
    assert Landmark.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_queues_the_hotspots_renaming_once_committed(kungsbacka):
    HotspotSnapshot.objects.create(
        municipality=kungsbacka,
        year=2025,
        computed_at="2026-01-01T00:00Z",
        fdr=0.05,
        covering_cells=1,
    )

    landmark = add_landmark(kungsbacka, "Badhusparken", 57.4905, 12.0710)
    queued = Job.objects.filter(kind__endswith="recompute_hotspots").count()
    delete_landmark(landmark)

    assert queued == 1
    # The first recompute still waits and will read the places as they are then.
    assert Job.objects.filter(kind__endswith="recompute_hotspots").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("concurrent_db")
def test_two_coordinators_naming_one_place_at_once_make_one(kungsbacka):
    coordinators = [member(kungsbacka, Role.COORDINATOR) for _ in range(2)]
    start = threading.Barrier(2)
    statuses = []

    def name_it(user, spelling):
        try:
            client = Client()
            client.force_login(user)
            start.wait()
            response = client.post(
                add_url(kungsbacka), {"name": spelling, "coordinates": "57.49, 12.07"}
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=name_it, args=(user, spelling))
        for user, spelling in zip(coordinators, ["Ölands torg", "ölands torg"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302, 400]
    assert Landmark.objects.count() == 1
