"""Attacks on staff sign-in: guessing passwords, in a row, in parallel, from forged addresses,
and replaying a code."""

import datetime
import threading

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.db.models import F, Sum
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import app_code, enrolled, enter_code, is_signed_in, sign_in

# SQLite's in-memory test database cannot take concurrent writers; this fixture gives the
# threads a file database in WAL mode, as production has (and is a no-op on PostgreSQL).
from tests.factories import MunicipalityFactory, UserFactory, member
from trygg.tenancy.models import Role

LIMIT = 10


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


@pytest.mark.django_db
def test_fifty_wrong_passwords_then_the_right_one_is_refused(client):
    user = UserFactory(username="samordnare")

    statuses = [sign_in(client, "samordnare", f"guess-{n}").status_code for n in range(50)]
    response = sign_in(client, user.username)

    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert set(statuses[LIMIT - 1 :]) == {429}
    assert response.status_code == 429
    assert "För många felaktiga lösenord" in response.content.decode()
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_the_account_stays_locked_from_another_address(client):
    UserFactory(username="samordnare")
    for n in range(LIMIT):
        sign_in(client, "samordnare", f"guess-{n}", REMOTE_ADDR="198.51.100.7")

    assert sign_in(Client(), "samordnare", REMOTE_ADDR="203.0.113.9").status_code == 429


@pytest.mark.django_db
def test_an_address_is_locked_across_user_names(client):
    UserFactory(username="samordnare")
    for n in range(LIMIT):
        sign_in(client, f"namn{n}", "guess", REMOTE_ADDR="198.51.100.7")

    from_there = sign_in(Client(), "samordnare", REMOTE_ADDR="198.51.100.7")
    from_elsewhere = Client()
    elsewhere = sign_in(from_elsewhere, "samordnare", REMOTE_ADDR="203.0.113.9")

    assert from_there.status_code == 429
    assert elsewhere["Location"] == reverse("workspace:home")


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(client):
    UserFactory(username="samordnare")
    for n in range(LIMIT):
        sign_in(client, f"namn{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    assert sign_in(Client(), "samordnare", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


@pytest.mark.django_db
def test_behind_the_trusted_proxy_each_client_address_counts_apart(client, settings):
    settings.TRYGG_PROXY_COUNT = 1
    UserFactory(username="samordnare")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(LIMIT):
        sign_in(client, f"namn{n}", "guess", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)

    locked = sign_in(Client(), "samordnare", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    other = sign_in(Client(), "samordnare", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    assert locked.status_code == 429
    assert other["Location"] == reverse("workspace:home")


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off(client):
    user = UserFactory(username="samordnare")
    for n in range(LIMIT):
        sign_in(client, "samordnare", f"guess-{n}")
    assert sign_in(client, user.username).status_code == 429

    # Sixteen minutes pass (the attempts are the database's rows; move them back).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))

    assert sign_in(client, user.username)["Location"] == reverse("workspace:home")


@pytest.mark.django_db
def test_a_complete_sign_in_forgets_only_the_users_own_failures(client):
    UserFactory(username="samordnare")
    UserFactory(username="angripare")
    for n in range(LIMIT - 1):
        sign_in(client, "samordnare", f"guess-{n}")
    # The attacker signs in to an account of their own from the same address...
    assert sign_in(Client(), "angripare")["Location"] == reverse("workspace:home")

    # ...which does not give them fresh guesses at someone else's.
    assert sign_in(Client(), "samordnare", "one-more-guess").status_code == 429


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("concurrent_db")
def test_a_burst_of_parallel_guesses_gets_no_more_tries_than_the_limit():
    UserFactory(username="samordnare")
    burst = 30
    statuses: list[int] = []
    start = threading.Barrier(burst)

    def guess(n: int) -> None:
        try:
            start.wait()
            statuses.append(sign_in(Client(), "samordnare", f"guess-{n}").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    recorded = AccessAttempt.objects.aggregate(total=Sum("failures_since_start"))["total"]
    assert len(statuses) == burst
    assert statuses.count(200) == LIMIT - 1  # the password was checked, and was wrong
    assert statuses.count(429) == burst - LIMIT + 1
    assert recorded == LIMIT
    assert sign_in(Client(), "samordnare").status_code == 429


@pytest.mark.django_db
def test_a_used_app_code_cannot_be_replayed(client, settings):
    settings.TRYGG_REQUIRE_TWO_FACTOR = True
    admin = member(MunicipalityFactory(), Role.ADMIN)
    device = enrolled(admin)
    sign_in(client, admin.username)
    code = app_code(device)
    assert enter_code(client, code).status_code == 302
    client.post(reverse("logout"))

    thief = Client()
    sign_in(thief, admin.username)
    response = enter_code(thief, code)

    assert response.status_code == 200
    assert not is_signed_in(thief)


@pytest.mark.django_db
def test_guessing_codes_is_slowed_down(client, settings):
    settings.TRYGG_REQUIRE_TWO_FACTOR = True
    admin = member(MunicipalityFactory(), Role.ADMIN)
    device = enrolled(admin)
    sign_in(client, admin.username)
    wrong = f"{(int(app_code(device)) + 500_000) % 1_000_000:06d}"

    enter_code(client, wrong)
    enter_code(client, wrong)
    # The right code right after wrong ones is refused too: the device waits first.
    response = enter_code(client, app_code(device))

    assert "Vänta en stund" in response.content.decode()
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_an_oversized_or_malformed_sign_in_is_refused_without_an_error(client):
    UserFactory(username="samordnare")

    long_name = sign_in(client, "a" * 10_000, "x")
    nul = sign_in(client, "samordnare\x00", "x")
    missing = client.post(reverse("login"), {"username": "samordnare"})

    assert {long_name.status_code, nul.status_code, missing.status_code} == {200}
    assert not is_signed_in(client)
