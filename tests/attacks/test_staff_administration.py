"""Attacks on the staff page: racing to remove the last administrators, reaching abroad,
and escalating to superuser."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

# SQLite's in-memory test database cannot take concurrent writers; this fixture gives the
# threads a file database in WAL mode, as production has (and is a no-op on PostgreSQL).
from tests.factories import MunicipalityFactory, member
from trygg.tenancy.models import Membership, Organisation, Role


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("concurrent_db")
def test_two_administrators_removing_each_other_at_once_leave_one():
    kungsbacka = MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka")
    first, second = member(kungsbacka, Role.ADMIN), member(kungsbacka, Role.ADMIN)
    targets = {first: second.memberships.get(), second: first.memberships.get()}
    start = threading.Barrier(2)
    statuses = []

    def remove(actor):
        try:
            client = Client()
            client.force_login(actor)
            url = reverse("tenancy:member_remove", kwargs={"pk": targets[actor].pk})
            start.wait()
            statuses.append(client.post(url).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=remove, args=(actor,)) for actor in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Whoever's removal commits first leaves the other as the last administrator. The
    # other request is refused by the locked re-check (302 with the message) or, if it
    # came after that commit, finds its sender no longer an administrator (403) or no
    # longer a member of the municipality at all (404).
    assert 302 in statuses and set(statuses) <= {302, 403, 404}
    assert Membership.objects.filter(role=Role.ADMIN).count() == 1


@pytest.mark.django_db
def test_a_forged_organisation_of_another_municipality_is_refused(client, kungsbacka):
    varberg = MunicipalityFactory(code="1383", name="Varberg", slug="varberg")
    member(varberg, Role.VIEWER)
    client.force_login(member(kungsbacka, Role.ADMIN))
    varbergs = Organisation.objects.get(municipality=varberg)

    response = client.post(
        reverse("tenancy:member_add", kwargs={"municipality": "1384"}),
        {"identifier": "ny@varberg.se", "organisation": varbergs.pk, "role": "admin"},
    )

    assert response.status_code == 200
    assert not Membership.objects.filter(organisation=varbergs, role=Role.ADMIN).exists()


@pytest.mark.django_db
def test_no_form_of_the_staff_page_makes_anyone_staff_or_superuser(client, kungsbacka):
    admin = member(kungsbacka, Role.ADMIN)
    client.force_login(admin)
    organisation = Organisation.objects.get(municipality=kungsbacka)
    escalation = {"is_superuser": "on", "is_staff": "on", "role": "superuser"}

    client.post(
        reverse("tenancy:member_add", kwargs={"municipality": "1384"}),
        {"identifier": "ny@kungsbacka.se", "organisation": organisation.pk, **escalation},
    )
    client.post(
        reverse("tenancy:member_add", kwargs={"municipality": "1384"}),
        {
            **escalation,
            "identifier": "ny@kungsbacka.se",
            "organisation": organisation.pk,
            "role": "admin",
        },
    )
    client.post(
        reverse("tenancy:member_update", kwargs={"pk": admin.memberships.get().pk}),
        {**escalation, "title": ""},
    )

    new = Membership.objects.get(user__email="ny@kungsbacka.se")
    assert new.role == Role.ADMIN
    assert not new.user.is_staff and not new.user.is_superuser
    admin.refresh_from_db()
    assert not admin.is_superuser and admin.memberships.get().role == Role.ADMIN
