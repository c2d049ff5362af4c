"""Helpers for the real-browser tests: signing in, accessibility checks and screenshots.

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
"""

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from trygg.demo.kungsbacka import DEMO_PASSWORD

REPO_ROOT = Path(__file__).resolve().parent.parent
AXE_PATH = REPO_ROOT / "src" / "trygg" / "core" / "static" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "screenshots"

# WCAG 2.1 level A and AA, what Swedish law (DOS-lagen, EN 301 549) requires.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")

# Every word of every heading on one line: a word split over two lines has two boxes.
# A break at a hyphen or a soft hyphen (a compound's seam) is a proper break, not one.
BROKEN_HEADING_WORDS = """() => {
  const broken = [];
  for (const heading of document.querySelectorAll('main h1, main h2, main h3')) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\u00ad-]+/g)) {
        // The line of a letter: its last box (a box before it can be the hyphen that
        // a soft hyphen drew at the end of the line above).
        const lineOf = (at) => {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const boxes = range.getClientRects();
          return Math.round(boxes[boxes.length - 1].top);
        };
        const first = match.index, last = match.index + match[0].length - 1;
        if (lineOf(first) !== lineOf(last)) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def _inject_axe(page) -> None:
    # page.evaluate goes through the DevTools protocol, not a <script> element, so
    # the page's Content-Security-Policy (script-src 'self' + nonce) does not block
    # it, and the page's own CSP stays in force for everything else.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;undefined")


def axe_violations(page, *, impacts=FAILING_IMPACTS, tags=WCAG_TAGS) -> list[dict]:
    """Run axe-core on the page as it is now; return the violations of these impacts."""
    _inject_axe(page)
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(' ')),
            }));
        }""",
        list(tags),
    )
    return [v for v in result if v["impact"] in impacts]


def format_violations(violations: list[dict], url: str = "") -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url or 'the page'}:"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']}")
        for target in v["targets"][:10]:
            lines.append(f"    at {target}")
        if len(v["targets"]) > 10:
            lines.append(f"    … and {len(v['targets']) - 10} more")
    return "\n".join(lines)


def assert_no_axe_violations(page, *, impacts=FAILING_IMPACTS, tags=WCAG_TAGS) -> None:
    """Fail the test if axe-core finds serious or critical WCAG 2.1 AA violations."""
    violations = axe_violations(page, impacts=impacts, tags=tags)
    if violations:
        pytest.fail(format_violations(violations, page.url), pytrace=False)


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG to screenshots/NAME.png (gitignored) for a human to look at."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "page"
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(page, username: str = "samordnare", password: str = DEMO_PASSWORD) -> None:
    """Sign in on the sign-in page as a person does, and wait for the page it leads to."""
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    # The next page: the workspace, the code step (/konto/logga-in/kod/) or a set-up.
    page.wait_for_url(lambda url: urlsplit(url).path != "/konto/logga-in/")
