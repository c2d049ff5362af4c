"""The operator edits the taxonomy's mapping in Django admin; incidents follow it."""

import pytest

from tests.factories import UserFactory
from trygg.situation.models import Category, Incident, TypeMapping
from trygg.situation.services import import_police_events

from .conftest import event, json_lines, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(username="drift", is_staff=True, is_superuser=True))


def test_moving_a_type_to_another_category_moves_its_incidents(
    client, operator, municipalities, tmp_path
):
    import_police_events(write(tmp_path, json_lines([event(id=1, type="Djur")])))
    mapping = TypeMapping.objects.get(type_key="djur")
    public_order = Category.objects.get(key="public_order")

    response = client.post(
        f"/admin/situation/typemapping/{mapping.pk}/change/",
        {"source_kind": "police_events", "type_label": "Djur", "category": public_order.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 händelse av typen ”Djur” har nu kategorin Ordningsstörningar och berusning." in (
        response.text
    )
    assert Incident.objects.get().category == public_order


def test_incidents_are_shown_and_never_edited(client, operator, municipalities, tmp_path):
    import_police_events(write(tmp_path, json_lines([event(id=1)])))
    incident = Incident.objects.get()

    assert client.get("/admin/situation/incident/").status_code == 200
    assert client.get(f"/admin/situation/incident/{incident.pk}/change/").status_code == 200
    assert client.get("/admin/situation/incident/add/").status_code == 403
    assert client.get("/admin/situation/typemapping/").status_code == 200
    assert client.get("/admin/situation/importrun/").status_code == 200


def test_a_second_mapping_of_a_type_is_refused_in_swedish(client, operator):
    response = client.post(
        "/admin/situation/typemapping/add/",
        {
            "source_kind": "police_events",
            "type_label": "rån, ÖVRIGT",
            "category": Category.objects.get(key="other").pk,
        },
    )

    assert response.status_code == 200
    assert "Den här typen har redan en kategori; ändra den kopplingen." in response.text
    assert TypeMapping.objects.filter(type_key="rån övrigt").count() == 1


def test_a_new_mapping_is_added_by_its_type_as_written(client, operator):
    client.post(
        "/admin/situation/typemapping/add/",
        {
            "source_kind": "police_events",
            "type_label": "Drönare, otillåten",
            "category": Category.objects.get(key="public_order").pk,
        },
    )

    assert TypeMapping.objects.get(type_key="drönare otillåten").category.key == "public_order"
