"""The browser harness itself works: the site loads in Chromium, and the checks bite."""

import pytest

from e2e.helpers import assert_no_axe_violations, axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_home_page_loads_in_chromium(live_server, page):
    response = page.goto("/")

    assert response is not None and response.ok, response and response.status
    assert page.locator("h1").count() >= 1
    assert page.locator("h1").first.inner_text().strip()
    screenshot(page, "smoke-home-desktop")
    # No third-party request is checked by the page fixture when the test ends.


def test_home_page_loads_on_a_phone(live_server, phone_page):
    response = phone_page.goto("/")

    assert response is not None and response.ok
    assert phone_page.locator("h1").count() >= 1
    screenshot(phone_page, "smoke-home-phone")


def test_axe_check_finds_a_missing_alt_text(page):
    """assert_no_axe_violations really fails on a broken page (so a pass means something)."""
    page.set_content(
        '<!doctype html><html lang="sv"><head><title>Trasig</title></head>'
        '<body><main><h1>Trasig sida</h1><img src="data:image/gif;base64,'
        'R0lGODlhAQABAAAAACw="></main></body></html>'
    )

    violations = axe_violations(page)
    assert "image-alt" in {v["id"] for v in violations}, violations

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert "image-alt" in message
    assert "critical" in message
    assert "img" in message  # the target selector is named


def test_axe_check_passes_a_clean_page(page):
    page.set_content(
        '<!doctype html><html lang="sv"><head><title>Hel</title></head>'
        "<body><main><h1>Hel sida</h1><p>Text.</p></main></body></html>"
    )

    assert_no_axe_violations(page)


def test_foreign_requests_are_caught(browser):
    """The guard the page fixture installs records a request to another host."""
    from e2e.conftest import _Guard

    guard = _Guard("http://localhost:8081")
    assert guard.is_foreign("https://unpkg.com/leaflet.js")
    assert guard.is_foreign("http://127.0.0.1:8081/")  # another origin, strictly
    assert not guard.is_foreign("http://localhost:8081/static/x.css")
    assert not guard.is_foreign("data:image/png;base64,AAAA")
    assert _Guard(None).is_foreign("http://localhost:8081/")

    context = browser.new_context()
    try:
        page = context.new_page()
        context.route(guard.is_foreign, lambda route: route.abort("blockedbyclient"))
        page.on("request", guard.on_request)
        page.set_content('<img alt="" src="https://tiles.example.org/1/2/3.png">')
        page.wait_for_timeout(200)
    finally:
        context.close()
    assert guard.foreign_requests == ["GET https://tiles.example.org/1/2/3.png"]
    assert "tiles.example.org" in "\n".join(guard.problems())


def test_home_page_has_no_serious_accessibility_violations(live_server, page):
    """axe-core runs on a real page, under the page's own Content-Security-Policy."""
    response = page.goto("/")

    assert "script-src" in (response.headers.get("content-security-policy") or "")
    assert_no_axe_violations(page)
    assert page.evaluate("() => typeof window.axe") == "object"  # it really ran
