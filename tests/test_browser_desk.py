"""The desk in a real browser: the dashboard, the two-column article form at 1280 px,
dragging a byline, and a tag created from the autocomplete. Screenshots land in
NEWSROOM_SCREENSHOTS (a folder) when it is set, to be looked at."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Tag
from tests.browser import PASSWORD, log_in
from tests.factories import make_article, make_author, make_tag
from tests.test_browser_workflow import collect_csp_violations, make_staff_user

pytestmark = pytest.mark.browser


def screenshot(page, name):
    folder = os.environ.get("NEWSROOM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def editor_signed_in(page, live_server):
    # A superuser: the live server's database is emptied between tests, groups included.
    editor = get_user_model().objects.create_superuser("edna", "edna@example.com", PASSWORD)
    log_in(page, live_server, "edna")
    return editor


def change_url(live_server, article):
    return f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"


def test_the_desk_shows_the_days_work_and_leads_into_the_list(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    violations = collect_csp_violations(page)
    editor = editor_signed_in(page, live_server)
    make_article(headline="Harbour draft", status=Article.Status.DRAFT, created_by=editor)
    make_article(headline="Budget vote", status=Article.Status.IN_REVIEW)
    make_article(headline="Bridge reopens", published_at=timezone.now() + timedelta(hours=20))
    # Published a moment ago: the factory's default, an hour ago, is yesterday after midnight.
    make_article(
        headline="Ferry strike ends",
        body="Analysts suggest a deal is near.",
        published_at=timezone.now() - timedelta(seconds=1),
    )

    page.goto(f"{live_server.url}/admin/")
    screenshot(page, "desk-1280")

    expect(page.locator(".desk-panel--drafts")).to_contain_text("Harbour draft")
    expect(page.locator(".desk-panel--review")).to_contain_text("Budget vote")
    expect(page.locator(".desk-panel--today")).to_contain_text("Ferry strike ends")
    expect(page.locator(".desk-panel--claims")).to_contain_text("1 vague")
    page.locator(".desk-panel--scheduled .desk-panel__title a").click()
    expect(page.locator("#result_list")).to_contain_text("Bridge reopens")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert violations == []


def test_the_article_form_has_two_columns_at_1280_px(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    editor_signed_in(page, live_server)
    article = make_article(status=Article.Status.DRAFT, headline="Two columns")

    page.goto(change_url(live_server, article))
    screenshot(page, "article-form-1280")

    story = page.locator("fieldset:has(#id_headline)").bounding_box()
    publishing = page.locator("fieldset:has(#id_status)").bounding_box()
    picture = page.locator("fieldset:has(#id_hero_image)").bounding_box()
    citations = page.locator("#citations-group").bounding_box()
    # Side by side: the text on the left, publishing, picture and citations on the right.
    assert publishing["x"] > story["x"] + story["width"] - 1
    assert abs(publishing["y"] - story["y"]) < 5
    assert picture["x"] == publishing["x"] and citations["x"] == publishing["x"]
    assert page.locator("#id_headline").bounding_box()["width"] > 500

    page.set_viewport_size({"width": 1000, "height": 900})
    story = page.locator("fieldset:has(#id_headline)").bounding_box()
    publishing = page.locator("fieldset:has(#id_status)").bounding_box()
    assert publishing["y"] > story["y"] + story["height"] - 1  # one column below 1280 px


def test_dragging_a_byline_reorders_it(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    violations = collect_csp_violations(page)
    editor_signed_in(page, live_server)
    first, second = make_author(name="Ana Ruiz"), make_author(name="Tom Berg")
    article = make_article(status=Article.Status.DRAFT, authors=[first, second])

    page.goto(change_url(live_server, article))
    rows = page.locator("#bylines-group tr.form-row.has_original")
    expect(rows).to_have_count(2)
    rows.nth(1).locator(".reorder-handle").drag_to(rows.nth(0), target_position={"x": 5, "y": 2})
    expect(rows.nth(0)).to_contain_text("Tom Berg")
    screenshot(page, "byline-dragged")
    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    names = [byline.author.name for byline in Article.objects.get(pk=article.pk).bylines.all()]
    assert names == ["Tom Berg", "Ana Ruiz"]
    assert violations == []


def test_the_arrow_keys_move_a_byline_too(page, live_server):
    editor_signed_in(page, live_server)
    article = make_article(
        status=Article.Status.DRAFT, authors=[make_author(name="Ana"), make_author(name="Tom")]
    )

    page.goto(change_url(live_server, article))
    page.locator("#bylines-group tr.has_original .reorder-handle").first.press("ArrowDown")
    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    names = [byline.author.name for byline in Article.objects.get(pk=article.pk).bylines.all()]
    assert names == ["Tom", "Ana"]


def test_a_tag_is_created_from_the_autocomplete(page, live_server):
    violations = collect_csp_violations(page)
    editor_signed_in(page, live_server)
    make_tag(name="Harbours")
    article = make_article(status=Article.Status.DRAFT)

    page.goto(change_url(live_server, article))
    page.locator(".field-tags .select2-selection").click()
    search = page.locator(".select2-search__field")
    search.fill("Ferry strikes")
    expect(
        page.locator(".select2-results__option", has_text="Ferry strikes (new tag)")
    ).to_be_visible()
    screenshot(page, "tag-inline")
    search.press("Enter")
    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    tag = Tag.objects.get(name="Ferry strikes")
    assert tag.slug == "ferry-strikes"
    assert list(Article.objects.get(pk=article.pk).tags.all()) == [tag]
    expect(page.locator(".field-tags .select2-selection__choice")).to_contain_text("Ferry strikes")
    assert violations == []


def test_a_new_story_starts_with_its_writers_byline(page, live_server):
    writer = make_staff_user(
        "wanda",
        group="Writer",
        codenames=["add_article", "change_article", "view_article", "add_byline", "view_author"],
    )
    make_author(name="Wanda Li", user=writer)
    log_in(page, live_server, "wanda")

    page.goto(f"{live_server.url}{reverse('admin:articles_article_add')}")

    expect(page.locator("#bylines-group")).to_contain_text("Wanda Li")


def test_the_autosave_banner_gives_its_time_in_the_newsrooms_zone(page, live_server, settings):
    settings.TIME_ZONE = "Asia/Tokyo"  # the browser runs in UTC
    editor_signed_in(page, live_server)
    article = make_article(status=Article.Status.DRAFT, body="Saved body")

    page.goto(change_url(live_server, article))
    page.locator("#id_body").fill("Typed but never saved")
    page.wait_for_timeout(1200)  # the script keeps text after a short pause in typing
    page.reload()

    bar = page.locator(".autosave-bar")
    expect(bar).to_contain_text("GMT+9")
    expect(bar).to_contain_text(f"{timezone.localtime():%H}:")
