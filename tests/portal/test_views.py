"""The public portal as residents read it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    ProgressUpdateFactory,
    PromiseFactory,
)
from trygg.promises.models import Agreement

pytestmark = pytest.mark.django_db


def municipality_url(municipality):
    return reverse("portal:municipality", kwargs={"municipality": municipality.slug})


def text_of(response) -> str:
    """The page's text with tags removed and white space collapsed."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_draft_agreement_is_not_shown_on_the_municipality_page(english):
    draft = AgreementFactory(title="Hemligt utkast")
    PromiseFactory(focus_area=FocusAreaFactory(agreement=draft), title="Hemligt löfte")

    response = english.get(municipality_url(draft.municipality))

    assert response.status_code == 200
    assert "Hemligt" not in response.content.decode()
    assert "has not published an agreement" in text_of(response)


def test_draft_agreement_is_404_even_when_its_address_is_guessed(client):
    draft = AgreementFactory()
    promise = PromiseFactory(focus_area=FocusAreaFactory(agreement=draft))
    slug = draft.municipality.slug

    for url in [
        reverse("portal:agreement", kwargs={"municipality": slug, "pk": draft.pk}),
        reverse("portal:promise", kwargs={"municipality": slug, "pk": promise.pk}),
    ]:
        assert client.get(url).status_code == 404, url


def test_signed_but_unpublished_agreement_is_404(client):
    signed = AgreementFactory(status=Agreement.Status.SIGNED, signed_on=datetime.date(2025, 12, 1))
    url = reverse(
        "portal:agreement", kwargs={"municipality": signed.municipality.slug, "pk": signed.pk}
    )

    assert client.get(url).status_code == 404


def test_agreement_of_another_municipality_is_404_under_this_ones_address(client, published):
    other = MunicipalityFactory()
    url = reverse(
        "portal:agreement", kwargs={"municipality": other.slug, "pk": published.agreement.pk}
    )

    assert client.get(url).status_code == 404


def test_unknown_municipality_is_404(client, db):
    assert client.get("/kommun/finns-inte/").status_code == 404


def test_published_promises_show_with_their_actions_and_latest_progress(english, published):
    response = english.get(municipality_url(published.municipality))
    text = text_of(response)

    assert response.status_code == 200
    assert "Medborgarlöften Kungsbacka" in text
    assert "Trygghet i offentlig miljö" in text
    assert "Vi lovar fler vuxna vid resecentrum." in text
    assert "Många känner sig otrygga vid resecentrum." in text
    assert "Samordna nattvandringar" in text
    assert "The municipality" in text
    assert "Trygghetssamordnare" in text
    assert "at least 2 utbildningar" in text
    assert "Andra mötet hölls i Badhusparken." in text
    assert "Första mötet hölls." not in text, "only the latest update is on the overview"
    assert "Anna Andersson" in text


def test_progress_is_told_in_words_with_done_and_expected(english, published):
    # Two done of a total target of two, before the due date: on track.
    text = text_of(english.get(municipality_url(published.municipality)))

    assert "On track" in text
    assert "2 of 2 done" in text
    assert "1 of 1 action is done in full or on track." in text


def test_behind_and_past_due_actions_are_counted_in_the_follow_up(english, published):
    today = timezone.localdate()
    ActionFactory(
        promise=published.promise,
        title="Belysning",
        starts_on=today - datetime.timedelta(days=100),
        due_on=today - datetime.timedelta(days=1),
    )
    ActionFactory(
        promise=published.promise,
        title="Trafikkontroller",
        starts_on=today - datetime.timedelta(days=70),
        target_quantity=1,
        target_period="week",
    )

    text = text_of(english.get(municipality_url(published.municipality)))

    assert "1 of 3 actions are done in full or on track." in text
    assert "Past due" in text
    assert "Behind target" in text
    assert re.search(r"\b1 behind target\b", text)
    assert re.search(r"\b1 past due\b", text)


def test_ended_agreement_says_plainly_that_no_newer_one_is_published(english, db):
    ended = AgreementFactory(
        published=True,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
        status=Agreement.Status.ENDED,
    )

    text = text_of(english.get(municipality_url(ended.municipality)))

    assert "The agreement applied 2021–2022. No newer agreement has been published." in text


def test_latest_published_agreement_is_the_current_one_not_a_newer_draft(english, published):
    AgreementFactory(
        municipality=published.municipality,
        title="Nästa utkast",
        starts_on=published.agreement.ends_on + datetime.timedelta(days=1),
        ends_on=published.agreement.ends_on + datetime.timedelta(days=700),
    )

    text = text_of(english.get(municipality_url(published.municipality)))

    assert "Medborgarlöften Kungsbacka" in text
    assert "Nästa utkast" not in text
    assert "No newer agreement" not in text


def test_archive_lists_earlier_published_agreements_but_no_drafts(english, published):
    earlier = AgreementFactory(
        municipality=published.municipality,
        published=True,
        title="Medborgarlöften 2019–2020",
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
        status=Agreement.Status.ENDED,
    )
    AgreementFactory(
        municipality=published.municipality,
        title="Gammalt utkast",
        starts_on=datetime.date(2017, 1, 1),
        ends_on=datetime.date(2018, 12, 31),
    )

    response = english.get(
        reverse("portal:archive", kwargs={"municipality": published.municipality.slug})
    )
    html = response.content.decode()

    assert "Medborgarlöften Kungsbacka" in html
    assert "Medborgarlöften 2019–2020" in html
    assert (
        reverse("portal:agreement", kwargs={"municipality": "kungsbacka", "pk": earlier.pk}) in html
    )
    assert "Gammalt utkast" not in html


def test_earlier_agreement_has_its_own_page_that_says_it_is_earlier(english, published):
    earlier = AgreementFactory(
        municipality=published.municipality,
        published=True,
        title="Medborgarlöften 2019–2020",
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
        status=Agreement.Status.ENDED,
    )
    PromiseFactory(focus_area=FocusAreaFactory(agreement=earlier), title="Gammalt löfte")

    response = english.get(
        reverse("portal:agreement", kwargs={"municipality": "kungsbacka", "pk": earlier.pk})
    )
    text = text_of(response)

    assert response.status_code == 200
    assert "Gammalt löfte" in text
    assert "This is an earlier agreement. It applied 2019–2020." in text


def test_municipality_page_links_the_archive_and_the_feed(client, published):
    html = client.get(municipality_url(published.municipality)).content.decode()
    feed = reverse("portal:feed", kwargs={"municipality": "kungsbacka"})

    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html
    assert reverse("portal:archive", kwargs={"municipality": "kungsbacka"}) in html


def test_promise_page_shows_every_update_newest_first_with_link_and_attachment(english, published):
    ProgressUpdateFactory(
        action=ActionFactory(promise=published.promise, title="Andra åtgärden"),
        date=timezone.localdate() - datetime.timedelta(days=50),
        text="Uppdatering av andra åtgärden.",
    )
    response = english.get(
        reverse("portal:promise", kwargs={"municipality": "kungsbacka", "pk": published.promise.pk})
    )
    html = response.content.decode()
    attachment = reverse(
        "portal:update_attachment", kwargs={"municipality": "kungsbacka", "pk": published.latest.pk}
    )

    assert response.status_code == 200
    assert html.index("Andra mötet hölls") < html.index("Första mötet hölls")
    assert "Uppdatering av andra åtgärden." in html
    assert 'href="https://example.org/nattvandring"' in html
    assert f'href="{attachment}"' in html
    assert f'id="update-{published.latest.pk}"' in html


def test_promise_of_an_earlier_agreement_says_so(english, published):
    earlier = AgreementFactory(
        municipality=published.municipality,
        published=True,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
        status=Agreement.Status.ENDED,
    )
    promise = PromiseFactory(focus_area=FocusAreaFactory(agreement=earlier))

    text = text_of(
        english.get(
            reverse("portal:promise", kwargs={"municipality": "kungsbacka", "pk": promise.pk})
        )
    )

    assert "This promise belongs to an earlier agreement. It applied 2019–2020." in text


def test_home_lists_only_municipalities_with_a_published_agreement(client, published):
    AgreementFactory(municipality=MunicipalityFactory(name="Utkastby"))
    MunicipalityFactory(name="Tomby")

    response = client.get(reverse("portal:home"))
    listed = response.content.decode().split('id="find-heading"')[0]

    assert 'href="/kommun/kungsbacka/"' in listed
    assert "Utkastby" not in listed
    assert "Tomby" not in listed
    # Every municipality can still be chosen from the list.
    assert '<option value="' + published.municipality.slug + '">' in response.content.decode()


def test_home_search_finds_a_municipality_by_part_of_its_name_with_swedish_letters(client, db):
    MunicipalityFactory(name="Örebro", slug="orebro")
    MunicipalityFactory(name="Öckerö", slug="ockero")
    MunicipalityFactory(name="Borås", slug="boras")

    html = client.get(reverse("portal:home"), {"q": "ÖRE"}).content.decode()
    results = html.split('class="search-results"')[1]

    assert 'href="/kommun/orebro/"' in results
    assert "ockero" not in results
    assert "boras" not in results


def test_home_select_goes_to_the_chosen_municipality(client, db):
    MunicipalityFactory(name="Varberg", slug="varberg")

    response = client.get(reverse("portal:home"), {"kommun": "varberg"})

    assert response.status_code == 302
    assert response["Location"] == "/kommun/varberg/"


def test_page_is_in_english_after_switching_language(client, published):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    url = municipality_url(published.municipality)
    before = client.get(url).content.decode()
    assert '<html lang="sv">' in before
    assert 'name="language" value="en"' in before

    switched = client.post(reverse("set_language"), {"language": "en", "next": url})
    after = client.get(url).content.decode()

    assert switched.status_code == 302
    assert switched["Location"] == url
    assert '<html lang="en">' in after
    assert "Follow-up at a glance" in after
    assert "Skip to content" in after
    assert 'name="language" value="sv"' in after


def test_accessibility_statement_covers_what_the_law_asks_for(english, db):
    response = english.get(reverse("portal:accessibility"))
    text = text_of(response)

    assert response.status_code == 200
    assert "2018:1937" in text
    assert "WCAG" in text and "2.1" in text and "AA" in text
    assert "Content that is not accessible" in text
    assert "Report problems" in text
    assert "Myndigheten för digital förvaltning" in text
    assert "www.digg.se/tdosanmalan" in text


def test_accessibility_statement_follows_diggs_model_and_names_what_is_not_met(client, db):
    """In Swedish, with the headings of Digg's model statement, in its order."""
    response = client.get(reverse("portal:accessibility"))
    text = text_of(response)
    shown = re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", response.content.decode())

    assert shown == [
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Bristande förenlighet med lagkraven",
        "Hur vi har testat webbplatsen",
    ]
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in text
    assert "helt förenlig" not in text
    for gap in ("Kartan i undersökningen", "Kartorna över otrygga platser", "PDF"):
        assert gap in text, gap
    assert "självskattning" in text and "3 december 2026" in text
    assert "Kontakta kommunen som sidan gäller" in text  # no address configured


def test_accessibility_statement_links_diggs_complaint_form(client, db):
    html = client.get(reverse("portal:accessibility")).content.decode()

    assert 'href="https://www.digg.se/tdosanmalan"' in html


def test_accessibility_statement_names_the_contact_address_when_configured(english, settings, db):
    settings.TRYGG_CONTACT_EMAIL = "tillganglighet@example.se"

    html = english.get(reverse("portal:accessibility")).content.decode()

    assert 'href="mailto:tillganglighet@example.se"' in html


def test_about_page_explains_promises_and_personal_data(english, db):
    text = text_of(english.get(reverse("portal:about")))

    assert "promises to residents" in text
    assert "Personal data and cookies" in text
