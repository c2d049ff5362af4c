"""Staff sign-in, two-step sign-in and the staff page in a real Chromium: axe-core at
desktop and phone width, screenshots for a human to look at, and Django admin's pages."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from tests.accounts.helpers import PASSWORD, app_code
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory, member
from trygg.tenancy.models import Organisation, Role

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def kungsbacka(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TRYGG_REQUIRE_TWO_FACTOR = True
    municipality = MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka")
    admin = member(
        municipality,
        Role.ADMIN,
        user__username="admin",
        user__first_name="Ada",
        user__last_name="Administratör",
    )
    member(municipality, Role.COORDINATOR, user__first_name="Sam", user__last_name="Samordnare")
    OrganisationFactory(
        kind=Organisation.Kind.PARTNER, municipality=municipality, name="Nattvandrarna"
    )
    return admin


def check(page, name: str) -> None:
    assert_no_axe_violations(page)
    screenshot(page, name)


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_an_administrator_sets_up_the_app_signs_in_and_manages_staff(
    live_server, new_page, kungsbacka, width
):
    page = new_page(viewport=WIDTHS[width])
    page.goto("/konto/logga-in/")
    check(page, f"sign-in-{width}")

    sign_in(page, "admin", PASSWORD)
    assert page.get_by_role("heading", name="Lägg till en autentiseringsapp").is_visible()
    assert page.locator("main svg").count() == 1
    check(page, f"two-factor-set-up-{width}")

    device = TOTPDevice.objects.get(user=kungsbacka, confirmed=False)
    page.get_by_label("Kod från appen").fill(app_code(device))
    page.get_by_role("button", name="Bekräfta").click()
    assert page.locator("#recovery-codes li").count() == 10
    check(page, f"recovery-codes-{width}")
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()

    page.goto("/konto/tvastegsverifiering/")
    check(page, f"two-factor-settings-{width}")

    page.goto("/staff/1384/medarbetare/")
    assert page.get_by_role("heading", name="Medarbetare i Kungsbacka").is_visible()
    check(page, f"staff-page-{width}")
    page.get_by_role("link", name="Lägg till en kollega").click()
    check(page, f"staff-add-{width}")
    page.get_by_label("E-postadress eller användarnamn").fill("ny@kungsbacka.se")
    page.get_by_label("Roll").select_option("analyst")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("ny@kungsbacka.se är inbjuden").is_visible()
    page.get_by_role("link", name="Ändra roll Sam Samordnare").click()
    check(page, f"staff-role-{width}")
    page.goto("/staff/1384/medarbetare/")
    page.get_by_role("link", name="Ta bort Sam Samordnare").click()
    check(page, f"staff-remove-{width}")


def test_the_code_step_and_the_lockout_page(live_server, page, kungsbacka, settings):
    settings.AXES_FAILURE_LIMIT = 3
    TOTPDevice.objects.create(user=kungsbacka, name="authenticator", confirmed=True)
    sign_in(page, "admin", PASSWORD)
    assert page.get_by_role("heading", name="Kod från din autentiseringsapp").is_visible()
    page.get_by_label("Kod").fill("000000")
    page.get_by_role("button", name="Logga in").click()
    check(page, "two-factor-verify-wrong-code")

    for _attempt in range(3):
        page.goto("/konto/logga-in/")
        page.get_by_label("Användarnamn").fill("admin")
        page.get_by_label("Lösenord").fill("fel-losenord")
        page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("heading", name="Inloggningen är tillfälligt spärrad").is_visible()
    check(page, "sign-in-locked-out")


def test_django_admins_membership_pages_have_no_serious_violations(live_server, page, kungsbacka):
    operator = UserFactory(username="drift", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    sign_in(page, "drift", PASSWORD)
    page.get_by_label("Kod").fill(app_code(device))
    page.get_by_role("button", name="Logga in").click()
    membership = kungsbacka.memberships.get()

    for path in (
        "/admin/tenancy/membership/",
        f"/admin/tenancy/membership/{membership.pk}/change/",
        "/admin/tenancy/membership/add/",
        f"/admin/tenancy/organisation/{membership.organisation_id}/change/",
        "/admin/tenancy/organisation/add/",
        "/admin/tenancy/policearea/add/",
        "/admin/tenancy/municipality/add/",
    ):
        response = page.goto(path)
        assert response.ok, path
        assert_no_axe_violations(page)
    screenshot(page, "admin-organisation")


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_the_demos_sign_in_page_says_a_password_is_enough(live_server, new_page, settings, width):
    settings.TRYGG_REQUIRE_TWO_FACTOR = False
    page = new_page(viewport=WIDTHS[width])
    page.goto("/konto/logga-in/")
    assert page.locator("#password-only-note").is_visible()
    check(page, f"sign-in-password-only-{width}")
