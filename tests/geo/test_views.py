import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import AreaFactory, MunicipalityFactory, UserFactory, member
from trygg.geo.models import Area
from trygg.tenancy.models import Role

from .shapes import STOCKHOLM_SQUARE, collection_bytes, feature, quadrant_features

pytestmark = pytest.mark.django_db


def list_url(municipality) -> str:
    return reverse("geo:areas", kwargs={"municipality": municipality.code})


def import_url(municipality) -> str:
    return reverse("geo:import", kwargs={"municipality": municipality.code})


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("omraden.geojson", content, "application/geo+json")


def test_the_urls_are_under_staff_and_the_municipality_code(kungsbacka):
    assert list_url(kungsbacka) == "/staff/1384/omraden/"
    assert import_url(kungsbacka) == "/staff/1384/omraden/importera/"


@pytest.mark.parametrize("role", list(Role))
def test_every_member_sees_the_list_of_areas(client, kungsbacka, role):
    AreaFactory(municipality=kungsbacka, name="Onsala", code="1384A0010")
    client.force_login(member(kungsbacka, role))

    response = client.get(list_url(kungsbacka))

    assert response.status_code == 200
    assert "Onsala" in response.text
    assert "1384A0010" in response.text


def test_a_coordinator_is_offered_the_import_and_a_viewer_is_not(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    assert import_url(kungsbacka) in client.get(list_url(kungsbacka)).text

    client.force_login(member(kungsbacka, Role.VIEWER))
    assert import_url(kungsbacka) not in client.get(list_url(kungsbacka)).text


def test_the_list_shows_no_area_of_another_municipality(client, kungsbacka):
    AreaFactory(municipality=MunicipalityFactory(), name="Främmande område")
    client.force_login(member(kungsbacka, Role.VIEWER))

    assert "Främmande område" not in client.get(list_url(kungsbacka)).text


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST, Role.MODERATOR])
def test_a_member_without_editing_rights_gets_403_on_import(client, kungsbacka, role):
    client.force_login(member(kungsbacka, role))

    assert client.get(import_url(kungsbacka)).status_code == 403
    response = client.post(
        import_url(kungsbacka),
        {"file": upload(collection_bytes(*quadrant_features())), "name_property": "namn"},
    )
    assert response.status_code == 403
    assert not Area.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_a_coordinator_imports_a_file_and_returns_to_the_list(client, kungsbacka, role):
    client.force_login(member(kungsbacka, role))

    response = client.post(
        import_url(kungsbacka),
        {"file": upload(collection_bytes(*quadrant_features())), "name_property": "namn"},
        follow=True,
    )

    assert response.redirect_chain == [(list_url(kungsbacka), 302)]
    assert Area.objects.filter(municipality=kungsbacka).count() == 4
    assert "Nordost" in response.text
    assert [str(message) for message in response.context["messages"]]


def test_the_import_form_has_a_labelled_file_field(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))

    response = client.get(import_url(kungsbacka))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert '<label for="id_file"' in response.text
    assert '<label for="id_name_property"' in response.text


def test_an_import_problem_is_shown_as_a_form_error_and_nothing_is_stored(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    content = collection_bytes(*quadrant_features(), feature(STOCKHOLM_SQUARE, namn="Gamla stan"))

    response = client.post(
        import_url(kungsbacka), {"file": upload(content), "name_property": "namn"}
    )

    assert response.status_code == 200
    assert "Gamla stan" in str(response.context["form"].non_field_errors())
    assert 'class="errorlist' in response.text
    assert not Area.objects.exists()


def test_the_import_problem_is_explained_in_swedish(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    content = collection_bytes(feature(STOCKHOLM_SQUARE, namn="Gamla stan"))

    response = client.post(
        import_url(kungsbacka), {"file": upload(content), "name_property": "namn"}
    )

    assert "Området ”Gamla stan” ligger utanför Kungsbacka" in response.text


def test_the_import_needs_a_file_and_a_name_property(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))

    response = client.post(import_url(kungsbacka), {})

    assert set(response.context["form"].errors) == {"file", "name_property"}


def test_a_file_over_the_upload_limit_is_refused(client, kungsbacka, settings):
    settings.TRYGG_MAX_UPLOAD_BYTES = 100
    client.force_login(member(kungsbacka, Role.COORDINATOR))

    response = client.post(
        import_url(kungsbacka),
        {"file": upload(collection_bytes(*quadrant_features())), "name_property": "namn"},
    )

    assert "file" in response.context["form"].errors
    assert not Area.objects.exists()


def test_another_municipalitys_coordinator_gets_404(client, kungsbacka):
    client.force_login(member(MunicipalityFactory(code="1380", name="Halmstad"), Role.COORDINATOR))

    assert client.get(list_url(kungsbacka)).status_code == 404
    assert client.get(import_url(kungsbacka)).status_code == 404
    response = client.post(
        import_url(kungsbacka),
        {"file": upload(collection_bytes(*quadrant_features())), "name_property": "namn"},
    )
    assert response.status_code == 404
    assert not Area.objects.exists()


def test_a_user_without_membership_gets_404(client, kungsbacka):
    client.force_login(UserFactory())

    assert client.get(list_url(kungsbacka)).status_code == 404


def test_an_unknown_municipality_code_gets_404(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))

    assert client.get(reverse("geo:areas", kwargs={"municipality": "9999"})).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, kungsbacka):
    for url in (list_url(kungsbacka), import_url(kungsbacka)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_empty_file_through_the_upload_page_keeps_the_areas_and_says_so(client, kungsbacka):
    areas = [AreaFactory(municipality=kungsbacka, name=name) for name in ("Onsala", "Åsa")]
    client.force_login(member(kungsbacka, Role.COORDINATOR))

    response = client.post(
        import_url(kungsbacka), {"file": upload(collection_bytes()), "name_property": "namn"}
    )

    assert response.status_code == 200
    assert (
        "Filen innehåller inga objekt. Inget importerades och de befintliga områdena finns kvar."
        in response.text
    )
    assert set(Area.objects.filter(municipality=kungsbacka)) == set(areas)


def test_a_broken_upload_names_the_line_in_swedish(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    content = b'{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature"}\n  {}]}'

    response = client.post(
        import_url(kungsbacka), {"file": upload(content), "name_property": "namn"}
    )

    assert "Filen är inte giltig JSON: ett kommatecken saknas (rad 4, tecken 3)." in response.text
    assert "Expecting" not in response.text
