"""Real-browser tests: Playwright driving Debian's headless Chromium against the live server."""
