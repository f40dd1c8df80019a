import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    UNPUBLISHED_KINDS,
    make_article,
    make_author,
    make_page,
    make_section,
    make_source,
    make_tag,
    make_unpublished_article,
)

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def locations(client, section):
    root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": section}))
    return [loc.text for loc in root.findall("sm:url/sm:loc", NAMESPACES)]


def news_entries(client):
    return fetch_xml(client, reverse("news-sitemap")).findall("sm:url", NAMESPACES)


def test_sitemap_index_lists_the_five_sitemaps(client):
    root = fetch_xml(client, reverse("sitemap"))

    assert [loc.text for loc in root.findall("sm:sitemap/sm:loc", NAMESPACES)] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-authors.xml",
        "http://testserver/sitemap-sources.xml",
        "http://testserver/sitemap-pages.xml",
    ]


def test_article_sitemap_lists_published_articles_with_lastmod(client):
    article = make_article(headline="Published story")
    edited = timezone.now() - timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(updated_at=edited)

    root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": "articles"}))

    (url,) = root.findall("sm:url", NAMESPACES)
    assert url.find("sm:loc", NAMESPACES).text == "http://testserver/articles/published-story/"
    assert url.find("sm:lastmod", NAMESPACES).text == f"{edited:%Y-%m-%d}"


@pytest.mark.parametrize("kind", UNPUBLISHED_KINDS)
def test_article_sitemap_leaves_out_unpublished_articles(client, kind):
    make_article(headline="Published story")
    make_unpublished_article(kind=kind, headline="Hidden story")

    assert locations(client, "articles") == ["http://testserver/articles/published-story/"]


@pytest.mark.parametrize("kind", UNPUBLISHED_KINDS)
def test_listing_sitemaps_leave_out_pages_with_only_unpublished_articles(client, kind):
    make_unpublished_article(
        kind=kind,
        section=make_section(name="Hidden section"),
        authors=[make_author(name="Hidden author")],
        sources=[make_source(name="Hidden source")],
    )

    assert locations(client, "sections") == []
    assert locations(client, "authors") == []
    assert locations(client, "sources") == []


def test_listing_sitemaps_list_pages_with_published_articles(client):
    make_article(
        section=make_section(name="World"),
        authors=[make_author(name="Anna Bauer")],
        sources=[make_source(name="Reuters")],
    )
    make_section(name="Empty section")
    make_author(name="Idle author")
    make_source(name="Uncited source")

    assert locations(client, "sections") == ["http://testserver/sections/world/"]
    assert locations(client, "authors") == ["http://testserver/authors/anna-bauer/"]
    assert locations(client, "sources") == ["http://testserver/sources/reuters/"]


def test_listing_sitemap_lastmod_is_the_latest_published_change(client):
    section = make_section(name="World")
    older = make_article(section=section)
    newer = make_article(section=section)
    make_unpublished_article(kind="draft", section=section)  # edited just now
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=5))
    latest = timezone.now() - timedelta(days=3)
    Article.objects.filter(pk=newer.pk).update(updated_at=latest)

    root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": "sections"}))

    assert root.find("sm:url/sm:lastmod", NAMESPACES).text == f"{latest:%Y-%m-%d}"


def test_page_sitemap_lists_published_pages_only(client):
    make_page(title="Ethics policy", slug="ethics-policy")
    make_page(title="Draft masthead", slug="masthead", is_published=False)

    assert locations(client, "pages") == ["http://testserver/pages/ethics-policy/"]


def test_unknown_sitemap_section_is_not_found(client):
    response = client.get(reverse("sitemap-section", kwargs={"section": "nothing"}))

    assert response.status_code == 404


def test_news_sitemap_lists_articles_from_the_last_two_days(client):
    make_article(headline="Fresh", published_at=timezone.now() - timedelta(hours=47))
    make_article(headline="Stale", published_at=timezone.now() - timedelta(hours=49))

    titles = [entry.find("news:news/news:title", NAMESPACES).text for entry in news_entries(client)]

    assert titles == ["Fresh"]


def test_news_sitemap_entry_has_publication_date_and_title(client, settings):
    settings.NEWSROOM_SITE_NAME = "Daily Ledger"
    article = make_article(headline="Fresh story")

    (entry,) = news_entries(client)

    news = entry.find("news:news", NAMESPACES)
    assert entry.find("sm:loc", NAMESPACES).text == "http://testserver/articles/fresh-story/"
    assert news.find("news:publication/news:name", NAMESPACES).text == "Daily Ledger"
    assert news.find("news:publication/news:language", NAMESPACES).text == "en"
    assert news.find("news:publication_date", NAMESPACES).text == article.published_at.isoformat()
    assert news.find("news:title", NAMESPACES).text == "Fresh story"


def test_news_sitemap_language_is_the_iso_639_code(client, settings):
    settings.LANGUAGE_CODE = "en-gb"
    make_article()

    (entry,) = news_entries(client)

    assert entry.find("news:news/news:publication/news:language", NAMESPACES).text == "en"


def test_news_sitemap_escapes_markup(client, settings):
    settings.NEWSROOM_SITE_NAME = "News & <Views>"
    make_article(headline="Q&A: <b>Talks</b>", slug="q-and-a")

    (entry,) = news_entries(client)

    assert entry.find("news:news/news:title", NAMESPACES).text == "Q&A: <b>Talks</b>"
    publication_name = entry.find("news:news/news:publication/news:name", NAMESPACES).text
    assert publication_name == "News & <Views>"


@pytest.mark.parametrize("kind", UNPUBLISHED_KINDS)
def test_news_sitemap_leaves_out_unpublished_articles(client, kind):
    make_unpublished_article(kind=kind)

    assert news_entries(client) == []


def test_robots_txt_is_plain_text(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_robots_txt_points_at_both_sitemaps_with_absolute_urls(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_robots_txt_keeps_crawlers_out_of_admin_and_preview(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines


def test_characters_xml_cannot_carry_are_left_out_of_every_sitemap(client, settings):
    # A control character pasted into a headline or a name once made the news sitemap a
    # file no search engine could parse.
    settings.NEWSROOM_SITE_NAME = "The\x0bNewsroom\x01"
    make_article(
        headline="Ceasefire\x0btalks resume\x01\ufffe",
        slug="ceasefire-talks-resume",
        section=make_section(name="World\x04", slug="world"),
        tags=[make_tag(name="Diplomacy\x05", slug="diplomacy")],
        authors=[make_author(name="Anna Bauer\x06", slug="anna-bauer")],
        sources=[make_source(name="Reuters\x07", slug="reuters")],
    )
    urls = [reverse("sitemap"), reverse("news-sitemap")] + [
        reverse("sitemap-section", kwargs={"section": section})
        for section in ("articles", "sections", "authors", "sources", "pages")
    ]

    for url in urls:
        response = client.get(url)

        ElementTree.fromstring(response.content)
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", response.text), url
    (entry,) = news_entries(client)
    assert entry.find("news:news/news:title", NAMESPACES).text == "Ceasefire talks resume"
    publication_name = entry.find("news:news/news:publication/news:name", NAMESPACES).text
    assert publication_name == "The Newsroom"
