"""The Atom feed of a municipality's progress updates."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    ProgressUpdateFactory,
    PromiseFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def update_in(agreement, text):
    promise = PromiseFactory(focus_area=FocusAreaFactory(agreement=agreement))
    return ProgressUpdateFactory(action=ActionFactory(promise=promise), text=text)


def read_feed(client, municipality):
    response = client.get(reverse("portal:feed", kwargs={"municipality": municipality.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_feed_is_valid_atom_with_the_published_updates(client, published):
    feed = read_feed(client, published.municipality)

    assert feed.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated", "author"]:
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}summary") for e in entries] == [
        "<p>Andra mötet hölls i Badhusparken.</p>",
        "<p>Första mötet hölls.</p>",
    ]
    for entry in entries:
        for required in ["id", "title", "updated"]:
            assert entry.findtext(f"{ATOM}{required}"), required
        link = entry.find(f"{ATOM}link").get("href")
        assert f"/kommun/kungsbacka/loften/{published.promise.pk}/#update-" in link
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)


def test_feed_leaves_out_drafts_and_other_municipalities(client, published):
    draft = AgreementFactory(municipality=published.municipality)
    update_in(draft, "Från ett utkast.")
    update_in(AgreementFactory(published=True), "Från en annan kommun.")

    feed = read_feed(client, published.municipality)
    summaries = [e.findtext(f"{ATOM}summary") for e in feed.findall(f"{ATOM}entry")]

    assert not any("Från ett utkast." in summary for summary in summaries)
    assert not any("Från en annan kommun." in summary for summary in summaries)
    assert len(summaries) == 2


def test_feed_of_a_municipality_without_a_published_agreement_is_empty(client, db):
    municipality = MunicipalityFactory()
    update_in(AgreementFactory(municipality=municipality), "Utkast.")

    feed = read_feed(client, municipality)

    assert feed.findall(f"{ATOM}entry") == []


def test_feed_of_an_unknown_municipality_is_404(client, db):
    assert client.get("/kommun/finns-inte/uppfoljning.atom").status_code == 404


def test_feed_summary_escapes_the_text_of_an_update(client, published):
    published.latest.text = "Polisen & skolan <b>träffades</b>."
    published.latest.save()

    feed = read_feed(client, published.municipality)

    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}summary") == (
        "<p>Polisen &amp; skolan &lt;b&gt;träffades&lt;/b&gt;.</p>"
    )
