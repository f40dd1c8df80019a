"""The reader pages checked by axe-core in a real browser: no serious or critical problems."""

from datetime import timedelta
from io import BytesIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Page
from tests.browser import chromium
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_page,
    make_section,
    make_source,
    make_tag,
)

pytestmark = pytest.mark.browser

# axe-core's impact levels; "moderate" and "minor" are reported but do not fail the test.
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    with chromium() as browser:
        yield browser


@pytest.fixture(params=["light", "dark"])
def page(request, browser):
    """A tab in the light or the dark colour scheme."""
    # The site's Content-Security-Policy would refuse axe-core's injected script; the
    # bypass is for this test's browser only.
    context = browser.new_context(bypass_csp=True, color_scheme=request.param)
    yield context.new_page()
    context.close()
    # Django gave the test's ORM calls a connection of their own while the event loop ran;
    # close it, or PostgreSQL cannot drop the test database.
    connections.close_all()


@pytest.fixture
def light_page(browser):
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()
    connections.close_all()


def png_upload():
    buffer = BytesIO()
    Image.new("RGB", (800, 450), "darkslategray").save(buffer, "PNG")
    return SimpleUploadedFile("hero.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def site():
    """A small but complete site: a lead story with everything, and a few more."""
    section = make_section(name="World", description="News from everywhere.")
    author = make_author(name="Maria Kovalenko", role="Defence correspondent", bio="Based *here*.")
    source = make_source(name="Ministry of Defence", url="https://mod.example/")
    tag = make_tag(name="Belarus")
    article = make_article(
        headline="Minister visits Minsk",
        dek="A visit with a message.",
        summary="The minister met his counterpart.",
        body="# What happened\n\nThe minister *arrived* on Tuesday.\n\n> A quote.\n\n- One\n- Two",
        section=section,
        authors=[author],
        sources=[source],
        tags=[tag],
        hero_image=png_upload(),
        hero_alt="The minister on the airfield",
        hero_caption="Arrival in Minsk.",
        hero_credit="Staff photographer",
        backstory="We read the ministry's statement.",
    )
    make_correction(article=article, published_at=timezone.now() - timedelta(minutes=5))
    for number in range(3):
        make_article(headline=f"Minister speaks again {number}", section=section, authors=[author])
    make_page(title="About us", slug="about", kind=Page.Kind.ABOUT)
    return article


def serious_violations(axe, page, url, *, status=200):
    response = page.goto(url)
    assert response.status == status, url
    results = axe.run(page)
    violations = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in violations
    ]


def test_home_page_has_no_serious_accessibility_problems(axe, page, live_server, site):
    assert serious_violations(axe, page, live_server.url + reverse("articles:home")) == []


def test_article_page_has_no_serious_accessibility_problems(axe, page, live_server, site):
    assert serious_violations(axe, page, live_server.url + site.get_absolute_url()) == []


def test_search_results_have_no_serious_accessibility_problems(axe, page, live_server, site):
    url = live_server.url + reverse("articles:search") + "?q=minister"
    assert serious_violations(axe, page, url) == []


def test_author_page_has_no_serious_accessibility_problems(axe, page, live_server, site):
    url = live_server.url + site.bylines.first().author.get_absolute_url()
    assert serious_violations(axe, page, url) == []


def test_section_page_has_no_serious_accessibility_problems(axe, page, live_server, site):
    assert serious_violations(axe, page, live_server.url + site.section.get_absolute_url()) == []


def test_policy_page_has_no_serious_accessibility_problems(axe, page, live_server, site):
    url = live_server.url + reverse("articles:page-detail", kwargs={"slug": "about"})
    assert serious_violations(axe, page, url) == []


@pytest.mark.parametrize("name", ["tag", "source", "corrections", "empty search", "not found"])
def test_other_reader_pages_have_no_serious_accessibility_problems(
    axe, light_page, live_server, site, name
):
    path, status = {
        "tag": (site.tags.first().get_absolute_url(), 200),
        "source": (site.citations.first().source.get_absolute_url(), 200),
        "corrections": (reverse("articles:corrections"), 200),
        "empty search": (reverse("articles:search") + "?q=nothing+matches+this", 200),
        "not found": ("/articles/no-such-story/", 404),
    }[name]
    assert serious_violations(axe, light_page, live_server.url + path, status=status) == []


def test_skip_link_appears_on_focus_and_moves_focus_to_the_content(light_page, live_server, site):
    page = light_page
    page.goto(live_server.url + reverse("articles:home"))
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert skip_link.evaluate("element => element === document.activeElement")
    # Visible while focused: inside the viewport, with the focus outline drawn.
    box = skip_link.bounding_box()
    assert box["y"] >= 0
    assert skip_link.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_drawn_on_links_and_fields(light_page, live_server, site):
    page = light_page
    page.goto(live_server.url + reverse("articles:home"))
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the masthead link
    page.keyboard.press("Tab")  # the search box
    assert page.evaluate("document.activeElement.id") == "site-search-query"
    outline = page.locator("#site-search-query").evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    )
    assert outline[0] != "none"
    assert float(outline[1].removesuffix("px")) >= 2


def test_dark_scheme_turns_the_paper_dark(browser, live_server, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(live_server.url + site.get_absolute_url())
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    red, green, blue = (int(part) for part in background[4:-1].split(","))
    assert max(red, green, blue) < 64, background


def test_print_leaves_out_navigation_and_search(light_page, live_server, site):
    page = light_page
    page.goto(live_server.url + site.get_absolute_url())
    page.emulate_media(media="print")
    for selector in [".site-nav", ".site-search", ".skip-link"]:
        assert page.locator(selector).evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".article__body").is_visible()
