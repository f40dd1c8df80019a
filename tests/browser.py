"""Headless Chromium for the browser tests: Debian's build at /usr/bin/chromium, never a
downloaded one."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking switches Chromium keeps calling Google's hosts, which
# this closed network refuses.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a long test password nobody uses"


@contextmanager
def chromium():
    """A headless Chromium; without one the test skips, or fails in CI
    (NEWSROOM_REQUIRE_BROWSER=1)."""
    if not CHROMIUM.exists():
        reason = f"Chromium not installed at {CHROMIUM}; apt-get install chromium"
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse the
    # test's own (synchronous) database calls unless told they are safe.
    with pytest.MonkeyPatch.context() as monkeypatch, sync_playwright() as playwright:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright ran, Django gave the test's ORM calls a connection of their
            # own; close it, or PostgreSQL cannot drop the test database.
            connections.close_all()


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")
