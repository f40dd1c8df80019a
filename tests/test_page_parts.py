"""What an article keeps in its row of its parts (Article.page_parts), and the other pieces
that make a cold page cheap: addresses worked out once per route, the navigation read once
per request, lists paged without counting."""

from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from articles import navigation, templating, workflow
from articles.addresses import address
from articles.models import Article, Citation, Correction, Page, Section, Tag
from articles.paging import StoryPage
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_page,
    make_section,
    make_source,
    make_tag,
)

pytestmark = pytest.mark.django_db


def parts_of(article):
    return Article.objects.get(pk=article.pk).page_parts


# --- Article.page_parts follows every change of the parts ---------------------------------


def test_page_parts_hold_what_the_page_shows_of_each_part():
    author = make_author(name="Ann Writer", slug="ann-writer")
    source = make_source(name="Port authority", slug="port-authority", url="https://port.example")
    tag = make_tag(name="Harbours", slug="harbours")
    article = make_article(body="word " * 500, authors=[author], sources=[source], tags=[tag])

    parts = parts_of(article)

    assert parts["bylines"] == [{"role": "writer", "name": "Ann Writer", "slug": "ann-writer"}]
    assert parts["citations"][0] | {"supports": ""} == {
        "anonymous": False,
        "name": "Port authority",
        "slug": "port-authority",
        "kind": source.get_kind_display(),
        "supports": "",
        "link": "https://port.example",
        "archived": None,
    }
    assert parts["tags"] == [{"id": tag.pk, "name": "Harbours", "slug": "harbours"}]
    assert parts["reading_minutes"] == 3  # 500 words at 230 a minute.


def test_an_anonymous_source_is_kept_by_its_note_only():
    insider = make_source(name="Harbour insider", slug="harbour-insider", is_anonymous=True)
    article = make_article()
    Citation.objects.create(
        article=article, source=insider, anonymity_note="Not authorised to speak."
    )

    citation = parts_of(article)["citations"][0]

    assert citation["anonymous"] is True
    assert citation["note"] == "Not authorised to speak."
    assert "Harbour insider" not in str(parts_of(article))
    assert "harbour-insider" not in str(parts_of(article))


@pytest.mark.parametrize(
    "rename",
    [
        lambda article: article.bylines.get().author,
        lambda article: article.citations.get().source,
        lambda article: article.tags.get(),
    ],
    ids=["author", "source", "tag"],
)
def test_a_renamed_author_source_or_tag_shows_on_every_story_of_theirs(rename):
    stories = [
        make_article(authors=[author], sources=[source], tags=[tag])
        for author, source, tag in [(make_author(), make_source(), make_tag())]
        for _ in range(3)
    ]
    renamed = rename(stories[0])
    with workflow.editorial_change(workflow.SYSTEM, "Renamed."):
        renamed.name = "A new name"
        renamed.save()
    for story in stories:
        assert "A new name" in str(parts_of(story))


def test_tags_follow_however_they_change():
    article, tag, other = make_article(), make_tag(name="Ports"), make_tag(name="Strikes")
    article.tags.add(tag)
    assert [t["name"] for t in parts_of(article)["tags"]] == ["Ports"]
    tag.articles.add(make_article())  # From the tag's side.
    other.articles.add(article)
    assert [t["name"] for t in parts_of(article)["tags"]] == ["Ports", "Strikes"]
    other.articles.clear()
    tag.delete()
    assert parts_of(article)["tags"] == []


def test_a_correction_shows_only_from_its_time():
    article = make_article()
    make_correction(article=article, note="Now.", published_at=timezone.now())
    make_correction(article=article, note="Later.", published_at=timezone.now() + timedelta(1))
    stored = Article.objects.get(pk=article.pk)

    assert [correction.note for correction in stored.published_corrections()] == ["Now."]
    assert len(stored.page_parts["corrections"]) == 2
    Correction.objects.filter(note="Now.").get().delete()
    assert parts_of(article)["corrections"][0]["note"] == "Later."


def test_refresh_derived_catches_up_after_bulk_writes():
    article = make_article()
    Tag.objects.bulk_create([Tag(name="Bulk", slug="bulk")])
    Article.tags.through.objects.create(article=article, tag=Tag.objects.get(slug="bulk"))
    assert parts_of(article)["tags"] == []  # bulk writes skip the hooks...
    Article.objects.filter(pk=article.pk).refresh_derived()
    assert [tag["name"] for tag in parts_of(article)["tags"]] == ["Bulk"]  # ...until asked.


def test_the_article_page_shows_the_parts_without_querying_them(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    article = make_article(authors=[make_author(name="Ann Writer")], tags=[make_tag()])
    make_correction(article=article, note="A figure was wrong.")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert b"Ann Writer" in response.content and b"A figure was wrong." in response.content
    tables = " ".join(query["sql"] for query in queries)
    for table in ("articles_byline", "articles_citation", "articles_correction"):
        assert table not in tables


# --- Addresses, navigation, pages of lists ------------------------------------------------


@pytest.mark.parametrize(
    "name", ["article-detail", "author-detail", "section-detail", "tag-detail", "source-detail"]
)
def test_addresses_are_what_reverse_gives(name):
    assert address(f"articles:{name}", "a-slug") == reverse(
        f"articles:{name}", kwargs={"slug": "a-slug"}
    )
    assert address("articles:home") == reverse("articles:home")


def test_addresses_follow_the_script_prefix():
    try:
        set_script_prefix("/news/")
        assert address("articles:tag-detail", "ports") == "/news/tags/ports/"
    finally:
        set_script_prefix("/")
    assert address("articles:tag-detail", "ports") == "/tags/ports/"


@pytest.mark.django_db
def test_each_request_s_links_follow_its_own_script_prefix():
    # Through Django's WSGI handler, which sets the prefix from SCRIPT_NAME per request.
    story = make_article(tags=[make_tag(name="Ports")])
    handler = WSGIHandler()

    def page(script_name):
        environ = RequestFactory()._base_environ(PATH_INFO="/", SCRIPT_NAME=script_name)
        # As Django's test client does: the test's database connection must stay open.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, lambda status, headers: None)
            try:
                return b"".join(response).decode()
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    home = page("")
    assert f'href="/articles/{story.slug}/"' in home and "/news/" not in home
    try:
        assert f'href="/news/articles/{story.slug}/"' in page("/news")
        # Outside a request, addresses follow the prefix set now, as reverse() does.
        set_script_prefix("/elsewhere/")
        assert address("articles:home") == reverse("articles:home") == "/elsewhere/"
    finally:
        set_script_prefix("/")


def test_navigation_reads_sections_in_order_and_published_policy_pages_once():
    make_section(name="Sport", position=2)
    make_section(name="World", position=1)
    make_page(title="About us", kind=Page.Kind.ABOUT)
    make_page(title="Draft ethics", kind=Page.Kind.ETHICS_POLICY, is_published=False)
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            names = [section.name for section in navigation.sections(request)]
            footer = [page.title for page in navigation.footer_pages(request)]
    assert names == ["World", "Sport"]
    assert footer == ["About us"]
    assert len(queries) == 2


def test_stories_are_given_their_section_from_the_navigation():
    section = make_section(name="World")
    story = Article.objects.for_cards().get(pk=make_article(section=section).pk)
    request = RequestFactory().get("/")
    navigation.sections(request)
    with CaptureQueriesContext(connection) as queries:
        navigation.file_under_sections(request, [story])
        assert story.section.name == "World"
    assert len(queries) == 0
    assert isinstance(story.section, Section)


def test_a_page_of_stories_reads_one_more_to_know_if_there_are_older_ones():
    for number in range(5):
        make_article(published_at=timezone.now() - timedelta(hours=number + 1))
    stories = Article.objects.newest_cards()
    with CaptureQueriesContext(connection) as queries:
        first = StoryPage(stories, 1, per_page=2)
    assert len(queries) == 1  # No COUNT.
    assert (len(first), first.has_previous(), first.has_next()) == (2, False, True)
    last = StoryPage(stories, 3, per_page=2)
    assert (len(last), last.has_previous(), last.has_next()) == (1, True, False)


@pytest.mark.parametrize(
    "text", ["", "One two three", "  spaced   out\nwords  here ", " ".join(["word"] * 50)]
)
def test_first_words_cuts_as_djangos_truncatewords(text):
    from django.template.defaultfilters import truncatewords

    from articles.templating import first_words

    assert first_words(text, 40) == truncatewords(text, 40)
    assert first_words(text, 2) == truncatewords(text, 2)


def test_bylines_are_grouped_in_the_order_of_roles_whatever_order_they_come_in():
    bylines = [
        {"name": "Pat Photo", "slug": "pat", "role": "photos"},
        {"name": "Guest", "slug": "guest", "role": "translation"},  # A role without a label.
        {"name": "Ann Writer", "slug": "ann", "role": "writer"},
        {"name": "Rae Reporter", "slug": "rae", "role": "reporting"},
        {"name": "Bo Writer", "slug": "bo", "role": "writer"},
    ]
    groups = templating.byline_groups(bylines)
    assert [(label, [name for _, name, _ in authors], end) for label, authors, end in groups] == [
        ("By", ["Ann Writer", "Bo Writer"], "."),
        ("Additional reporting by", ["Rae Reporter"], "."),
        ("Photos by", ["Pat Photo"], "."),
        ("With", ["Guest"], ""),
    ]
    assert [joiner for joiner, _, _ in groups[0][1]] == ["", " and "]
    assert groups[0][1][0][2] == reverse("articles:author-detail", kwargs={"slug": "ann"})
    assert templating.byline_groups([]) == []
    assert templating.byline_groups(None) == []
