"""Every public page: loads nothing from another host and needs no inline style (CSP)."""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory, FocusAreaFactory, PromiseFactory
from trygg.promises.models import Agreement, EvidenceLink

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"src", "href", "action", "srcset", "poster", "data", "formaction"}


class Page(HTMLParser):
    """Collects what matters for the checks below from one rendered page."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, dict, str]] = []
        self.inline_styles: list[str] = []
        self.style_elements = 0
        self.scripts_without_nonce = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline_styles.append(tag)
        if tag == "style":
            self.style_elements += 1
        if tag == "script" and not attrs.get("nonce"):
            self.scripts_without_nonce += 1
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES and value:
                self.urls.append((tag, attrs, value))
        if any(name.startswith("on") for name in attrs):
            self.inline_styles.append(f"{tag} event handler")


def parse(response) -> Page:
    assert response.status_code == 200, response
    page = Page()
    page.feed(response.content.decode())
    return page


def is_other_host(url: str) -> bool:
    parts = urlsplit(url)
    if url.startswith("//"):
        return True
    return parts.scheme in {"http", "https"} and parts.hostname not in {"testserver", None}


@pytest.fixture
def public_urls(published):
    """Every public page, with an earlier agreement and external evidence in place."""
    earlier = AgreementFactory(
        municipality=published.municipality,
        published=True,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
        status=Agreement.Status.ENDED,
    )
    PromiseFactory(focus_area=FocusAreaFactory(agreement=earlier))
    EvidenceLink.objects.create(
        promise=published.promise, title="BRÅ", url="https://bra.se/rapport"
    )
    slug = published.municipality.slug
    return [
        reverse("portal:home"),
        reverse("portal:home") + "?q=kungs",
        reverse("portal:municipality", kwargs={"municipality": slug}),
        reverse("portal:archive", kwargs={"municipality": slug}),
        reverse("portal:agreement", kwargs={"municipality": slug, "pk": earlier.pk}),
        reverse("portal:agreement", kwargs={"municipality": slug, "pk": published.agreement.pk}),
        reverse("portal:promise", kwargs={"municipality": slug, "pk": published.promise.pk}),
        reverse("portal:accessibility"),
        reverse("portal:about"),
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_pages_load_nothing_from_another_host(client, public_urls, language):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    for url in public_urls:
        page = parse(client.get(url))
        for tag, attrs, value in page.urls:
            if not is_other_host(value):
                continue
            # The only addresses to other hosts are links residents may choose to follow
            # that the municipality entered (evidence, follow-up links), and Digg's
            # complaint form in the accessibility statement, marked as such.
            assert tag == "a", f"{url}: <{tag}> loads {value}"
            rel = attrs.get("rel", "").split()
            assert {"external", "noopener", "noreferrer"} <= set(rel), f"{url}: {value}"
            assert value in {
                "https://bra.se/rapport",
                "https://example.org/nattvandring",
                "https://www.digg.se/tdosanmalan",
            }, f"{url}: the page itself links {value}"


def test_pages_have_no_inline_styles_or_scripts(client, public_urls):
    for url in public_urls:
        page = parse(client.get(url))
        assert page.inline_styles == [], url
        assert page.style_elements == 0, url
        assert page.scripts_without_nonce == 0, url


def test_pages_send_a_content_security_policy_without_unsafe_inline(client, public_urls):
    for url in public_urls:
        policy = client.get(url)["Content-Security-Policy"]
        assert "style-src 'self'" in policy
        assert "unsafe-inline" not in policy


def test_pages_declare_their_language_and_have_one_main_and_one_h1(client, public_urls):
    for url in public_urls:
        html = client.get(url).content.decode()
        assert '<html lang="sv">' in html, url
        assert html.count("<main") == 1, url
        assert html.count("<h1") == 1, url
        assert 'class="skip-link" href="#main"' in html, url
