"""Fixtures for the real-browser tests.

Playwright's Python API drives Debian's Chromium (/usr/bin/chromium, installed by
scripts/ensure-system-packages) against pytest-django's ``live_server``. Never a
browser build downloaded by Playwright: this machine and CI can't fetch one, and a
distribution browser is what we can rebuild anywhere.

Fixtures:
    browser      one headless Chromium, shared by the browser tests (package scope)
    page         a fresh desktop tab (1280×800) in its own context (cookies, storage)
    phone_page   a fresh phone tab (390×844, touch, mobile viewport)

Both pages speak Swedish by default (Accept-Language sv-SE, Stockholm time), as a
resident's browser would; pass ``locale`` via ``new_page(...)`` for others. When the
test uses ``live_server`` the context's base URL is the live server, so
``page.goto("/")`` works, and every request to any other origin is blocked and fails
the test: the product must make no third-party requests. Uncaught JavaScript errors
and Content-Security-Policy violations fail the test too.

Helpers (axe-core, screenshots) are in e2e/helpers.py.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from trygg.demo.services import load_kungsbacka_demo

CHROMIUM = os.environ.get("TRYGG_CHROMIUM", "/usr/bin/chromium")
# The background-networking flags matter: without them Chromium keeps calling
# Google's services, which this machine's closed network refuses, and which
# would show up as third-party requests of our own.
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI; the sandbox needs user namespaces
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000

E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # Everything under e2e/ drives a browser, marked or not, so `-m "not browser"`
    # reliably skips the slow part.
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# Package scope, not session: pytest tears a package's fixtures down as soon as
# the next test lies outside e2e/ (pytest-django reorders tests by database use,
# so browser tests can come in two runs). That keeps the two side effects below
# confined to browser tests.
@pytest.fixture(scope="package")
def _playwright():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API marks an asyncio event loop as running in the main
    # thread between its calls, and Django then refuses ORM calls from the test body
    # and from pytest-django's database fixtures ("You cannot call this from an
    # async context"). Nothing here really runs concurrently with the ORM, so the
    # check is switched off -- only while Playwright runs: the variable is
    # inherited by subprocesses, and `trygg check --deploy` rightly rejects it.
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


@pytest.fixture(scope="package")
def browser(_playwright):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"No Chromium at {CHROMIUM}. Install Debian's: scripts/ensure-system-packages "
            "(or apt-get install chromium fonts-dejavu-core).",
            pytrace=False,
        )
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _Guard:
    """Records what must fail a test: foreign requests, JS errors, CSP violations."""

    # Schemes that never leave the browser.
    LOCAL_SCHEMES = {"data", "blob", "about", "javascript"}

    def __init__(self, allowed_origin: str | None):
        self.allowed_origin = allowed_origin
        self.foreign_requests: list[str] = []
        self.errors: list[str] = []

    def is_foreign(self, url: str) -> bool:
        if urlsplit(url).scheme in self.LOCAL_SCHEMES:
            return False
        return _origin(url) != self.allowed_origin

    def on_request(self, request) -> None:
        if self.is_foreign(request.url):
            self.foreign_requests.append(f"{request.method} {request.url}")

    def on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(f"CSP: {message.text}")

    def on_page_error(self, error) -> None:
        self.errors.append(f"JavaScript error: {error}")

    def problems(self) -> list[str]:
        lines = []
        if self.foreign_requests:
            lines.append("The page made requests to hosts other than the live server:")
            lines += [f"  {r}" for r in dict.fromkeys(self.foreign_requests)]
        lines += self.errors
        return lines


@pytest.fixture
def new_page(browser, request):
    """Factory: ``new_page(**context_options)`` opens a guarded tab; closed after the test."""
    base_url = None
    if "live_server" in request.fixturenames:
        base_url = request.getfixturevalue("live_server").url
    opened: list[tuple] = []

    def open_page(**options):
        guard = _Guard(_origin(base_url) if base_url else None)
        options = {
            "locale": "sv-SE",
            "timezone_id": "Europe/Stockholm",
            **({"base_url": base_url} if base_url else {}),
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        # Block foreign requests so a test never waits on the network; the page's
        # "request" event below still records them, and they fail the test.
        context.route(guard.is_foreign, lambda route: route.abort("blockedbyclient"))
        page = context.new_page()
        page.on("request", guard.on_request)
        page.on("console", guard.on_console)
        page.on("pageerror", guard.on_page_error)
        opened.append((context, guard))
        return page

    yield open_page

    problems = []
    for context, guard in opened:
        context.close()
        problems += guard.problems()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_page):
    """A desktop tab, 1280×800."""
    return new_page(viewport={"width": 1280, "height": 800})


@pytest.fixture
def phone_page(new_page):
    """A phone tab, 390×844 (an iPhone 12-14 sized screen), touch, mobile viewport."""
    return new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def demo(transactional_db, settings):
    """The Kungsbacka demo as `make demo` loads it, without incidents (fast password hasher)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No page here shows incidents; their import would add 10 s to every test.
    return load_kungsbacka_demo(incidents=False)
