"""The public follow-up tells done below target, cancelled, corrected and withdrawn."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import ActionFactory, ProgressUpdateFactory
from tests.portal.test_views import municipality_url, text_of
from trygg.promises.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db


def promise_url(published):
    return reverse(
        "portal:promise",
        kwargs={"municipality": published.municipality.slug, "pk": published.promise.pk},
    )


def _done_below_target(published):
    """The published action done with 2 of 3: short of its target, with a comment."""
    Action.objects.filter(pk=published.action.pk).update(
        status=Action.Status.DONE,
        target_quantity=3,
        outcome_note="Den tredje utbildningen ställdes in.",
    )


def test_an_action_done_below_target_is_counted_apart_from_on_plan(english, published):
    _done_below_target(published)
    ActionFactory(promise=published.promise, title="Inställd", status=Action.Status.CANCELLED)

    text = text_of(english.get(municipality_url(published.municipality)))

    assert "0 of 1 action is done in full or on track." in text
    assert "Done – 2 of 3" in text
    assert "1 done below target" in text
    assert "1 cancelled, not counted" in text
    assert "Den tredje utbildningen ställdes in." in text


def test_a_promise_page_never_calls_a_short_action_on_plan(english, published):
    _done_below_target(published)

    text = text_of(english.get(promise_url(published)))

    assert "0 of 1 action is done in full or on track." in text
    assert "1 done below target" in text
    assert "2 of 3 done" in text


def test_a_corrected_update_says_so_and_a_withdrawn_one_hides_its_text(english, published):
    today = timezone.localdate()
    ProgressUpdate.objects.filter(pk=published.latest.pk).update(corrected_on=today)
    ProgressUpdate.objects.filter(pk=published.older.pk).update(withdrawn_on=today)

    text = text_of(english.get(promise_url(published)))

    with translation.override("en"):
        shown = date_format(today)
    assert f"Corrected {shown}" in text
    assert f"Withdrawn {shown}" in text
    assert "Andra mötet hölls i Badhusparken." in text
    assert "Första mötet hölls." not in text


def test_a_withdrawn_update_leaves_the_feed_the_latest_and_its_attachment(client, published):
    ProgressUpdate.objects.filter(pk=published.latest.pk).update(withdrawn_on=timezone.localdate())
    slug = published.municipality.slug

    page = text_of(client.get(municipality_url(published.municipality)))
    feed = client.get(reverse("portal:feed", kwargs={"municipality": slug})).content.decode()
    attachment = client.get(
        reverse(
            "portal:update_attachment", kwargs={"municipality": slug, "pk": published.latest.pk}
        )
    )

    assert "Andra mötet hölls i Badhusparken." not in page
    assert "Första mötet hölls." in page
    assert "Andra mötet" not in feed
    assert attachment.status_code == 404


def test_the_public_update_names_the_organisation_that_signed_it(english, published):
    ProgressUpdateFactory(
        action=published.action,
        date=timezone.localdate() - datetime.timedelta(days=1),
        text="Tredje mötet.",
        signed_name="Eva Ek",
        signed_organisation="Kungsbacka kommun",
    )

    text = text_of(english.get(promise_url(published)))

    assert "Kungsbacka kommun" in text
