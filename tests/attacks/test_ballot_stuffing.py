"""Stuffing the open link: bursts sent at once, forged forwarding headers, replays.

The attacker's own techniques against the real pages: many threads posting the same
survey at the same instant (each with its own database connection, as worker
processes have), ``X-Forwarded-For`` headers written by the client, and the final
POST sent again with the cookies and body of the first.
"""

import datetime
import os
import subprocess
import sys
import threading
from http.cookies import SimpleCookie

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from tests.factories import LAST_DAY
from trygg.core.network import client_address
from trygg.dialogue import ballot, services
from trygg.dialogue.models import NetworkCount, Response, ResponseDraft
from trygg.dialogue.submission import create_invitations

REFUSED = "För många svar"


@pytest.fixture
def one_page_survey(kungsbacka):
    survey = services.create_survey(
        kungsbacka, year=2026, title="Trygghet", question_keys=["feel_safe"]
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


@pytest.fixture
def survey(onsala):
    """Three pages: required questions on the first two, the last one optional."""
    survey = services.create_survey(
        onsala.municipality,
        year=2026,
        title="Trygghet",
        question_keys=[
            *("area", "age_group", "gender"),
            *("feel_safe", "worry_crime", "local_problems"),
            "suggestions",
        ],
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


def page_url(survey, number=1):
    return reverse(
        "answer:page",
        kwargs={"municipality": survey.municipality.slug, "pk": survey.pk, "number": number},
    )


def thanks_url(survey):
    return reverse(
        "answer:thanks", kwargs={"municipality": survey.municipality.slug, "pk": survey.pk}
    )


def answer(client: Client, survey, **headers):
    return client.post(page_url(survey), {"feel_safe": "mostly"}, **headers)


def counted() -> int:
    """Every submission counted, over all networks and minutes."""
    return NetworkCount.objects.aggregate(total=Sum("count"))["total"] or 0


def at_once(count: int, send) -> list:
    """Run ``send(i)`` in ``count`` threads released together; their results in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list[BaseException] = []

    def run(i):
        try:
            barrier.wait(timeout=60)
            results[i] = send(i)
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("burst", [60, 100])
def test_a_burst_sent_at_once_from_one_address_is_flagged_and_refused_exactly(
    concurrent_db, one_page_survey, burst
):
    def send(_):
        response = answer(Client(REMOTE_ADDR="198.51.100.7"), one_page_survey)
        return response.status_code, REFUSED in response.content.decode()

    results = at_once(burst, send)

    stored = Response.objects.filter(survey=one_page_survey)
    assert stored.count() == ballot.REFUSE_AFTER
    assert stored.filter(flagged=True).count() == ballot.REFUSE_AFTER - ballot.FLAG_AFTER
    assert results.count((302, False)) == ballot.REFUSE_AFTER
    assert results.count((200, True)) == burst - ballot.REFUSE_AFTER
    # A refused submission counts nothing and keeps the resident's draft.
    assert counted() == ballot.REFUSE_AFTER
    assert ResponseDraft.objects.filter(finished=False).count() == burst - ballot.REFUSE_AFTER


@pytest.mark.django_db(transaction=True)
def test_counting_at_once_gives_every_request_its_own_count(concurrent_db, one_page_survey):
    counts = at_once(40, lambda _: ballot.count_submission(one_page_survey.pk, "203.0.113.9"))
    assert sorted(counts) == list(range(1, 41))


@pytest.mark.django_db(transaction=True)
def test_a_burst_across_the_turn_of_the_hour_is_counted_as_one_hour(concurrent_db, one_page_survey):
    # Half the burst a tenth of a second before 14:00, half a tenth after: a clock-hour
    # window would start again at 14:00 and let the second half in as well.
    before = datetime.datetime(2026, 12, 4, 13, 59, 59, 900000, tzinfo=datetime.UTC)
    after = before + datetime.timedelta(seconds=0.2)
    counts = at_once(
        2 * ballot.REFUSE_AFTER,
        lambda i: ballot.count_submission(
            one_page_survey.pk, "203.0.113.9", before if i % 2 else after
        ),
    )
    assert sorted(counts) == list(range(1, 2 * ballot.REFUSE_AFTER + 1))


@pytest.mark.django_db
def test_the_count_falls_as_the_hour_slides_on(one_page_survey):
    start = datetime.datetime(2026, 12, 4, 13, 20, 30, tzinfo=datetime.UTC)
    minute = datetime.timedelta(minutes=1)
    for i in range(10):
        ballot.count_submission(one_page_survey.pk, "203.0.113.9", start + i * minute)
    # 59 minutes after the first, all ten are within the hour; a minute later the
    # first has slid out, and its row is deleted with it.
    assert ballot.count_submission(one_page_survey.pk, "203.0.113.9", start + 59 * minute) == 11
    assert ballot.count_submission(one_page_survey.pk, "203.0.113.9", start + 60 * minute) == 11
    assert NetworkCount.objects.filter(minute__lte=start).count() == 0
    assert ballot.count_submission(one_page_survey.pk, "203.0.113.9", start + 130 * minute) == 1


@pytest.mark.django_db
def test_a_network_silent_for_an_hour_is_purged_with_its_counts(one_page_survey):
    start = datetime.datetime(2026, 12, 4, 13, 20, tzinfo=datetime.UTC)
    ballot.count_submission(one_page_survey.pk, "203.0.113.9", start)
    ballot.count_submission(
        one_page_survey.pk, "203.0.113.10", start + datetime.timedelta(minutes=30)
    )
    silent = ballot.past_counts(start + datetime.timedelta(minutes=60))
    assert silent.count() == 1
    silent.delete()
    assert counted() == 1


COUNT_IN_ANOTHER_PROCESS = """
import sys, django
django.setup()
from trygg.dialogue import ballot
print(" ".join(str(ballot.count_submission(int(sys.argv[1]), sys.argv[2])) for _ in range(25)))
"""


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_one_count(concurrent_db, one_page_survey):
    environment = {
        **os.environ,
        "TRYGG_DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "trygg.settings",
    }
    command = [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, str(one_page_survey.pk)]
    workers = [
        subprocess.Popen(
            [*command, "203.0.113.77"], env=environment, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    counts = [int(n) for worker in workers for n in worker.communicate(timeout=120)[0].split()]
    assert [worker.returncode for worker in workers] == [0, 0]
    assert sorted(counts) == list(range(1, 51))
    assert counted() == 50


@pytest.mark.django_db
def test_other_addresses_are_counted_apart(client, one_page_survey):
    for _ in range(ballot.FLAG_AFTER):
        answer(Client(REMOTE_ADDR="198.51.100.7"), one_page_survey)
    answer(Client(REMOTE_ADDR="198.51.100.8"), one_page_survey)
    assert not Response.objects.filter(flagged=True).exists()


# --- behind a proxy -------------------------------------------------------------------


@pytest.mark.django_db
def test_behind_a_proxy_each_forwarded_client_is_its_own_network(settings, one_page_survey):
    settings.TRYGG_PROXY_COUNT = 1
    for n in range(35):
        response = answer(
            Client(REMOTE_ADDR="10.0.0.2"),
            one_page_survey,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}",
        )
        assert response.status_code == 302
    assert Response.objects.count() == 35
    assert not Response.objects.filter(flagged=True).exists()


@pytest.mark.django_db
def test_a_forged_leftmost_forwarded_entry_does_not_spread_one_client(settings, one_page_survey):
    """The proxy appends the real address; whatever the client wrote before it is ignored."""
    settings.TRYGG_PROXY_COUNT = 1
    for n in range(ballot.REFUSE_AFTER + 5):
        answer(
            Client(REMOTE_ADDR="10.0.0.2"),
            one_page_survey,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}, 203.0.113.50",
        )
    stored = Response.objects.all()
    assert stored.count() == ballot.REFUSE_AFTER
    assert stored.filter(flagged=True).count() == ballot.REFUSE_AFTER - ballot.FLAG_AFTER


@pytest.mark.django_db
def test_without_a_proxy_the_forwarded_header_is_never_trusted(settings, one_page_survey):
    settings.TRYGG_PROXY_COUNT = 0
    for n in range(ballot.FLAG_AFTER + 1):
        answer(
            Client(REMOTE_ADDR="198.51.100.7"),
            one_page_survey,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}",
        )
    assert Response.objects.filter(flagged=True).count() == 1


def request_with(remote: str, forwarded: str | None):
    class Request:
        META = {"REMOTE_ADDR": remote}

    if forwarded is not None:
        Request.META = {**Request.META, "HTTP_X_FORWARDED_FOR": forwarded}
    return Request()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (1, " 6.6.6.6 ,192.0.2.1 ", "192.0.2.1"),
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.3", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.2"),  # shorter than the proxies that must have written it
        (1, "", "10.0.0.2"),
        (1, None, "10.0.0.2"),
        (1, "6.6.6.6, not-an-address", "10.0.0.2"),
        (1, "192.0.2.1:443", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "," * 5000, "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_that_many_hops_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.TRYGG_PROXY_COUNT = proxies
    assert client_address(request_with("10.0.0.2", forwarded)) == expected


def test_one_ipv6_household_counts_as_one_network_by_its_64():
    assert ballot.network_hash("2001:db8:1:2::1") == ballot.network_hash("2001:db8:1:2:ffff::9")
    assert ballot.network_hash("2001:db8:1:2::1") != ballot.network_hash("2001:db8:1:3::1")
    assert ballot.network_hash("::ffff:192.0.2.1") == ballot.network_hash("192.0.2.1")
    assert ballot.network_hash("192.0.2.1") != ballot.network_hash("192.0.2.2")
    assert "192.0.2.1" not in ballot.network_hash("192.0.2.1")


@pytest.mark.django_db
def test_an_ipv6_household_cannot_spread_over_its_own_addresses(settings, one_page_survey):
    for n in range(ballot.FLAG_AFTER + 1):
        answer(Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"), one_page_survey)
    assert Response.objects.filter(flagged=True).count() == 1


# --- repeats --------------------------------------------------------------------------


def walk_to_last_page(client: Client, survey, onsala) -> None:
    client.post(
        page_url(survey, 1), {"area": str(onsala.pk), "age_group": "25-44", "gender": "man"}
    )
    client.post(page_url(survey, 2), {"feel_safe": "mostly"})


def copy_of(cookies: SimpleCookie) -> SimpleCookie:
    copy = SimpleCookie()
    copy.load(cookies.output(header="", sep=";"))
    for name, morsel in cookies.items():
        copy[name] = morsel.value
    return copy


@pytest.mark.django_db
def test_the_exact_repeat_of_the_final_post_thanks_and_stores_nothing(client, survey, onsala):
    """Same cookies and body after the first succeeded: a retry, or a replay."""
    walk_to_last_page(client, survey, onsala)
    cookies_before = copy_of(client.cookies)
    body = {"suggestions": "Mer belysning."}
    first = client.post(page_url(survey, 3), body)
    assert first["Location"] == thanks_url(survey)

    client.cookies = copy_of(cookies_before)
    repeat = client.post(page_url(survey, 3), body)
    assert repeat.status_code == 302 and repeat["Location"] == thanks_url(survey)
    assert Response.objects.count() == 1
    # Repeating an earlier page of the sent form stores nothing either.
    client.cookies = copy_of(cookies_before)
    again = client.post(page_url(survey, 1), {"area": str(onsala.pk), "age_group": "25-44"})
    assert again["Location"] == thanks_url(survey)
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_a_repeat_after_an_invitation_answer_shows_no_stray_errors(client, survey, onsala):
    [code] = create_invitations(survey, 1)
    client.post(
        reverse("answer:code", kwargs={"municipality": "kungsbacka", "pk": survey.pk}),
        {"code": code},
    )
    walk_to_last_page(client, survey, onsala)
    cookies_before = copy_of(client.cookies)
    client.post(page_url(survey, 3), {"suggestions": ""})
    client.cookies = copy_of(cookies_before)
    repeat = client.post(page_url(survey, 3), {"suggestions": ""}, follow=True)
    page = repeat.content.decode()
    assert "Tack för dina svar" in page
    assert "errorlist" not in page and "redan använts" not in page
    assert Response.objects.get().channel == "invitation"


@pytest.mark.django_db(transaction=True)
def test_the_final_post_sent_many_times_at_once_stores_one_response(concurrent_db, survey, onsala):
    client = Client()
    walk_to_last_page(client, survey, onsala)
    cookies = copy_of(client.cookies)

    def send(_):
        copy = Client()
        copy.cookies = copy_of(cookies)
        return copy.post(page_url(survey, 3), {"suggestions": "Mer belysning."})["Location"]

    assert at_once(12, send) == [thanks_url(survey)] * 12
    assert Response.objects.count() == 1
    assert counted() == 1
