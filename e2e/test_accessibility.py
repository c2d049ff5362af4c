"""Accessibility beyond axe (issue 9, point 11), in a real Chromium on a phone and a
desktop: Enter goes forward, a refused page moves focus to its error summary, and no
public page scrolls sideways at 320 px (WCAG 1.4.10 Reflow)."""

import pytest

from e2e.helpers import BROKEN_HEADING_WORDS, assert_no_axe_violations, screenshot
from e2e.test_kungsbacka import public_pages
from tests.factories import LAST_DAY
from trygg.dialogue import services

pytestmark = pytest.mark.browser

KEYS = [
    "area",
    "age_group",
    "gender",
    "feel_safe",
    "years_resident",
    "unsafe_places",
    "suggestions",
]
NARROWEST = 320  # CSS pixels: WCAG 1.4.10 asks for no sideways scrolling at this width


def open_survey(demo):
    survey = services.create_survey(
        demo.municipality, year=2026, title="Trygghet i vardagen", question_keys=KEYS
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


@pytest.fixture
def survey(demo):
    return open_survey(demo)


def answer_url(survey, page: str = "") -> str:
    return f"/kommun/{survey.municipality.slug}/dialog/{survey.pk}/{page}"


@pytest.fixture(params=["phone", "desktop"])
def tab(request, new_page):
    if request.param == "phone":
        return new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    return new_page(viewport={"width": 1280, "height": 800})


def fill_the_first_page(tab) -> None:
    tab.get_by_label("Onsala").check()
    tab.get_by_label("25–44 år").check()
    tab.get_by_label("Kvinna").check()
    tab.get_by_role("button", name="Nästa").click()


def test_enter_in_a_field_goes_to_the_next_page_not_back(live_server, tab, survey):
    tab.goto(answer_url(survey, "sida/1/"))
    fill_the_first_page(tab)
    tab.wait_for_url(f"**{answer_url(survey, 'sida/2/')}")
    assert tab.get_by_role("button", name="Tillbaka").is_visible()

    tab.get_by_label("För det mesta").check()
    field = tab.get_by_label("Hur många år har du bott i kommunen?")
    field.fill("12")
    field.press("Enter")

    tab.wait_for_url(f"**{answer_url(survey, 'sida/3/')}")
    assert tab.get_by_role("heading", name="Steg 3 av 4").is_visible()


def test_a_refused_page_moves_focus_to_the_error_summary(live_server, tab, survey):
    tab.goto(answer_url(survey, "sida/1/"))
    tab.get_by_role("button", name="Nästa").click()
    tab.wait_for_load_state()

    summary = tab.locator("[data-error-summary]")
    assert summary.is_visible()
    assert tab.evaluate("() => document.activeElement.closest('[data-error-summary]') !== null"), (
        tab.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    )
    screenshot(tab, f"error-summary-{tab.viewport_size['width']}")
    assert_no_axe_violations(tab)

    # The link goes to the question's first option, ready to answer.
    summary.get_by_role("link", name="I vilket område bor du?").click()
    assert tab.evaluate("() => document.activeElement.id") == "id_area_0"
    tab.keyboard.press("Space")
    assert tab.get_by_label("Anneberg").is_checked()


def test_with_the_map_the_places_in_text_are_folded_away(live_server, tab, survey):
    tab.goto(answer_url(survey, "sida/3/"))
    tab.locator(".place-map .map-label").first.wait_for()

    fold = tab.locator("details.place-fallback__details")
    assert fold.get_attribute("open") is None
    assert not tab.get_by_label("Beskriv platsen").first.is_visible()
    tab.get_by_text("Beskriv platser i text i stället").click()
    assert tab.get_by_label("Beskriv platsen").first.is_visible()
    assert_no_axe_violations(tab)


def test_no_public_page_scrolls_sideways_at_320_pixels(live_server, new_page, demo):
    closed = public_pages(demo)  # the demo's pages, its closed survey's results among them
    survey = open_survey(demo)
    paths = [
        *closed,
        answer_url(survey),
        answer_url(survey, "sida/1/"),
        answer_url(survey, "sida/2/"),
        answer_url(survey, "sida/3/"),
        answer_url(survey, "sida/4/"),
        answer_url(survey, "tack/"),
        # The demo's own open survey: its title is one long Swedish compound.
        answer_url(demo.dialogue.open_survey),
    ]
    too_wide, broken = [], []
    for locale in ("sv-SE", "en-GB"):
        tab = new_page(
            viewport={"width": NARROWEST, "height": 640},
            is_mobile=True,
            has_touch=True,
            locale=locale,
        )
        for path in paths:
            response = tab.goto(path)
            assert response.ok, path
            tab.wait_for_load_state("load")
            width = tab.evaluate("() => document.documentElement.scrollWidth")
            if width > NARROWEST:
                widest = tab.evaluate(WIDEST_ELEMENT, NARROWEST)
                too_wide.append(f"{locale} {path}: {width} px, e.g. {widest}")
                screenshot(tab, f"too-wide-{locale}-{path}")
            if words := tab.evaluate(BROKEN_HEADING_WORDS):
                broken.append(f"{locale} {path}: {words}")
    assert not too_wide, "\n".join(too_wide)
    assert not broken, "headings break mid-word:\n" + "\n".join(broken)


# The elements that reach past the right edge, innermost first: where to look.
WIDEST_ELEMENT = """(limit) => Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > limit + 0.5)
    .filter(e => !e.closest('.table-wrapper') || e.matches('.table-wrapper'))
    .slice(-3)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
         + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
    .join(', ')"""
