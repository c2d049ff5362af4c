"""Staff sign-in: the password, then (where needed) a code from an authenticator app."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import app_code, enrolled, enter_code, is_signed_in, sign_in
from tests.factories import MunicipalityFactory, UserFactory, member
from trygg.accounts import two_factor
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.TRYGG_REQUIRE_TWO_FACTOR = True


def test_a_coordinator_signs_in_with_the_password_alone(client, required, kungsbacka):
    coordinator = member(kungsbacka, Role.COORDINATOR)

    response = sign_in(client, coordinator.username)

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")
    assert is_signed_in(client)


def test_an_administrators_password_alone_does_not_sign_in(client, required, kungsbacka):
    admin = member(kungsbacka, Role.ADMIN)
    enrolled(admin)

    response = sign_in(client, admin.username)

    assert response["Location"] == reverse("accounts:second_step")
    assert not is_signed_in(client)


def test_a_valid_app_code_signs_the_administrator_in(client, required, kungsbacka):
    admin = member(kungsbacka, Role.ADMIN)
    device = enrolled(admin)
    sign_in(client, admin.username)

    response = enter_code(client, app_code(device))

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")
    assert is_signed_in(client)


def test_a_wrong_code_does_not_sign_in(client, required, kungsbacka):
    admin = member(kungsbacka, Role.ADMIN)
    device = enrolled(admin)
    sign_in(client, admin.username)
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"

    response = enter_code(client, wrong)

    assert response.status_code == 200
    assert "Koden är fel eller redan använd" in response.content.decode()
    assert not is_signed_in(client)


def test_the_next_page_asked_for_is_kept_through_the_second_step(client, required, kungsbacka):
    admin = member(kungsbacka, Role.ADMIN)
    device = enrolled(admin)
    wanted = reverse("tenancy:members", kwargs={"municipality": "1384"})
    client.post(
        reverse("login"),
        {"username": admin.username, "password": "correct horse battery staple", "next": wanted},
    )

    assert enter_code(client, app_code(device))["Location"] == wanted


def test_an_administrator_without_an_app_sets_one_up_at_sign_in(client, required, kungsbacka):
    admin = member(kungsbacka, Role.ADMIN)
    sign_in(client, admin.username)

    page = client.get(reverse("accounts:second_step"))
    text = page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert "<svg" in text and "<script" not in text.split("<main", 1)[1].split("</main>")[0]
    assert two_factor.start_enrolment(admin).secret in text

    response = enter_code(client, app_code(device))

    assert response.status_code == 200
    assert "reservkoder" in response.content.decode()
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert StaticToken.objects.filter(device__user=admin).count() == 10
    assert is_signed_in(client)


def test_a_recovery_code_signs_in_once(client, required, kungsbacka):
    admin = member(kungsbacka, Role.ADMIN)
    enrolled(admin)
    [code, *_rest] = two_factor.replace_recovery_codes(admin)

    sign_in(client, admin.username)
    assert enter_code(client, code.upper())["Location"] == reverse("workspace:home")
    client.post(reverse("logout"))

    sign_in(client, admin.username)
    assert enter_code(client, code).status_code == 200
    assert not is_signed_in(client)
    assert StaticToken.objects.filter(device__user=admin).count() == 9


def test_a_municipality_can_require_the_app_of_all_its_staff(client, required, kungsbacka):
    varberg = MunicipalityFactory(code="1383", name="Varberg", slug="varberg")
    kungsbacka.require_two_factor = True
    kungsbacka.save()
    in_kungsbacka = member(kungsbacka, Role.VIEWER)
    in_varberg = member(varberg, Role.VIEWER)

    assert sign_in(client, in_kungsbacka.username)["Location"] == reverse("accounts:second_step")
    assert not is_signed_in(client)
    assert sign_in(client, in_varberg.username)["Location"] == reverse("workspace:home")


def test_a_session_without_the_code_ends_once_the_requirement_applies(client, required, kungsbacka):
    coordinator = member(kungsbacka, Role.COORDINATOR)
    client.force_login(coordinator)
    assert is_signed_in(client)

    kungsbacka.require_two_factor = True
    kungsbacka.save()

    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not is_signed_in(client)


def test_django_admin_needs_the_second_factor_too(client, required):
    operator = UserFactory(username="drift", is_staff=True, is_superuser=True)
    device = enrolled(operator)

    client.force_login(operator)
    assert client.get("/admin/").status_code == 302
    admin_login = client.get("/admin/login/?next=/admin/tenancy/membership/")
    assert admin_login["Location"].startswith(reverse("login"))

    client.post(
        reverse("login"),
        {
            "username": "drift",
            "password": "correct horse battery staple",
            "next": "/admin/tenancy/membership/",
        },
    )
    assert client.get("/admin/").status_code == 302
    assert enter_code(client, app_code(device))["Location"] == "/admin/tenancy/membership/"
    assert client.get("/admin/tenancy/membership/").status_code == 200


def test_with_the_requirement_off_the_sign_in_page_says_a_password_is_enough(client, settings):
    settings.TRYGG_REQUIRE_TWO_FACTOR = False
    assert "TRYGG_REQUIRE_TWO_FACTOR" in client.get(reverse("login")).content.decode()

    settings.TRYGG_REQUIRE_TWO_FACTOR = True
    assert "TRYGG_REQUIRE_TWO_FACTOR" not in client.get(reverse("login")).content.decode()


def test_who_set_up_an_app_is_asked_for_it_even_when_nothing_requires_it(client, settings):
    settings.TRYGG_REQUIRE_TWO_FACTOR = False
    user = UserFactory()
    enrolled(user)

    assert sign_in(client, user.username)["Location"] == reverse("accounts:second_step")
    assert not is_signed_in(client)


def test_a_pending_sign_in_expires(client, required, kungsbacka):
    admin = member(kungsbacka, Role.ADMIN)
    device = enrolled(admin)
    sign_in(client, admin.username)
    session = client.session
    session["trygg_sign_in_pending"]["since"] -= 11 * 60
    session.save()

    response = enter_code(client, app_code(device))

    assert response["Location"] == reverse("login")
    assert not is_signed_in(client)


def test_a_signed_in_user_sets_up_an_app_and_stays_signed_in(client, settings):
    settings.TRYGG_REQUIRE_TWO_FACTOR = False
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("accounts:set_up"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(reverse("accounts:set_up"), {"code": app_code(device)})

    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert is_signed_in(client)
    assert "10 oanvända reservkoder" in client.get(reverse("accounts:two_factor")).content.decode()
