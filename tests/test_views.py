"""The public reader site: what readers can reach, what each page shows, and what it costs."""

import re
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from articles import paging, workflow
from articles.models import Article, Byline, Citation, Correction
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_section,
    make_source,
    make_tag,
    pictures_made,
    run_queued_jobs,
)

pytestmark = pytest.mark.django_db

# A <script> the browser would run. JSON-LD blocks (type="application/ld+json") are data.
EXECUTABLE_SCRIPT = re.compile(r'<script(?![^>]*type="application/ld\+json")', re.IGNORECASE)

# Ways an article can exist without readers being allowed to see it.
UNPUBLISHED = {
    "draft": {"status": Article.Status.DRAFT},
    "in-review": {"status": Article.Status.IN_REVIEW},
    "archived": {"status": Article.Status.ARCHIVED, "published_at": None},
    "archived-after-publication": {
        "status": Article.Status.ARCHIVED,
        "published_at": timezone.now() - timedelta(days=3),
    },
    "scheduled": {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() + timedelta(days=1),
    },
}


def png_upload(name="hero.png"):
    buffer = BytesIO()
    Image.new("RGB", (4, 3), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def url(name, obj=None):
    return reverse(f"articles:{name}", kwargs={"slug": obj.slug} if obj else None)


@pytest.fixture
def article():
    """A published article with everything the article page can show."""
    section = make_section(name="World")
    writer = make_author(name="Maria Kovalenko", role="Defence correspondent")
    second_writer = make_author(name="James Whitfield")
    reporter = make_author(name="Tomás Ortega")
    photographer = make_author(name="Aisha Rahman")
    article = make_article(
        headline="Minister visits Minsk",
        dek="The visit is the latest in a run of high-level exchanges.",
        summary="Defence ministers meet in Belarus.",
        body="The minister arrived on Monday.\n\nThe talks cover **air defence**.",
        section=section,
        authors=[writer, second_writer],
        tags=[make_tag(name="Belarus")],
    )
    Byline.objects.create(article=article, author=reporter, role=Byline.Role.REPORTING, position=2)
    Byline.objects.create(article=article, author=photographer, role=Byline.Role.PHOTOS, position=3)
    channel = make_source(
        name="Ministry of Defence Telegram channel",
        kind="official",
        url="https://t.me/mod_russia",
    )
    Citation.objects.create(
        article=article,
        source=channel,
        supports="the purpose of the visit",
        url="https://t.me/mod_russia/12345",
    )
    return article


# --- Who can see what ------------------------------------------------------------------


def test_home_lists_published_articles(client):
    article = make_article(headline="Bridge reopens after repairs")
    response = client.get(url("home"))
    assertContains(response, "Bridge reopens after repairs")
    assertContains(response, f'href="{article.get_absolute_url()}"')


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_home_never_lists_unpublished_articles(client, state):
    make_article(headline="Visible story")
    make_article(headline="Hidden story", **UNPUBLISHED[state])
    response = client.get(url("home"))
    assertContains(response, "Visible story")
    assertNotContains(response, "Hidden story")


def test_article_page_is_served_for_a_published_article(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.templates[0].name == "articles/article_detail.html"


@pytest.mark.parametrize(
    "state", [state for state in UNPUBLISHED if state != "archived-after-publication"]
)
def test_article_page_is_not_found_for_unpublished_articles(client, state):
    article = make_article(headline="Not yet", **UNPUBLISHED[state])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assertNotContains(response, "Not yet", status_code=404)


def test_a_story_taken_down_is_gone_with_a_notice_search_engines_do_not_index(client):
    article = make_article(headline="Retracted claim")
    article.archive()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 410
    assert response.templates[0].name == "articles/article_gone.html"
    assertContains(response, "This story has been removed", status_code=410)
    assertContains(response, f'href="{url("home")}"', status_code=410)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=410)
    assert response["X-Robots-Tag"] == "noindex"
    assertNotContains(response, "Retracted claim", status_code=410)


def test_an_earlier_address_of_a_story_taken_down_is_gone_too(client):
    article = make_article(slug="first-address")
    article.slug = "second-address"
    article.save()
    article.archive()

    response = client.get(reverse("articles:article-detail", kwargs={"slug": "first-address"}))

    assert response.status_code == 410


def test_a_story_archived_before_readers_saw_it_stays_unknown(client):
    # Archived while scheduled: readers never had it, so its address tells them nothing.
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    article.archive()

    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_gone_notice_is_not_kept_in_the_page_cache(client, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    article = make_article()
    article.archive()

    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())

    assert response.status_code == 410
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize(
    "name", ["article-detail", "author-detail", "section-detail", "tag-detail", "source-detail"]
)
def test_unknown_slug_is_not_found(client, name):
    response = client.get(reverse(f"articles:{name}", kwargs={"slug": "no-such-thing"}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["article-detail", "author-detail", "section-detail", "tag-detail", "source-detail"]
)
def test_slug_with_a_nul_byte_is_not_found(client, name):
    # PostgreSQL refuses NUL in a query: such a slug must not reach the database.
    path = reverse(f"articles:{name}", kwargs={"slug": "x"}).replace("/x/", "/x%00/")
    assert client.get(path).status_code == 404


def test_not_found_page_is_friendly_and_uses_the_site_layout(client):
    make_section(name="Science")
    response = client.get("/no/such/page/")
    assertContains(response, "We couldn’t find that page", status_code=404)
    assertContains(response, 'class="masthead"', status_code=404)
    assertContains(response, 'href="/sections/science/"', status_code=404)


def test_server_error_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "<title>" in html


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("page", ["section", "tag", "author", "source"])
def test_listing_pages_never_list_unpublished_articles(client, page, state):
    section, tag, author, source = make_section(), make_tag(), make_author(), make_source()
    links = {"section": section, "tag": tag, "author": author, "source": source}
    common = {"section": section, "tags": [tag], "authors": [author], "sources": [source]}
    make_article(headline="Visible story", **common)
    make_article(headline="Hidden story", **common, **UNPUBLISHED[state])
    response = client.get(url(f"{page}-detail", links[page]))
    assertContains(response, "Visible story")
    assertNotContains(response, "Hidden story")


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_related_articles_never_include_unpublished_ones(client, article, state):
    make_article(headline="Related and visible", section=article.section)
    make_article(headline="Related but hidden", section=article.section, **UNPUBLISHED[state])
    response = client.get(article.get_absolute_url())
    assertContains(response, "Related and visible")
    assertNotContains(response, "Related but hidden")


# --- The article page ------------------------------------------------------------------


def test_article_page_has_the_headline_as_its_only_h1(client, article):
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert re.findall(r"<h1[ >]", content) == ["<h1 "]
    assertContains(response, '<h1 class="article__headline">Minister visits Minsk</h1>', html=True)


def test_article_page_shows_the_dek(client, article):
    response = client.get(article.get_absolute_url())
    assertContains(response, "The visit is the latest in a run of high-level exchanges.")


def test_article_page_title_and_description_come_from_the_article(client, article):
    response = client.get(article.get_absolute_url())
    assertContains(response, "<title>Minister visits Minsk | The Newsroom</title>")
    assertContains(
        response, '<meta name="description" content="Defence ministers meet in Belarus.">'
    )


def test_article_page_links_each_byline_to_the_author_page(client, article):
    response = client.get(article.get_absolute_url())
    for byline in article.bylines.all():
        assertContains(
            response,
            f'<a class="byline__author" href="{byline.author.get_absolute_url()}">'
            f"{byline.author.name}</a>",
            html=True,
        )


def test_article_page_groups_bylines_by_role(client, article):
    response = client.get(article.get_absolute_url())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))
    assert "By Maria Kovalenko and James Whitfield." in text
    assert "Additional reporting by Tomás Ortega." in text
    assert "Photos by Aisha Rahman" in text


def test_article_page_lists_three_writers_with_commas_and_and(client):
    authors = [make_author(name=name) for name in ("Ann Lee", "Bo Chen", "Cy Diaz")]
    article = make_article(authors=authors)
    response = client.get(article.get_absolute_url())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))
    assert "By Ann Lee, Bo Chen and Cy Diaz" in text


def test_article_page_links_the_section(client, article):
    response = client.get(article.get_absolute_url())
    assertContains(response, f'href="{article.section.get_absolute_url()}"')


def test_article_page_marks_the_publication_time_for_machines(client, article):
    response = client.get(article.get_absolute_url())
    published = timezone.localtime(article.published_at).isoformat()
    assertContains(response, f'<time datetime="{published}">')


def test_article_page_says_updated_after_a_substantive_update(client):
    article = make_article(
        published_at=timezone.now() - timedelta(hours=2), content_updated_at=timezone.now()
    )
    response = client.get(article.get_absolute_url())
    assertContains(response, 'class="article__updated"')


def test_article_page_does_not_say_updated_when_only_published(client):
    article = make_article(published_at=timezone.now() - timedelta(hours=2))
    Article.objects.filter(pk=article.pk).update(
        updated_at=article.published_at + timedelta(seconds=30)
    )
    response = client.get(article.get_absolute_url())
    assertNotContains(response, 'class="article__updated"')


def test_article_page_shows_reading_time_at_230_words_a_minute(client):
    article = make_article(body=" ".join(["word"] * 700))
    response = client.get(article.get_absolute_url())
    assertContains(response, "4 min read")


def test_short_article_reads_in_one_minute(client):
    article = make_article(body="Short.")
    response = client.get(article.get_absolute_url())
    assertContains(response, "1 min read")


def test_article_page_shows_the_rendered_body(client, article):
    response = client.get(article.get_absolute_url())
    assertContains(response, "<p>The talks cover <strong>air defence</strong>.</p>", html=True)


def test_article_page_shows_hero_figure_with_alt_caption_and_credit(client):
    article = make_article(
        hero_image=png_upload(),
        hero_alt="Two officials shake hands on an airfield",
        hero_caption="The minister is greeted in Minsk.",
        hero_credit="Aisha Rahman / The Newsroom",
    )
    pictures_made(article)
    response = client.get(article.get_absolute_url())
    # The <picture> markup (renditions, srcset, size) is tested in test_images.py.
    assertContains(response, '<img class="article__image" src="/media/renditions/heroes/')
    assertContains(response, 'alt="Two officials shake hands on an airfield"')
    assertContains(response, "The minister is greeted in Minsk.")
    assertContains(response, '<span class="article__credit">Aisha Rahman / The Newsroom</span>')


def test_home_lead_story_shows_its_hero_as_a_responsive_picture(client):
    make_article(hero_image=png_upload(), hero_alt="Ships leave the port of Odesa")
    run_queued_jobs()
    response = client.get(url("home"))
    assertContains(response, '<img class="lead-story__image" src="/media/renditions/heroes/')
    assertContains(response, 'alt="Ships leave the port of Odesa"')
    assertNotContains(response, 'loading="lazy"')


def test_article_page_has_no_figure_without_a_hero_image(client, article):
    response = client.get(article.get_absolute_url())
    assertNotContains(response, "<figure")


def test_sources_box_links_each_source_and_the_cited_item(client, article):
    citation = article.citations.get()
    response = client.get(article.get_absolute_url())
    assertContains(
        response, '<h2 class="sources__heading" id="sources">How we sourced this</h2>', html=True
    )
    assertContains(response, f'<a href="{citation.source.get_absolute_url()}">')
    assertContains(response, "Official channel or statement")
    assertContains(response, "Supports: the purpose of the visit")
    assertContains(
        response,
        '<a class="external-link" href="https://t.me/mod_russia/12345" rel="noopener noreferrer">',
    )


def test_sources_box_falls_back_to_the_source_address(client):
    source = make_source(url="https://www.belta.by/")
    article = make_article(sources=[source])
    response = client.get(article.get_absolute_url())
    assertContains(response, 'href="https://www.belta.by/" rel="noopener noreferrer"')


def test_sources_box_never_links_a_script_url(client):
    article = make_article()
    Citation.objects.create(article=article, source=make_source(url=""), url="javascript:alert(1)")
    response = client.get(article.get_absolute_url())
    assertNotContains(response, "javascript:")


def test_article_without_citations_has_no_sources_box(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assertNotContains(response, 'class="sources"')


def test_corrections_box_shows_each_correction_with_its_anchor(client, article):
    correction = make_correction(
        article=article,
        kind=Correction.Kind.CLARIFICATION,
        note="An earlier version misstated the general's rank.",
    )
    response = client.get(article.get_absolute_url())
    assertContains(response, f'id="correction-{correction.pk}"')
    assertContains(response, "Clarification")
    assertContains(response, "An earlier version misstated the general&#x27;s rank.")
    published = timezone.localtime(correction.published_at).isoformat()
    assertContains(response, f'<time datetime="{published}">')


def test_corrected_article_links_to_its_corrections_from_the_top(client, article):
    make_correction(article=article)
    response = client.get(article.get_absolute_url())
    assertContains(response, '<a href="#corrections">This article has been corrected</a>')


def test_article_without_corrections_has_no_corrections_box(client, article):
    response = client.get(article.get_absolute_url())
    assertNotContains(response, "Corrections and clarifications")


def test_article_page_links_its_tags(client, article):
    tag = article.tags.get()
    response = client.get(article.get_absolute_url())
    assertContains(
        response, f'<a class="topics__link" href="{tag.get_absolute_url()}">Belarus</a>', html=True
    )


def test_article_page_shows_related_articles(client, article):
    related = make_article(headline="Baltic states step up patrols", section=article.section)
    response = client.get(article.get_absolute_url())
    assertContains(response, "More on this story")
    assertContains(response, f'href="{related.get_absolute_url()}"')


def test_navigation_marks_the_article_section(client, article):
    response = client.get(article.get_absolute_url())
    assertContains(
        response,
        f'<a class="site-nav__link" href="{article.section.get_absolute_url()}" '
        'aria-current="true">World</a>',
        html=True,
    )


# --- Untrusted text --------------------------------------------------------------------


def test_script_in_the_body_is_stripped(client):
    article = make_article(body="Hello <script>alert('body')</script> world")
    response = client.get(article.get_absolute_url())
    assertNotContains(response, "alert('body')")
    assert not EXECUTABLE_SCRIPT.search(response.content.decode())


def test_markup_in_the_headline_is_escaped(client):
    article = make_article(headline="<script>alert('headline')</script>", slug="xss")
    response = client.get(article.get_absolute_url())
    assertContains(response, "&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;")
    assert not EXECUTABLE_SCRIPT.search(response.content.decode())


def test_markup_in_the_correction_note_is_escaped(client):
    article = make_article()
    make_correction(article=article, note="<img src=x onerror=alert(1)>")
    response = client.get(article.get_absolute_url())
    assertNotContains(response, "<img src=x")


# --- Author, section, tag and source pages -------------------------------------------


def test_author_page_shows_name_role_bio_and_articles(client):
    author = make_author(
        name="Maria Kovalenko", role="Defence correspondent", bio="Based in *Vilnius*."
    )
    make_article(headline="Minister visits Minsk", authors=[author])
    response = client.get(author.get_absolute_url())
    assertContains(response, '<h1 class="page-header__title">Maria Kovalenko</h1>', html=True)
    assertContains(response, "Defence correspondent")
    assertContains(response, "<em>Vilnius</em>")
    assertContains(response, "Minister visits Minsk")


def test_author_page_never_shows_the_email(client):
    author = make_author(email="maria.private@example.com")
    make_article(authors=[author])
    response = client.get(author.get_absolute_url())
    assertNotContains(response, "maria.private")


def test_author_page_shows_the_portrait(client):
    author = make_author(name="Maria Kovalenko", photo=png_upload("maria.png"), profile_public=True)
    pictures_made(author)
    response = client.get(author.get_absolute_url())
    # Served from its renditions: the <picture> markup is tested in test_images.py.
    assertContains(response, '<img class="profile__photo" src="/media/renditions/authors/')
    assertContains(response, 'alt="Portrait of Maria Kovalenko"')


def test_section_page_shows_name_description_and_articles(client):
    section = make_section(name="Science", description="Discoveries and the people behind them.")
    make_article(headline="Water found on a rocky planet", section=section)
    make_article(headline="Budget passes", section=make_section(name="Politics"))
    response = client.get(section.get_absolute_url())
    assertContains(response, '<h1 class="page-header__title">Science</h1>', html=True)
    assertContains(response, "Discoveries and the people behind them.")
    assertContains(response, "Water found on a rocky planet")
    assertNotContains(response, "Budget passes")


def test_section_page_marks_the_section_in_the_navigation(client):
    section = make_section(name="Science")
    make_article(section=section)
    response = client.get(section.get_absolute_url())
    assertContains(
        response,
        f'<a class="site-nav__link" href="{section.get_absolute_url()}" '
        'aria-current="page">Science</a>',
        html=True,
    )


def test_tag_page_shows_name_and_tagged_articles(client):
    tag = make_tag(name="NATO")
    make_article(headline="Ministers meet in Brussels", tags=[tag])
    make_article(headline="Untagged story")
    response = client.get(tag.get_absolute_url())
    assertContains(response, '<h1 class="page-header__title">NATO</h1>', html=True)
    assertContains(response, "Ministers meet in Brussels")
    assertNotContains(response, "Untagged story")


@pytest.mark.parametrize("kind", ["source", "tag"])
def test_a_source_or_tag_only_drafts_use_has_no_public_page_yet(client, kind):
    record = make_source(name="Scoop insider") if kind == "source" else make_tag(name="Scoop")
    draft = make_article(status=Article.Status.DRAFT)
    if kind == "source":
        draft.citations.create(source=record)
    else:
        draft.tags.add(record)

    assert client.get(record.get_absolute_url()).status_code == 404

    workflow.publish_articles([draft], user=workflow.SYSTEM)
    assert client.get(record.get_absolute_url()).status_code == 200


def test_source_page_describes_the_source(client):
    source = make_source(
        name="BelTA",
        kind="agency",
        organisation="Belarusian Telegraph Agency",
        url="https://www.belta.by/",
        description="The state news agency of Belarus.",
    )
    make_article(sources=[source])
    response = client.get(source.get_absolute_url())
    assertContains(response, '<h1 class="page-header__title">BelTA</h1>', html=True)
    assertContains(response, "News agency")
    assertContains(response, "Belarusian Telegraph Agency")
    assertContains(response, 'href="https://www.belta.by/" rel="noopener noreferrer"')
    assertContains(response, "The state news agency of Belarus.")


def test_source_page_lists_articles_citing_it_once_each(client):
    source = make_source()
    article = make_article(headline="Twice-cited story", sources=[source])
    Citation.objects.create(article=article, source=source, supports="a second claim", position=1)
    response = client.get(source.get_absolute_url())
    assertContains(response, "Twice-cited story", count=1)


# --- Every page ------------------------------------------------------------------------


def page_urls(article):
    return {
        "home": url("home"),
        "article": article.get_absolute_url(),
        "author": article.bylines.first().author.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.get().get_absolute_url(),
        "source": article.citations.get().source.get_absolute_url(),
    }


@pytest.mark.parametrize("page", ["home", "article", "author", "section", "tag", "source"])
def test_every_page_has_a_title_description_language_and_skip_link(client, article, page):
    response = client.get(page_urls(article)[page])
    assertContains(response, '<html lang="en">')
    assertContains(response, "<title>")
    assertContains(response, '<meta name="description" content="')
    assertContains(response, '<a class="skip-link" href="#main">')
    assertContains(response, '<main id="main"')


def test_ids_in_the_body_never_take_one_the_page_uses(client, article):
    # Every id the article page gives its own parts, as headings, an attribute list or HTML.
    correction = make_correction(article=article)
    article.body = (
        "## Main\n\n## Sources {#sources}\n\n### Topics\n\n## Related\n\n"
        f'<h2 id="correction-{correction.pk}">Corrections</h2>\n\n'
        '<h3 id="site-search-query">Search</h3>\n\nA claim.[^1]\n\n[^1]: The note.'
    )
    article.save()

    content = client.get(article.get_absolute_url()).content.decode()

    ids = re.findall(r'\sid="([^"]*)"', content)
    assert {"main", "sources", "topics", f"correction-{correction.pk}"} <= set(ids)
    assert len(ids) == len(set(ids)), sorted(ids)


@pytest.mark.parametrize("page", ["home", "article", "author", "section", "tag", "source"])
def test_pages_have_no_inline_scripts_or_styles(client, article, page):
    response = client.get(page_urls(article)[page])
    content = response.content.decode()
    assert not EXECUTABLE_SCRIPT.search(content)
    assert "style=" not in content
    assert "<style" not in content


@pytest.mark.parametrize("page", ["home", "article", "author", "section", "tag", "source"])
def test_pages_load_nothing_from_other_sites(client, article, page):
    response = client.get(page_urls(article)[page])
    content = response.content.decode()
    assets = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', content)
    assets += re.findall(r'<(?:script|img)[^>]+src="([^"]+)"', content)
    assert assets
    assert all(asset.startswith("/") for asset in assets), assets


# --- Pagination ------------------------------------------------------------------------


@pytest.fixture
def three_pages(monkeypatch):
    """Five articles at two a page; the newest is "Story 5"."""
    monkeypatch.setattr(paging, "STORIES_PER_PAGE", 2)
    for number in range(1, 6):
        make_article(
            headline=f"Story {number}", published_at=timezone.now() - timedelta(hours=10 - number)
        )


def test_home_first_page_leads_with_the_newest_story(client, three_pages):
    response = client.get(url("home"))
    assertContains(response, '<h2 class="lead-story__headline">', count=1)
    assert response.context["front"].lead.headline == "Story 5"
    assertContains(response, 'href="?page=2" rel="next"')


def test_home_second_page_shows_older_stories_without_a_lead(client, three_pages):
    response = client.get(url("home"), {"page": 2})
    assertContains(response, "Story 3")
    assertContains(response, "Story 2")
    assertNotContains(response, "Story 5")
    assertNotContains(response, "lead-story")
    assertContains(
        response,
        '<span class="pagination__page pagination__page--current" aria-current="page">'
        "Page 2</span>",
        html=True,
    )
    assertContains(response, 'href="?page=1" rel="prev"')
    assertContains(response, 'href="?page=3" rel="next"')


@pytest.mark.parametrize("value", ["abc", "-1", "0", "2.5", ""])
def test_home_shows_its_first_page_for_what_is_no_page_number(client, three_pages, value):
    response = client.get(url("home"), {"page": value})
    assert response.status_code == 200
    assert response.context["front"].lead.headline == "Story 5"


def test_a_page_past_the_end_of_a_list_is_not_found(client, three_pages):
    # Lists are not counted (articles/paging.py): there is no last page to fall back to.
    assert client.get(url("home"), {"page": 3}).status_code == 200
    assert client.get(url("home"), {"page": 4}).status_code == 404


def test_listing_pages_paginate_too(client, monkeypatch):
    monkeypatch.setattr(paging, "STORIES_PER_PAGE", 2)
    section = make_section()
    for number in range(1, 4):
        make_article(
            headline=f"Story {number}",
            section=section,
            published_at=timezone.now() - timedelta(hours=10 - number),
        )
    response = client.get(section.get_absolute_url(), {"page": 2})
    assertContains(response, "Story 1")
    assertNotContains(response, "Story 3")


def test_single_page_has_no_pagination(client):
    make_article()
    response = client.get(url("home"))
    assertNotContains(response, 'class="pagination"')


def test_empty_home_page_says_so(client):
    response = client.get(url("home"))
    assertContains(response, "Nothing has been published yet.")


# --- Query counts ----------------------------------------------------------------------


@pytest.fixture
def busy_site():
    """Fifteen published articles, each with three bylines, a tag, a source and a correction."""
    section, tag, source = make_section(), make_tag(), make_source()
    authors = [make_author() for _ in range(3)]
    articles = [
        make_article(section=section, tags=[tag], authors=authors, sources=[source])
        for _ in range(15)
    ]
    for article in articles:
        make_correction(article=article)
    return articles[0]


@pytest.mark.parametrize(
    ("page", "ceiling"),
    [
        # One of each is the about and policy pages, for the footer and the site's JSON-LD;
        # one the cache generations (articles/caching.py).
        ("home", 9),
        ("article", 11),
        ("author", 8),
        ("section", 8),
        ("tag", 8),
        ("source", 8),
    ],
)
def test_pages_run_a_fixed_number_of_queries(
    client, busy_site, django_assert_max_num_queries, page, ceiling
):
    address = page_urls(busy_site)[page]
    with django_assert_max_num_queries(ceiling):
        response = client.get(address)
    assert response.status_code == 200


# --- ?page= on every list (issue 21) ----------------------------------------------------------


def list_urls(article):
    """Every paged list, each holding `article` (on a first page of one story)."""
    make_correction(article=article, published_at=timezone.now())
    return {
        **{name: address for name, address in page_urls(article).items() if name != "article"},
        "search": url("search") + "?q=minsk",
        "corrections": url("corrections"),
    }


LISTS = ["home", "author", "section", "tag", "source", "search", "corrections"]


def canonical(response):
    return re.search(r'<link rel="canonical" href="([^"]*)"', response.content.decode())[1]


@pytest.mark.parametrize("name", LISTS)
def test_every_list_answers_404_past_its_end(client, article, name):
    address = list_urls(article)[name]
    joiner = "&" if "?" in address else "?"
    assert client.get(f"{address}{joiner}page=2").status_code == 404
    assert client.get(f"{address}{joiner}page=99999999999999999999").status_code == 404


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("value", ["abc", "0", "-3", "2.5", "1", ""])
def test_every_list_reads_no_page_number_as_its_first_page_with_a_clean_canonical(
    client, article, name, value
):
    address = list_urls(article)[name]
    joiner = "&" if "?" in address else "?"
    response = client.get(f"{address}{joiner}page={value}")
    assert response.status_code == 200
    assert canonical(response) == f"http://testserver{address}"


def test_pages_give_times_in_the_site_s_time_zone(client, settings):
    """Dates are formatted in TIME_ZONE without looking up an active zone (templating.date):
    a change of the setting still shows, on cards and on the story."""
    settings.TIME_ZONE = "Pacific/Auckland"  # UTC+13 in December: the next day there.
    published = datetime(2025, 12, 6, 20, 30, tzinfo=UTC)
    story = make_article(headline="Late night vote", published_at=published)

    home = client.get(reverse("articles:home")).content.decode()
    assert "7 December 2025, 09:30 NZDT" in home  # The lead's time.
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'datetime="2025-12-07T09:30:00+13:00"' in page
    assert "7 December 2025" in page

    settings.TIME_ZONE = "UTC"
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'datetime="2025-12-06T20:30:00+00:00"' in page
