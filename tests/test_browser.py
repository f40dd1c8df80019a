"""The editor's path in a real browser: write with the live preview, publish, read it."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from articles.models import Article
from tests.factories import make_author

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a long test password nobody uses"

pytestmark = pytest.mark.browser


@pytest.fixture
def page(monkeypatch):
    """A headless Chromium tab; CI (NEWSROOM_REQUIRE_BROWSER=1) fails rather than skips."""
    if not CHROMIUM.exists():
        reason = f"Chromium not installed at {CHROMIUM}; apt-get install chromium"
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse the
    # test's own (synchronous) database calls unless told they are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        yield browser.new_page()
        browser.close()
        # While Playwright runs, Django sees an event loop and gives the test's ORM calls
        # a connection of their own; close it, or PostgreSQL cannot drop the test database.
        connections.close_all()


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")


def test_editor_writes_with_live_preview_publishes_and_readers_see_it(page, live_server):
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    make_author(name="Lena Fischer")
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, live_server, "editor")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    # Typed key by key: the admin fills the slug in from the headline on keyup.
    page.locator("#id_headline").press_sequentially("Bridge reopens after repairs")
    expect(page.locator("#id_slug")).to_have_value("bridge-reopens-after-repairs")
    page.locator("#id_body").fill("# Hello\n\nSome **bold** text")
    preview = page.locator(".field-body .markdownx-preview")
    expect(preview.locator("h2")).to_have_text("Hello")
    expect(preview.locator("strong")).to_have_text("bold")

    # The byline's author is a select2 autocomplete: open it, search, pick the match.
    page.locator("#bylines-0 .field-author .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Lena")
    page.locator(".select2-results__option", has_text="Lena Fischer").click()
    page.select_option("#id_status", Article.Status.PUBLISHED)
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="bridge-reopens-after-repairs")
    assert [byline.author.name for byline in article.bylines.all()] == ["Lena Fischer"]
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Bridge reopens after repairs")
    expect(page.locator("strong", has_text="bold")).to_be_visible()
    expect(page.get_by_text("Lena Fischer").first).to_be_visible()
    assert csp_violations == []
