"""The front page in a real browser: an Editor places, drags and reorders stories, a placed
story that is unpublished leaves at once, and the page holds together at 1280 and 390 px
with 0, 1, 5 and 50 stories, with and without pictures (screenshots kept for a person to
look at: NEWSROOM_SCREENSHOTS names the folder, test-artifacts/screenshots by default)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles import workflow
from articles.models import FrontPagePlacement
from tests.browser import PASSWORD, log_in
from tests.factories import make_article, make_author, make_section, picture_upload

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(
    os.environ.get("NEWSROOM_SCREENSHOTS")
    or Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
)


@pytest.fixture
def editor_in_browser(page, live_server):
    # A superuser: live_server's tests empty the tables between tests, the groups included.
    editor = get_user_model().objects.create_superuser("desk", "desk@example.com", PASSWORD)
    log_in(page, live_server, "desk")
    return editor


def admin_page(live_server):
    return f"{live_server.url}{reverse('admin:articles_frontpageplacement_changelist')}"


def placed():
    return list(FrontPagePlacement.objects.values_list("article__headline", flat=True))


def lead_headline(page, live_server):
    page.goto(f"{live_server.url}/")
    return page.locator(".lead-story__headline").inner_text()


def test_an_editor_places_drags_and_reorders_stories(page, live_server, editor_in_browser):
    for number, headline in enumerate(["Newest story", "Bridge reopens", "Budget passes"]):
        make_article(headline=headline, published_at=timezone.now() - timedelta(hours=number))
    assert lead_headline(page, live_server) == "Newest story"

    page.goto(admin_page(live_server))
    for headline in ("Budget passes", "Bridge reopens"):
        page.select_option(
            "#front-page-add",
            label=page.locator("#front-page-add option", has_text=headline).inner_text(),
        )
        page.get_by_role("button", name="Place at the end").click()
        expect(page.locator(".messagelist .success")).to_contain_text("readers see it now")
    assert placed() == ["Budget passes", "Bridge reopens"]
    assert lead_headline(page, live_server) == "Budget passes"

    # Dragged by the mouse: the second story above the first, then saved.
    page.goto(admin_page(live_server))
    rows = page.locator("[data-sortable] [data-row]")
    rows.nth(1).drag_to(rows.nth(0), target_position={"x": 20, "y": 2})
    expect(page.locator("[data-unsaved]")).to_be_visible()
    expect(rows.nth(0).locator("[data-slot-label]")).to_have_text("Lead")
    expect(rows.nth(0)).to_contain_text("Bridge reopens")
    page.get_by_role("button", name="Save the front page").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert placed() == ["Bridge reopens", "Budget passes"]
    assert lead_headline(page, live_server) == "Bridge reopens"

    # The buttons, for the keyboard and without JavaScript.
    page.goto(admin_page(live_server))
    page.get_by_role("button", name="Move “Bridge reopens” down").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert placed() == ["Budget passes", "Bridge reopens"]
    page.get_by_role("button", name="Take “Budget passes” off the front page").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert placed() == ["Bridge reopens"]


def test_an_unpublished_placed_story_leaves_the_front_page_at_once(
    page, live_server, editor_in_browser
):
    make_article(headline="Newest story")
    lead = make_article(headline="Placed lead", published_at=timezone.now() - timedelta(days=1))
    workflow.arrange_front_page(stories=[lead], sections=[], user=editor_in_browser)
    assert lead_headline(page, live_server) == "Placed lead"

    workflow.unpublish_articles([lead], user=editor_in_browser)
    assert lead_headline(page, live_server) == "Newest story"
    expect(page.get_by_text("Placed lead")).to_have_count(0)

    page.goto(admin_page(live_server))
    expect(page.locator("[data-row]", has_text="Placed lead")).to_contain_text(
        "not shown until it is published again"
    )


def serve_media(page):
    """Serve uploaded pictures from the test's MEDIA_ROOT: the test server does not."""

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        path = Path(settings.MEDIA_ROOT) / name
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404)

    page.route(f"**{settings.MEDIA_URL}**", fulfil)


def fill_site(count, *, pictures):
    sections = [make_section(name=name) for name in ("World", "Politics", "Science", "Culture")]
    authors = [make_author(name=name) for name in ("Ciarán Ó Briain", "Lena Fischer")]
    colours = ["steelblue", "darkolivegreen", "indianred", "goldenrod", "slategray"]
    for number in range(count):
        long = number % 3
        make_article(
            headline=f"Harbour authority reopens the northern quay after storm repairs ({number})"
            if long
            else f"Minister resigns ({number})",
            dek="Engineers say the sea wall will hold; fishermen are not so sure."
            if number % 2 == 0
            else "",
            # The newest has no section, byline or dek: the lead must not show holes.
            section=sections[number % 4] if number % 5 else None,
            authors=[authors[number % 2]] if number % 4 else [],
            published_at=timezone.now() - timedelta(hours=number + 1),
            hero_image=picture_upload(color=colours[number % 5])
            if pictures and number % 4 != 3
            else "",
            hero_alt="The northern quay at dawn" if pictures and number % 4 != 3 else "",
        )


@pytest.mark.parametrize("pictures", [True, False], ids=["pictures", "text"])
@pytest.mark.parametrize("count", [0, 1, 5, 50])
def test_the_front_page_holds_together_at_every_width(page, live_server, count, pictures):
    fill_site(count, pictures=pictures)
    serve_media(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        # Lazy pictures load as they come near: scroll through, as a reader would.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")
        name = f"home-{count}-{'pictures' if pictures else 'text'}-{width}.png"
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)

        # Nothing wider than the screen: the navigation scrolls inside itself.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        nav = page.locator(".site-nav__list")
        items = nav.locator(".site-nav__item")
        tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
        assert len(tops) == 1, "the sections' navigation wraps onto a second line"
        # Every picture has its size set before it loads, and loaded.
        for image in page.locator("main img").all():
            assert image.get_attribute("width") and image.get_attribute("height")
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        if count == 0:
            expect(page.locator(".empty-state")).to_be_visible()
            continue
        lead = page.locator(".lead-story")
        expect(lead).to_have_count(1)
        # No empty part of the lead takes room.
        for part in lead.locator("p, h2, picture").all():
            assert part.inner_text().strip() or part.evaluate("el => el.tagName") == "PICTURE"
