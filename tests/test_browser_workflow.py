"""The editorial workflow in a real browser: unsaved text survives a closed tab, and a story
goes from a Writer, through review and preview by an Editor, to readers."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.browser import PASSWORD, log_in
from tests.factories import make_article

pytestmark = pytest.mark.browser


def collect_csp_violations(page):  # noqa: F811
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def make_staff_user(username, *, group, codenames):
    """A staff member in the desk's group, or with its permissions if the group is missing."""
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    desk = Group.objects.filter(name=group).first()
    if desk is not None and desk.permissions.exists():
        user.groups.add(desk)
    else:
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )
    return user


def test_unsaved_text_comes_back_after_the_tab_is_closed(page, live_server):  # noqa: F811
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    article = make_article(status=Article.Status.DRAFT, body="Saved body")
    change_url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    # A context of its own, which can hold a second tab sharing the first one's storage.
    context = page.context.browser.new_context()
    first = context.new_page()
    log_in(first, live_server, "editor")

    first.goto(change_url)
    first.locator("#id_body").fill("Typed but **never** saved")
    first.locator("#id_dek").fill("A dek nobody saved")
    first.wait_for_timeout(1200)  # The script keeps text after a short pause in typing.
    first.close()

    reopened = context.new_page()
    violations = collect_csp_violations(reopened)
    reopened.goto(change_url)
    expect(reopened.locator("#id_body")).to_have_value("Saved body")
    bar = reopened.locator(".autosave-bar")
    expect(bar).to_contain_text("Unsaved text from")
    bar.get_by_role("button", name="Restore").click()

    expect(bar).to_have_count(0)
    expect(reopened.locator("#id_body")).to_have_value("Typed but **never** saved")
    expect(reopened.locator("#id_dek")).to_have_value("A dek nobody saved")
    preview = reopened.locator(".field-body .markdownx-preview")
    expect(preview.locator("strong")).to_have_text("never")
    assert violations == []


def test_restoring_unsaved_text_does_not_overwrite_a_colleagues_save(page, live_server):  # noqa: F811
    for username in ("editor", "colleague"):
        get_user_model().objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    article = make_article(status=Article.Status.DRAFT, body="Saved body", dek="Old dek")
    change_url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    mine = page.context.browser.new_context()
    first = mine.new_page()
    log_in(first, live_server, "editor")
    first.goto(change_url)
    first.locator("#id_body").fill("The editor's new body")
    first.wait_for_timeout(1200)
    first.close()
    # Meanwhile a colleague, in another browser, changes the dek and saves.
    theirs = page.context.browser.new_context().new_page()
    log_in(theirs, live_server, "colleague")
    theirs.goto(change_url)
    theirs.locator("#id_dek").fill("The colleague's dek")
    theirs.locator("input[name=_continue]").first.click()
    expect(theirs.locator(".messagelist .success")).to_be_visible()

    reopened = mine.new_page()
    reopened.goto(change_url)
    reopened.locator(".autosave-bar").get_by_role("button", name="Restore").click()
    expect(reopened.locator("#id_dek")).to_have_value("The colleague's dek")
    reopened.locator("input[name=_continue]").first.click()

    # The save is caught as a conflict, with the colleague's dek kept in the form.
    expect(reopened.locator(".errornote")).to_be_visible()
    expect(reopened.locator(".autosave-bar")).to_have_count(0)
    article.refresh_from_db()
    assert (article.body, article.dek) == ("Saved body", "The colleague's dek")
    reopened.locator("input[name=_continue]").first.click()
    expect(reopened.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert (article.body, article.dek) == ("The editor's new body", "The colleague's dek")


def test_restored_text_kept_again_still_remembers_the_version_it_was_typed_on(
    page,  # noqa: F811
    live_server,
):
    for username in ("editor", "colleague"):
        get_user_model().objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    article = make_article(status=Article.Status.DRAFT, headline="Old headline")
    change_url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    mine = page.context.browser.new_context()
    first = mine.new_page()
    log_in(first, live_server, "editor")
    first.goto(change_url)
    first.locator("#id_headline").fill("The editor's headline")
    first.wait_for_timeout(1200)
    first.close()
    theirs = page.context.browser.new_context().new_page()
    log_in(theirs, live_server, "colleague")
    theirs.goto(change_url)
    theirs.locator("#id_headline").fill("The colleague's headline")
    theirs.locator("input[name=_continue]").first.click()
    expect(theirs.locator(".messagelist .success")).to_be_visible()
    # Restored, kept again without saving, restored once more.
    for _ in range(2):
        tab = mine.new_page()
        tab.goto(change_url)
        tab.locator(".autosave-bar").get_by_role("button", name="Restore").click()
        tab.locator("#id_dek").fill("A dek typed after the restore")
        tab.wait_for_timeout(1200)
        tab.close()
    tab = mine.new_page()
    tab.goto(change_url)
    tab.locator(".autosave-bar").get_by_role("button", name="Restore").click()
    tab.locator("input[name=_continue]").first.click()

    expect(tab.locator(".errornote")).to_be_visible()
    article.refresh_from_db()
    assert article.headline == "The colleague's headline"


def test_unsaved_text_is_offered_only_to_the_editor_who_typed_it(page, live_server):  # noqa: F811
    for username in ("editor", "colleague"):
        get_user_model().objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    add_url = f"{live_server.url}{reverse('admin:articles_article_add')}"
    # One browser, as on a shared newsroom computer: the storage outlives each sign-in.
    context = page.context.browser.new_context()
    tab = context.new_page()
    log_in(tab, live_server, "editor")
    tab.goto(add_url)
    tab.locator("#id_body").fill("The editor's unsaved scoop")
    tab.wait_for_timeout(1200)

    context.clear_cookies()
    log_in(tab, live_server, "colleague")
    tab.goto(add_url)
    expect(tab.locator("#id_body")).to_have_value("")
    expect(tab.locator(".autosave-bar")).to_have_count(0)

    context.clear_cookies()
    log_in(tab, live_server, "editor")
    tab.goto(add_url)
    expect(tab.locator(".autosave-bar")).to_contain_text("Unsaved text from")


def test_discarded_or_saved_text_is_not_offered_again(page, live_server):  # noqa: F811
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    article = make_article(status=Article.Status.DRAFT, body="Saved body")
    change_url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    log_in(page, live_server, "editor")

    page.goto(change_url)
    page.locator("#id_body").fill("Edited and saved")
    page.wait_for_timeout(1200)
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(change_url)

    expect(page.locator("#id_body")).to_have_value("Edited and saved")
    expect(page.locator(".autosave-bar")).to_have_count(0)


def test_writer_submits_editor_previews_and_publishes_reader_sees_it(
    page,  # noqa: F811
    live_server,
):
    make_staff_user(
        "writer",
        group="Writer",
        codenames=["add_article", "change_article", "view_article", "view_byline"],
    )
    make_staff_user(
        "desk-editor",
        group="Editor",
        codenames=[
            "add_article",
            "change_article",
            "view_article",
            "publish_article",
            "edit_others_article",
        ],
    )
    browser = page.context.browser

    # The Writer writes and sends the story for review.
    log_in(page, live_server, "writer")
    page.goto(f"{live_server.url}{reverse('admin:articles_article_add')}")
    page.locator("#id_headline").press_sequentially("Harbour tunnel opens early")
    expect(page.locator("#id_slug")).to_have_value("harbour-tunnel-opens-early")
    page.locator("#id_body").fill("The tunnel opened **two weeks** early.")
    page.select_option("#id_status", Article.Status.IN_REVIEW)
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    article = Article.objects.get(slug="harbour-tunnel-opens-early")
    assert article.status == Article.Status.IN_REVIEW

    # The Editor previews it, as readers will see it, then publishes it.
    editor_page = browser.new_context().new_page()
    violations = collect_csp_violations(editor_page)
    log_in(editor_page, live_server, "desk-editor")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    editor_page.goto(f"{live_server.url}{change_url}")
    with editor_page.context.expect_page() as opened:
        editor_page.get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator(".preview-banner")).to_contain_text("Preview — not published")
    expect(preview.locator("h1")).to_have_text("Harbour tunnel opens early")
    preview.close()
    editor_page.select_option("#id_status", Article.Status.PUBLISHED)
    editor_page.locator("input[name=_save]").first.click()
    expect(editor_page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert violations == []

    # A reader, signed in nowhere, reads it on the site.
    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}/articles/harbour-tunnel-opens-early/")
    expect(reader.locator("h1")).to_have_text("Harbour tunnel opens early")
    expect(reader.locator("strong", has_text="two weeks")).to_be_visible()
    expect(reader.locator(".preview-banner")).to_have_count(0)
