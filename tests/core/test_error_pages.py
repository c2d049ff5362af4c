"""Error pages in production (DEBUG off): the site's layout, the reader's language, a way on."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import AreaFactory, MunicipalityFactory, member
from trygg.core.error_pages import server_error
from trygg.tenancy.models import Role


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def links(response) -> list[str]:
    body = response.content.decode()
    main = body[body.index('<main id="main"') : body.index("</main>")]
    return [part.split('"', 1)[0] for part in main.split('href="')[1:]]


def in_layout(response) -> bool:
    body = response.content.decode()
    return 'class="site-header"' in body and 'class="site-footer"' in body


def test_an_unknown_address_is_a_swedish_404_in_the_sites_layout(client, db):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert in_layout(response)
    body = response.content.decode()
    assert "<h1>Sidan finns inte</h1>" in body
    assert "Adressen kan vara felskriven" in body
    assert "Not Found" not in body
    assert links(response) == [reverse("portal:home")]


def test_the_404_is_english_for_an_english_browser(client, db):
    response = client.get("/finns-inte/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "<h1>The page does not exist</h1>" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_a_missing_page_under_a_municipality_leads_back_to_it(client, kungsbacka):
    response = client.get("/kommun/kungsbacka/loften/999999/")

    assert response.status_code == 404
    assert links(response) == [reverse("portal:municipality", args=["kungsbacka"]), "/"]
    assert "Sidan för Kungsbacka" in response.content.decode()


def test_an_unknown_municipality_is_not_offered(client, kungsbacka):
    response = client.get("/kommun/ingenstans/loften/1/")

    assert response.status_code == 404
    assert links(response) == ["/"]


def test_a_staff_404_offers_the_sign_in_with_the_way_back(client, db):
    response = client.get("/staff/finns-inte/alls/")

    assert response.status_code == 404
    assert links(response) == [
        reverse("login") + "?next=%2Fstaff%2Ffinns-inte%2Falls%2F",
        "/",
    ]


def test_a_foreign_municipality_is_not_named_on_a_staff_404(client, kungsbacka):
    other = MunicipalityFactory(code="1380", name="Halmstad")
    client.force_login(member(other, Role.COORDINATOR))

    response = client.get(reverse("geo:areas", kwargs={"municipality": "1384"}))

    assert response.status_code == 404
    assert "Kungsbacka" not in response.content.decode()
    assert links(response) == [reverse("workspace:home"), "/"]


def test_a_role_without_the_right_gets_a_swedish_403_with_its_municipality(client, kungsbacka):
    AreaFactory(municipality=kungsbacka)
    client.force_login(member(kungsbacka, Role.VIEWER))

    response = client.get(reverse("geo:import", kwargs={"municipality": "1384"}))

    assert response.status_code == 403
    assert in_layout(response)
    body = response.content.decode()
    assert "<h1>Du har inte behörighet till det här</h1>" in body
    assert "be en av kommunens administratörer" in body
    assert links(response) == [
        reverse("promises:agreements", kwargs={"municipality": "1384"}),
        reverse("workspace:home"),
        "/",
    ]


@pytest.mark.urls("tests.core.error_urls")
@pytest.mark.parametrize("url", ["/test-fel/krasch/", "/test-fel/databasen/"])
def test_a_crash_is_a_swedish_500_in_the_sites_layout(db, url):
    client = Client(raise_request_exception=False)

    response = client.get(url)

    assert response.status_code == 500
    assert in_layout(response)
    body = response.content.decode()
    assert "<h1>Något gick fel hos oss</h1>" in body
    assert "inte på grund av något du gjorde" in body
    assert "a bug" not in body and "could not connect" not in body
    assert links(response) == ["/"]


@pytest.mark.urls("tests.core.error_urls")
def test_the_500_is_english_for_an_english_browser(db):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")

    response = client.get("/test-fel/krasch/")

    assert "<h1>Something went wrong on our side</h1>" in response.content.decode()


def test_the_500_page_renders_without_the_database_or_a_request_context():
    # No db fixture: pytest-django fails any query. No user, no session, no messages.
    with translation.override("sv"):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Något gick fel hos oss</h1>" in body
    assert "csrfmiddlewaretoken" not in body  # no form that could only fail


def test_a_forged_host_header_is_a_swedish_400(client, db):
    response = client.get("/", HTTP_HOST="trygg.example.invalid")

    assert response.status_code == 400
    assert in_layout(response)
    assert "<h1>Förfrågan kunde inte läsas</h1>" in response.content.decode()


def test_a_form_without_its_csrf_cookie_is_explained_in_swedish(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert in_layout(response)
    body = response.content.decode()
    assert "<h1>Formuläret kunde inte skickas</h1>" in body
    assert "Tillåt kakor för den här webbplatsen" in body
    assert "CSRF" not in body


def test_a_form_with_a_stale_token_is_explained_in_english_for_an_english_browser(db):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.get(reverse("login"))  # sets the CSRF cookie

    response = client.post(
        reverse("login"), {"username": "x", "password": "y", "csrfmiddlewaretoken": "stale" * 8}
    )

    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>The form could not be sent</h1>" in body
    assert "The page had been open for a long time" in body
