"""Public reads: what they return, and that a page costs a fixed handful of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AgreementFactory, MunicipalityFactory, SurveyFactory
from tests.portal.conftest import build_agreement
from trygg.dialogue.models import Survey
from trygg.portal import selectors
from trygg.promises.models import Agreement
from trygg.promises.progress import ProgressState

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_municipality_page_reads_a_large_agreement_in_a_handful_of_queries(
    client, django_assert_max_num_queries
):
    municipality = MunicipalityFactory(slug="stor")
    build_agreement(municipality, focus_areas=3, promises=3, actions=4, updates=3)

    with django_assert_max_num_queries(12):
        response = client.get("/kommun/stor/")

    assert response.status_code == 200
    assert response.content.decode().count('class="action"') == 36


def test_page_queries_do_not_grow_with_the_size_of_the_agreement(client):
    build_agreement(MunicipalityFactory(slug="liten"), actions=1, updates=1)
    build_agreement(MunicipalityFactory(slug="stor"), focus_areas=3, promises=4, actions=5)
    small, large = MunicipalityFactory._meta.model.objects.order_by("pk")
    small_promise = small.agreements.get().focus_areas.get().promises.get()
    large_promise = large.agreements.get().focus_areas.first().promises.first()

    assert queries_for(client, "/kommun/liten/") == queries_for(client, "/kommun/stor/")
    assert queries_for(
        client, reverse("portal:promise", kwargs={"municipality": "liten", "pk": small_promise.pk})
    ) == queries_for(
        client, reverse("portal:promise", kwargs={"municipality": "stor", "pk": large_promise.pk})
    )
    assert queries_for(client, "/kommun/liten/uppfoljning.atom") == queries_for(
        client, "/kommun/stor/uppfoljning.atom"
    )


def test_home_page_queries_do_not_grow_with_the_number_of_municipalities(
    client, django_assert_max_num_queries
):
    for number in range(20):
        municipality = MunicipalityFactory()
        AgreementFactory(municipality=municipality, published=True)
        if number % 4 == 0:
            SurveyFactory(municipality=municipality, status=Survey.Status.OPEN)

    # One more than before the open surveys: they are read in one query, however many.
    with django_assert_max_num_queries(4):
        client.get("/")


def test_agreement_page_counts_actions_on_plan_and_carries_only_the_latest_update(db):
    agreement = build_agreement(MunicipalityFactory(), promises=2, actions=3, updates=4)

    page = selectors.agreement_page(agreement)

    assert page.summary.total == 6
    assert page.promise_count == 2
    for item in page.focus_areas[0].promises:
        for action_item in item.actions:
            updates = action_item.action.progress_updates.order_by("-date")
            assert action_item.latest_update == updates.first()
            assert action_item.progress.done == 4
            assert action_item.progress.state in set(ProgressState)


def test_current_agreement_is_the_latest_published_even_when_it_has_ended(db):
    municipality = MunicipalityFactory()
    ended = AgreementFactory(
        municipality=municipality,
        published=True,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
        status=Agreement.Status.ENDED,
    )
    AgreementFactory(
        municipality=municipality,
        published=True,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
    )
    AgreementFactory(municipality=municipality, starts_on=datetime.date(2023, 1, 1))

    assert selectors.current_agreement(municipality) == ended
    assert selectors.agreement_page(ended, today=timezone.localdate()).has_ended
    assert [a.starts_on.year for a in selectors.earlier_agreements(municipality)] == [2019]


def test_search_matches_any_part_of_the_name_ignoring_case_and_puts_prefixes_first(db):
    for name, slug in [("Borås", "boras"), ("Båstad", "bastad"), ("Malå", "mala")]:
        MunicipalityFactory(name=name, slug=slug)

    assert [m.name for m in selectors.search_municipalities("Å")] == ["Borås", "Båstad", "Malå"]
    assert [m.name for m in selectors.search_municipalities("bå")] == ["Båstad"]
    assert selectors.search_municipalities("   ") == []


def test_municipalities_are_in_swedish_alphabetical_order(db):
    for name, slug in [
        ("Örebro", "orebro"),
        ("Älmhult", "almhult"),
        ("Åre", "are"),
        ("Ydre", "ydre"),
    ]:
        MunicipalityFactory(name=name, slug=slug)

    assert [m.name for m in selectors.municipalities()] == ["Ydre", "Åre", "Älmhult", "Örebro"]
