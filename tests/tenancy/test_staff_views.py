"""The staff page: what an administrator sees and does, in Swedish, through the services."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, member
from trygg.tenancy.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(client, kungsbacka):
    client.force_login(
        member(kungsbacka, Role.ADMIN, user__first_name="Ada", user__last_name="Admin")
    )
    return client


def members_url(code="1384"):
    return reverse("tenancy:members", kwargs={"municipality": code})


def test_the_staff_page_lists_colleagues_and_history(staff_admin, kungsbacka):
    member(kungsbacka, Role.VIEWER, user__first_name="Vera", user__last_name="Läsare")

    page = staff_admin.get(members_url()).content.decode()

    assert "Medarbetare i Kungsbacka" in page
    assert "Vera Läsare" in page and "Läsare" in page
    assert "Senaste ändringar" in page


def test_adding_a_colleague_by_e_mail_invites_them(
    staff_admin, kungsbacka, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = Organisation.objects.get(municipality=kungsbacka)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_admin.post(
            reverse("tenancy:member_add", kwargs={"municipality": "1384"}),
            {
                "identifier": "ny@kungsbacka.se",
                "organisation": organisation.pk,
                "role": Role.COORDINATOR,
                "title": "trygghetssamordnare",
            },
            follow=True,
        )

    assert "en länk för att välja lösenord har skickats till ny@kungsbacka.se" in (
        response.content.decode()
    )
    assert Membership.objects.get(user__email="ny@kungsbacka.se").role == Role.COORDINATOR
    [message] = mailoutbox
    link = next(line for line in message.body.splitlines() if "/konto/losenord/" in line)
    assert link.startswith("http://testserver/konto/losenord/")


def test_the_invitation_link_sets_a_password_once(
    client, staff_admin, kungsbacka, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = Organisation.objects.get(municipality=kungsbacka)
    with django_capture_on_commit_callbacks(execute=True):
        staff_admin.post(
            reverse("tenancy:member_add", kwargs={"municipality": "1384"}),
            {"identifier": "ny@kungsbacka.se", "organisation": organisation.pk, "role": "viewer"},
        )
    link = next(line for line in mailoutbox[0].body.splitlines() if "/konto/losenord/" in line)
    staff_admin.post(reverse("logout"))

    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    password = "ett-langt-nytt-losenord-2026"
    done = client.post(set_url, {"new_password1": password, "new_password2": password})
    again = client.get(link, follow=True)

    assert done["Location"] == reverse("accounts:password_set_done")
    assert "Länken fungerar inte längre" in again.content.decode()
    signed_in = client.post(
        reverse("login"), {"username": "ny@kungsbacka.se", "password": password}
    )
    assert signed_in["Location"] == reverse("workspace:home")


def test_a_refusal_is_shown_on_the_form_and_nothing_changes(staff_admin, kungsbacka):
    own = Membership.objects.get(user__first_name="Ada")

    response = staff_admin.post(
        reverse("tenancy:member_update", kwargs={"pk": own.pk}), {"role": "viewer", "title": ""}
    )

    assert response.status_code == 200
    assert "sista administratören i Kungsbacka" in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_posting_superuser_fields_changes_nothing_but_the_role(staff_admin, kungsbacka):
    viewer = member(kungsbacka, Role.VIEWER)
    membership = Membership.objects.get(user=viewer)

    staff_admin.post(
        reverse("tenancy:member_update", kwargs={"pk": membership.pk}),
        {"role": "analyst", "title": "", "is_superuser": "on", "is_staff": "on", "user": 1},
    )

    viewer.refresh_from_db()
    membership.refresh_from_db()
    assert membership.role == Role.ANALYST and membership.user == viewer
    assert not viewer.is_superuser and not viewer.is_staff


def test_the_two_factor_requirement_is_switched_on_from_the_page(staff_admin, kungsbacka):
    response = staff_admin.post(
        reverse("tenancy:two_factor_requirement", kwargs={"municipality": "1384"}),
        {"require_two_factor": "on"},
        follow=True,
    )

    kungsbacka.refresh_from_db()
    assert kungsbacka.require_two_factor
    assert "Nu loggar alla medarbetare in med en kod" in response.content.decode()


def test_the_dashboard_links_administrators_to_the_staff_page(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.ADMIN))
    assert members_url() in client.get(reverse("workspace:home")).content.decode()

    client.force_login(member(kungsbacka, Role.COORDINATOR))
    assert members_url() not in client.get(reverse("workspace:home")).content.decode()


def test_an_operator_without_a_membership_reaches_no_staff_page_of_its_own(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(members_url()).status_code == 404


def test_the_letters_contact_is_set_from_the_staff_page(staff_admin, kungsbacka):
    url = reverse("tenancy:residents_contact", kwargs={"municipality": "1384"})
    response = staff_admin.post(url, {"residents_contact": " trygghet@kungsbacka.se "}, follow=True)

    kungsbacka.refresh_from_db()
    assert kungsbacka.residents_contact == "trygghet@kungsbacka.se"
    assert kungsbacka.history.latest("history_date").history_user.username.startswith("user")
    page = response.content.decode()
    assert "Breven anger nu den här kontakten" in page
    assert 'value="trygghet@kungsbacka.se"' in page


def test_a_contact_too_long_for_the_letters_is_refused_in_swedish(staff_admin, kungsbacka):
    url = reverse("tenancy:residents_contact", kwargs={"municipality": "1384"})
    response = staff_admin.post(url, {"residents_contact": "x" * 201}, follow=True)

    kungsbacka.refresh_from_db()
    assert kungsbacka.residents_contact == ""
    assert "högst 200 tecken" in response.content.decode()
