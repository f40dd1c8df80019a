"""The public page cache: pages come from the cache, and never stay stale after a change."""

import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.http import http_date
from pytest_django.asserts import assertContains, assertNotContains

from articles import caching, workflow
from articles.caching import cache_public_page
from articles.models import Article, ContentGeneration, Correction, Page
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_section,
    make_source,
    make_tag,
    make_unpublished_article,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    # As in production, with Redis: each process also keeps the pages it served last.
    settings.NEWSROOM_PAGE_MEMORY_ENTRIES = 200


def whoami(request):
    """A page that differs for each signed-in user, as staff-only links would."""
    name = request.user.username if request.user.is_authenticated else "a reader"
    return HttpResponse(f"Hello, {name}")


def remember_me(request):
    response = HttpResponse("Have a cookie")
    response.set_cookie("remembered", "yes")
    return response


urlpatterns = [
    path("whoami/", cache_public_page(whoami), name="whoami"),
    path("remember-me/", cache_public_page(remember_me), name="remember-me"),
    path("", include("newsroom.urls")),
]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


@contextmanager
def edit(*, article=None):
    """A change made the way the newsroom's write operations make every change
    (workflow.editorial_change), which save the `article` whose parts they change:
    test_door_matrix.py checks that each door does; these tests check what the caches
    serve afterwards."""
    with workflow.editorial_change(workflow.SYSTEM, "Test edit."):
        yield
        if article is not None:
            article.refresh_from_db()
            article.save()


def fetch_twice(client, address):
    """Fill the cache, then return the second answer, which should come from it."""
    client.get(address)
    return client.get(address)


# --- Serving from the cache ----------------------------------------------------------------


def test_second_anonymous_request_is_served_from_the_cache(client):
    article = make_article()
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_cached_page_needs_only_the_generation_query(client, django_assert_num_queries):
    article = make_article(authors=[make_author()], sources=[make_source()])
    client.get(article.get_absolute_url())
    with django_assert_num_queries(1) as queries:
        response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "articles_contentgeneration" in queries.captured_queries[0]["sql"]


def test_cached_page_carries_the_security_headers_of_a_fresh_one(client):
    article = make_article()
    fresh = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert cached[header] == fresh[header], header


def test_page_rendered_in_an_older_generation_is_rendered_afresh(client):
    article = make_article()
    fetch_twice(client, article.get_absolute_url())
    caching.content_changed()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_pages_not_marked_public_are_never_stored(client):
    for _ in range(2):
        response = client.get(reverse("admin:login"))
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_cached_page_tells_browsers_and_proxies_how_long_to_keep_it(client):
    article = make_article()
    response = fetch_twice(client, article.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Vary"] == "Cookie"
    assert response["X-Accel-Expires"] == "5"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]


def test_each_query_string_is_cached_apart(client):
    section = make_section()
    for number in range(25):
        make_article(headline=f"Story {number:02}", section=section)
    first_page = client.get(section.get_absolute_url())
    second_page = fetch_twice(client, section.get_absolute_url() + "?page=2")
    assert second_page.content != first_page.content
    assertContains(second_page, "Story 00")


def test_head_request_is_answered_from_the_cached_page(client):
    article = make_article()
    client.get(article.get_absolute_url())
    response = client.head(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert response.status_code == 200


def test_not_found_is_not_cached(client):
    address = reverse("articles:article-detail", kwargs={"slug": "not-yet"})
    assert client.get(address).status_code == 404
    make_article(slug="not-yet")
    assert client.get(address).status_code == 200


def test_page_cache_can_be_switched_off(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    article = make_article()
    response = fetch_twice(client, article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_response_that_sets_a_cookie_is_never_stored(client, test_urls):
    client.get("/remember-me/")
    response = client.get("/remember-me/")
    assert "X-Page-Cache" not in response
    assert response.cookies["remembered"].value == "yes"


def test_sitemap_is_cached_and_shows_a_newly_published_article(client):
    make_article(slug="first-story")
    response = fetch_twice(client, "/sitemap-articles.xml")
    assert response["X-Page-Cache"] == "hit"
    assertContains(response, "/articles/first-story/")
    with edit():
        make_article(slug="second-story")
    assertContains(client.get("/sitemap-articles.xml"), "/articles/second-story/")


def test_robots_txt_is_cached(client):
    response = fetch_twice(client, "/robots.txt")
    assert response["X-Page-Cache"] == "hit"
    assertContains(response, "Disallow: /preview/")


def test_post_is_never_answered_from_the_cache(client, test_urls):
    fetch_twice(client, "/whoami/")
    response = client.post("/whoami/")
    assert "X-Page-Cache" not in response


def test_new_release_never_serves_pages_rendered_by_the_old_one(client, monkeypatch):
    article = make_article()
    fetch_twice(client, article.get_absolute_url())
    monkeypatch.setattr(caching, "_release", "new-templates")
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_write_retires_pages_without_asking_the_cache(monkeypatch):
    article = make_article(headline="Draft headline")
    generation = caching.current_generation()

    def broken(*args, **kwargs):
        raise AssertionError("the cache was asked")

    for method in ("get", "get_many", "set", "add", "incr", "delete"):
        monkeypatch.setattr(cache, method, broken)
    with edit():
        article.headline = "Saved anyway"
        article.save()
    assert caching.current_generation() > generation


@pytest.fixture
def redis_refused(settings):
    # Nothing listens on port 1: every call to Redis is refused (tests/test_cache_outage.py
    # stops and hangs a real one).
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }


def test_cache_outage_still_serves_the_page(client, redis_refused):
    article = make_article(headline="Still readable")
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assertContains(response, "Still readable")


# --- Pages kept in each process's memory ---------------------------------------------------


def test_a_hit_kept_in_memory_does_not_ask_the_shared_cache(client, monkeypatch):
    article = make_article()
    client.get(article.get_absolute_url())  # Rendered, stored, and kept by this process.
    asked = set()
    get_many, get = cache.get_many, cache.get

    def asking_many(keys, **kwargs):
        asked.update(keys)
        return get_many(keys, **kwargs)

    def asking(key, *args, **kwargs):
        asked.add(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", asking_many)
    monkeypatch.setattr(cache, "get", asking)

    response = client.get(article.get_absolute_url())

    assert response["X-Page-Cache"] == "hit"
    assert asked == set()


def test_a_page_kept_in_memory_expires_with_the_shared_copy(client, monkeypatch):
    article = make_article()
    fetch_twice(client, article.get_absolute_url())
    later = time.time() + settings.NEWSROOM_PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_recent_pages_keep_the_last_used_and_can_be_turned_off():
    recent = caching.RecentPages(2)
    fresh = {"expires": time.time() + 60}
    for key in ("a", "b", "c"):
        recent.keep(key, fresh)
    assert recent.get("a") is None
    assert recent.get("b") is fresh  # Now the last used: "c" goes first.
    recent.keep("d", fresh)
    assert (recent.get("c"), recent.get("b"), recent.get("d")) == (None, fresh, fresh)

    off = caching.RecentPages(0)
    off.keep("a", fresh)
    assert off.get("a") is None


def test_a_page_kept_in_memory_is_not_served_after_an_edit_on_another_server(client):
    article = make_article(headline="First headline")
    fetch_twice(client, article.get_absolute_url())
    # Another server's editor saves; another server's reader has the new page stored.
    with edit(article=article):
        Article.objects.filter(pk=article.pk).update(headline="Second headline")
        caching.content_changed()
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "miss"

    response = client.get(article.get_absolute_url())

    # This process's copy is out of date: the one the other server stored is served.
    assert response["X-Page-Cache"] == "hit"
    assertContains(response, "Second headline")
    assertNotContains(response, "First headline")


# --- Conditional requests -------------------------------------------------------------------


def test_matching_etag_gets_not_modified(client):
    article = make_article()
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_alone_never_hides_an_edit_made_the_same_second(client):
    article = make_article(headline="Before")
    last_modified = client.get(article.get_absolute_url())["Last-Modified"]
    with edit():
        article.headline = "After"
        article.save()
    response = client.get(article.get_absolute_url(), headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    assertContains(response, "After")


def test_old_etag_gets_the_changed_page(client):
    article = make_article(headline="Before")
    etag = client.get(article.get_absolute_url())["ETag"]
    with edit():
        article.headline = "After"
        article.save()
    response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assertContains(response, "After")


def test_page_unchanged_by_an_unrelated_edit_still_gets_not_modified(client):
    article = make_article()
    etag = client.get(article.get_absolute_url())["ETag"]
    make_tag()  # Retires every cached page, but this one renders the same.
    response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304


def test_old_if_modified_since_gets_the_page(client):
    article = make_article()
    long_ago = http_date((timezone.now() - timedelta(days=30)).timestamp())
    response = client.get(article.get_absolute_url(), headers={"if-modified-since": long_ago})
    assert response.status_code == 200


# --- Signed-in staff ------------------------------------------------------------------------


def test_staff_page_is_private_and_not_from_the_cache(client, admin_client):
    article = make_article()
    client.get(article.get_absolute_url())
    response = admin_client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_staff_page_is_never_served_to_readers(client, test_urls):
    editor = make_user(username="editor", is_staff=True)
    staff_client = type(client)()
    staff_client.force_login(editor)
    assertContains(staff_client.get("/whoami/"), "Hello, editor")
    response = client.get("/whoami/")
    assertContains(response, "Hello, a reader")
    assertNotContains(response, "editor")


def test_cached_reader_page_is_never_served_to_staff(client, test_urls):
    assertContains(fetch_twice(client, "/whoami/"), "Hello, a reader")
    editor = make_user(username="editor", is_staff=True)
    client.force_login(editor)
    assertContains(client.get("/whoami/"), "Hello, editor")


def test_reader_with_an_expired_session_cookie_still_gets_cached_pages(client, settings):
    article = make_article()
    client.get(article.get_absolute_url())
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


# --- Invalidation: every change readers could see --------------------------------------------


def test_edited_headline_shows_on_the_next_request(client):
    article = make_article(headline="First version")
    client.get(article.get_absolute_url())
    with edit():
        article.headline = "Second version"
        article.save()
    response = client.get(article.get_absolute_url())
    assertContains(response, "Second version")
    assertNotContains(response, "First version")


def test_edit_shows_on_the_home_page(client):
    article = make_article(headline="First version")
    client.get(reverse("articles:home"))
    with edit():
        article.headline = "Second version"
        article.save()
    assertContains(client.get(reverse("articles:home")), "Second version")


def test_published_draft_appears_on_the_home_page_and_in_the_feed(client):
    draft = make_unpublished_article(kind="draft", headline="Breaking news")
    assertNotContains(fetch_twice(client, reverse("articles:home")), "Breaking news")
    assertNotContains(fetch_twice(client, reverse("articles:feed")), "Breaking news")
    with edit():
        draft.publish()
    assertContains(client.get(reverse("articles:home")), "Breaking news")
    assertContains(client.get(reverse("articles:feed")), "Breaking news")


def test_unpublished_article_disappears_at_once(client):
    article = make_article(headline="Pulled story")
    fetch_twice(client, article.get_absolute_url())
    fetch_twice(client, reverse("articles:home"))
    with edit():
        article.status = Article.Status.DRAFT
        article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    assertNotContains(client.get(reverse("articles:home")), "Pulled story")


def test_scheduled_article_appears_when_its_time_comes(client, monkeypatch):
    with edit():
        scheduled = make_unpublished_article(kind="scheduled", headline="Embargo lifts")
    assertNotContains(fetch_twice(client, reverse("articles:home")), "Embargo lifts")
    later = scheduled.published_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assertContains(client.get(reverse("articles:home")), "Embargo lifts")
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_scheduled_correction_appears_when_its_time_comes(client, monkeypatch):
    article = make_article()
    when = timezone.now() + timedelta(hours=2)
    with edit(article=article):
        make_correction(article=article, note="A date was wrong.", published_at=when)
    corrections = reverse("articles:corrections")
    assertNotContains(fetch_twice(client, corrections), "A date was wrong.")
    monkeypatch.setattr(timezone, "now", lambda: when + timedelta(seconds=1))
    assertContains(client.get(corrections), "A date was wrong.")


# With the page cache off, the article's cached parts must not keep the correction out.
@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache", "page-cache-off"])
def test_scheduled_correction_appears_on_its_article_when_its_time_comes(
    client, settings, monkeypatch, page_cache
):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    article = make_article()
    when = timezone.now() + timedelta(hours=2)
    with edit(article=article):
        make_correction(article=article, note="A date was wrong.", published_at=when)
    assertNotContains(fetch_twice(client, article.get_absolute_url()), "A date was wrong.")
    monkeypatch.setattr(timezone, "now", lambda: when + timedelta(seconds=1))
    assertContains(client.get(article.get_absolute_url()), "A date was wrong.")


def test_deleted_article_disappears(client):
    article = make_article(headline="Deleted story")
    fetch_twice(client, reverse("articles:home"))
    with edit():
        Article.objects.filter(pk=article.pk).delete()
    assertNotContains(client.get(reverse("articles:home")), "Deleted story")


def test_bulk_update_shows_on_the_next_request(client):
    article = make_article(headline="Before the update")
    fetch_twice(client, article.get_absolute_url())
    with edit(article=article):
        Article.objects.filter(pk=article.pk).update(headline="After the update")
    assertContains(client.get(article.get_absolute_url()), "After the update")


def test_renamed_author_shows_on_the_article_and_author_pages(client):
    author = make_author(name="Ann Writer")
    article = make_article(authors=[author])
    fetch_twice(client, article.get_absolute_url())
    fetch_twice(client, author.get_absolute_url())
    with edit():
        author.name = "Ann Reporter"
        author.save()
    assertContains(client.get(article.get_absolute_url()), "Ann Reporter")
    assertContains(client.get(author.get_absolute_url()), "Ann Reporter")


def test_new_byline_shows_on_the_article_page(client):
    article = make_article()
    fetch_twice(client, article.get_absolute_url())
    with edit(article=article):
        article.bylines.create(author=make_author(name="Late Addition"))
    assertContains(client.get(article.get_absolute_url()), "Late Addition")


def test_renamed_source_shows_on_the_article_and_source_pages(client):
    source = make_source(name="Old Agency")
    article = make_article(sources=[source])
    fetch_twice(client, article.get_absolute_url())
    fetch_twice(client, source.get_absolute_url())
    with edit():
        source.name = "New Agency"
        source.save()
    assertContains(client.get(article.get_absolute_url()), "New Agency")
    assertContains(client.get(source.get_absolute_url()), "New Agency")


def test_removed_citation_disappears_from_the_article_page(client):
    article = make_article(sources=[make_source(name="Withdrawn Source")])
    fetch_twice(client, article.get_absolute_url())
    with edit(article=article):
        article.citations.get().delete()
    assertNotContains(client.get(article.get_absolute_url()), "Withdrawn Source")


def test_renamed_section_shows_in_the_navigation(client):
    section = make_section(name="Politics")
    make_article(section=section)
    fetch_twice(client, reverse("articles:home"))
    with edit():
        section.name = "Government"
        section.save()
    assertContains(client.get(reverse("articles:home")), "Government")


def test_tag_added_to_an_article_shows_on_its_page(client):
    article = make_article()
    fetch_twice(client, article.get_absolute_url())
    with edit(article=article):
        article.tags.add(make_tag(name="Elections"))
    assertContains(client.get(article.get_absolute_url()), "Elections")


def test_renamed_tag_shows_on_the_tag_page(client):
    tag = make_tag(name="Climate")
    make_article(tags=[tag])
    fetch_twice(client, tag.get_absolute_url())
    with edit():
        tag.name = "Climate crisis"
        tag.save()
    assertContains(client.get(tag.get_absolute_url()), "Climate crisis")


def test_new_correction_shows_on_the_article_page(client):
    article = make_article()
    fetch_twice(client, article.get_absolute_url())
    with edit(article=article):
        Correction.objects.create(article=article, note="The minister's name was misspelt.")
    assertContains(client.get(article.get_absolute_url()), "name was misspelt")


def test_edited_policy_page_shows_on_the_next_request(client):
    page = Page.objects.create(title="Corrections policy", slug="corrections-policy", body="Old.")
    fetch_twice(client, page.get_absolute_url())
    with edit():
        page.body = "We correct errors promptly."
        page.save()
    assertContains(client.get(page.get_absolute_url()), "We correct errors promptly.")


def test_hidden_policy_page_disappears_at_once(client):
    page = Page.objects.create(title="Masthead", slug="masthead", body="Our team.")
    fetch_twice(client, page.get_absolute_url())
    with edit():
        page.is_published = False
        page.save()
    assert client.get(page.get_absolute_url()).status_code == 404


def test_edited_article_shows_in_search_results(client):
    article = make_article(headline="Harbour reopens")
    search = reverse("articles:search") + "?q=port"
    assertNotContains(fetch_twice(client, search), article.get_absolute_url())
    with edit():
        article.headline = "Port reopens"
        article.save()
    assertContains(client.get(search), article.get_absolute_url())


def test_generation_rises_with_the_write_and_falls_back_with_its_rollback():
    make_article()
    generation = caching.current_generation()
    with transaction.atomic():
        with edit():
            make_tag()
        raised = caching.current_generation()
        transaction.set_rollback(True)
    assert raised > generation
    assert caching.current_generation() == generation
    # Pages may have been rendered under the number the rollback took back: never reused.
    caching.content_changed()
    assert caching.current_generation() > raised


def test_generation_is_raised_outside_a_transaction_too():
    make_article()
    generation = caching.current_generation()
    caching.content_changed()
    assert caching.current_generation() > generation


@pytest.mark.django_db(transaction=True)
def test_a_write_that_waited_for_another_keeps_the_article_that_one_scheduled():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: no write waits inside another's")
    make_article()
    other_waiting = threading.Event()

    def other_writer():
        try:
            with transaction.atomic():
                other_waiting.set()
                caching.content_changed()  # Waits for the row, until the first one commits.
        finally:
            connection.close()

    with edit():
        scheduled = make_unpublished_article(kind="scheduled")
        other = threading.Thread(target=other_writer)
        other.start()
        other_waiting.wait(5)
        time.sleep(0.3)
    other.join(10)

    row = ContentGeneration.objects.get()
    assert row.next_article_at == scheduled.published_at


def test_lost_generation_row_never_brings_back_old_pages(client):
    article = make_article(headline="Old headline")
    fetch_twice(client, article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="New headline")
    # The row is lost (a flushed database): it comes back with a number never used before.
    ContentGeneration.objects.all().delete()
    assertContains(client.get(article.get_absolute_url()), "New headline")
    assert caching.current_generation() > 10**15


# --- Rendered afresh (the page cache off, as a cold render is measured) ---------------------


@pytest.fixture
def page_cache_off(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def test_edited_article_is_rendered_afresh_without_the_page_cache(client, page_cache_off):
    article = make_article(headline="First headline", body="First body.")
    client.get(article.get_absolute_url())
    article.headline = "Second headline"
    article.body = "Second body."
    article.save()
    response = client.get(article.get_absolute_url())
    assertContains(response, "Second headline")
    assertContains(response, "Second body.")


def test_renamed_author_shows_without_the_page_cache(client, page_cache_off):
    author = make_author(name="Ann Writer")
    article = make_article(authors=[author])
    client.get(article.get_absolute_url())
    with edit():
        author.name = "Ann Reporter"
        author.save()
    assertContains(client.get(article.get_absolute_url()), "Ann Reporter")


def test_new_correction_shows_without_the_page_cache(client, page_cache_off):
    article = make_article()
    client.get(article.get_absolute_url())
    with edit(article=article):
        make_correction(article=article, note="A figure was wrong.")
    assertContains(client.get(article.get_absolute_url()), "A figure was wrong.")


def test_newly_published_related_story_shows_without_the_page_cache(client, page_cache_off):
    section = make_section()
    article = make_article(section=section)
    client.get(article.get_absolute_url())
    with edit():
        make_article(section=section, headline="Fresh related story")
    assertContains(client.get(article.get_absolute_url()), "Fresh related story")


def test_bulk_update_shows_without_the_page_cache(client, page_cache_off):
    article = make_article(headline="Old headline", body="Old body.")
    client.get(article.get_absolute_url())
    with edit():
        Article.objects.filter(pk=article.pk).update(body_html="<p>New body.</p>")
    assertContains(client.get(article.get_absolute_url()), "New body.")


def test_edited_headline_shows_in_the_page_title_and_social_card(client, page_cache_off):
    article = make_article(headline="Harbour stays shut")
    client.get(article.get_absolute_url())
    with edit():
        Article.objects.filter(pk=article.pk).update(headline="Harbour reopens")
    response = client.get(article.get_absolute_url())
    assertContains(response, "<title>Harbour reopens | ")
    assertContains(response, '<meta property="og:title" content="Harbour reopens">')
    assertNotContains(response, "Harbour stays shut")


# --- The subject of a list page: its section, tag, author or source ----------------------


def test_deleted_section_page_is_gone_at_once(client, page_cache_off):
    section = make_section(name="Weather")
    assert client.get(section.get_absolute_url()).status_code == 200
    with edit():
        section.delete()
    assert client.get(section.get_absolute_url()).status_code == 404


def test_source_granted_anonymity_loses_its_page_at_once(client, page_cache_off):
    source = make_source(name="Port insider")
    make_article(sources=[source])
    assert client.get(source.get_absolute_url()).status_code == 200
    with edit():
        source.is_anonymous = True
        source.save()
    assert client.get(source.get_absolute_url()).status_code == 404


def test_unknown_slug_is_not_found_and_nothing_is_kept(client, page_cache_off):
    assert client.get("/sections/no-such-section/").status_code == 404
    section = make_section(name="Late arrival", slug="no-such-section")
    # Created since (which also changes the site's content): found at once.
    assertContains(client.get(section.get_absolute_url()), "Late arrival")
