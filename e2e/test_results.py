"""The public results on a phone (390 and 320 px) and a desktop (1366 px), in Chromium.

What a resident sees of the demo's 2022 survey, compared with 2020: no sideways
scrolling even at 320 px, chart text as large as the body text, headings whole, the
significant change said in words with its test behind "Visa osäkerhet", and axe clean.
"""

import pytest

from e2e.helpers import BROKEN_HEADING_WORDS, assert_no_axe_violations, screenshot
from trygg.demo.services import load_kungsbacka_demo
from trygg.dialogue.models import Survey
from trygg.insight import snapshots

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1366)


@pytest.fixture
def results_url(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No page here shows incidents; their import would add 10 s to every test.
    demo = load_kungsbacka_demo(incidents=False)
    surveys = Survey.objects.filter(
        municipality=demo.municipality, status=Survey.Status.CLOSED
    ).order_by("year")
    for survey in surveys:
        snapshots.refresh(survey)
    latest = surveys.last()
    return f"/kommun/{demo.municipality.slug}/dialog/{latest.pk}/resultat/"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_results_fit_the_screen_with_real_size_text_and_whole_headings(
    live_server, new_page, results_url, width
):
    page = new_page(viewport={"width": width, "height": 900}, is_mobile=width < 800)
    page.goto(results_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    label_sizes = page.eval_on_selector_all(
        ".bars__label, .bars__value",
        "labels => labels.map(l => parseFloat(getComputedStyle(l).fontSize))",
    )
    assert label_sizes and set(label_sizes) == {body_size}
    # The bars are drawn to the row's width: no viewBox scales any text.
    assert page.locator(".bars svg[viewBox]").count() == 0

    assert page.evaluate(BROKEN_HEADING_WORDS) == []
    assert_no_axe_violations(page)
    screenshot(page, f"results-{width}")


def test_the_significant_change_leads_in_words_with_the_test_one_click_away(
    live_server, phone_page, results_url
):
    phone_page.goto(results_url)
    summary = phone_page.locator(".results-summary")
    assert "Det här har förändrats sedan 2020" in summary.inner_text()
    evening = phone_page.locator("#fraga-safe_evening")
    sentence = "Andelen som svarade ”Ganska otrygg” har minskat från 14 till 11 procent."
    assert evening.get_by_text(sentence).is_visible()
    assert not evening.get_by_text("p = 0,032").is_visible()
    evening.get_by_text("Visa osäkerhet").click()
    assert evening.get_by_text("p = 0,032, statistiskt säkerställd").is_visible()
    assert_no_axe_violations(phone_page)
    # The background questions are the sample's make-up, once, not results.
    assert phone_page.locator("#fraga-gender").count() == 0
    assert phone_page.locator("#vilka-svarade caption").all_inner_texts() == [
        "Område",
        "Åldersgrupp",
        "Kön",
    ]
