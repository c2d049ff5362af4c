"""Content the municipality wrote in Swedish says so on English pages (WCAG 3.1.2)."""

import re

import pytest
from django.urls import reverse

from tests.portal.test_follow_up import promise_url
from tests.portal.test_views import municipality_url

pytestmark = pytest.mark.django_db

# An element marked as Swedish other than <html> and the language switch's "På svenska".
MARKED_SWEDISH = re.compile(r'<(?!html\b)(?!button[^>]*name="language")(\w+)[^>]*\blang="sv"[^>]*>')


def marked_swedish(html: str) -> str:
    """The text of the page that lies inside elements marked lang="sv" (roughly)."""
    return " ".join(
        re.sub(r"<[^>]+>", " ", match).strip()
        for match in re.findall(r'lang="sv"[^>]*>(.*?)</', html, flags=re.S)
    )


def test_on_an_english_page_the_promises_and_follow_up_are_marked_swedish(english, published):
    html = english.get(municipality_url(published.municipality)).content.decode()
    swedish = marked_swedish(html)

    assert '<html lang="en">' in html
    for text in (
        published.agreement.title,
        published.promise.title,
        "Vi lovar fler vuxna vid resecentrum.",
        "Många känner sig otrygga vid resecentrum.",
        published.action.title,
        "Andra mötet hölls i Badhusparken.",
    ):
        assert text in swedish, text
    # The interface around them stays English, unmarked.
    assert "We promise" not in swedish
    assert "Latest follow-up" not in swedish


def test_on_an_english_promise_page_the_title_inside_an_english_sentence_is_marked(
    english, published
):
    html = english.get(promise_url(published)).content.decode()

    assert re.search(r'<h1 lang="sv">\s*Fler vuxna ute\s*</h1>', html)
    assert "Första mötet hölls." in marked_swedish(html)


def test_on_a_swedish_page_nothing_is_marked_again(client, published):
    for url in (
        municipality_url(published.municipality),
        promise_url(published),
        reverse("portal:archive", kwargs={"municipality": published.municipality.slug}),
    ):
        html = client.get(url).content.decode()
        assert '<html lang="sv">' in html
        assert not MARKED_SWEDISH.search(html), url


def test_the_content_language_is_a_setting(english, published, settings):
    settings.TRYGG_CONTENT_LANGUAGE = "en"

    html = english.get(municipality_url(published.municipality)).content.decode()

    assert not MARKED_SWEDISH.search(html)
