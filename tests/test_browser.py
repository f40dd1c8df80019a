"""The editor's path in a real browser: write with the live preview, publish, read it."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article
from tests import browser
from tests.browser import PASSWORD, log_in
from tests.factories import make_author

pytestmark = pytest.mark.browser


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


def test_missing_chromium_skips_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.delenv("NEWSROOM_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        with browser.chromium():
            pass


def test_missing_chromium_fails_when_ci_requires_it(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.setenv("NEWSROOM_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="Chromium not installed"):
        with browser.chromium():
            pass
