"""What each public page costs in database queries: a fixed ceiling, whatever the content.

Every page is measured rendered afresh (page cache off), on a small site and on a busy one
with many articles, bylines, citations, tags and corrections: the ceiling is the same.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.evidence import archiving
from articles.evidence.fetching import Fetched
from articles.models import ArchivedCopy, Article, Byline, Citation, Correction
from tests.factories import make_author, make_section, make_source, make_tag

pytestmark = pytest.mark.django_db

# The most queries each page may run, rendered afresh with nothing in the cache: the
# sections and policy pages around it (navigation.py), its subject, and its stories, each
# with what it shows of its bylines, sources, corrections and tags in its own row
# (Article.page_parts). Feeds draw no navigation.
CEILINGS = {
    "home": 3,
    "article": 4,
    "author": 4,
    "section": 4,
    "tag": 4,
    "source": 4,
    "search": 4,
    "feed": 1,
    "atom-feed": 1,
    "section-feed": 2,
    "corrections": 4,
    # The evidence locker's replay page: the copy with its citation, source and story.
    "archived-copy": 4,
}


@pytest.fixture
def render_every_request(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def build_site(*, articles, people_per_article, name="World"):
    """A section of harbour stories, each with that many bylines, sources, tags, corrections."""
    section = make_section(name=name)
    authors = [make_author() for _ in range(people_per_article)]
    sources = [make_source() for _ in range(people_per_article)]
    tags = [make_tag() for _ in range(people_per_article)]
    # Written in bulk, which skips save(): the pages cost the same, and the test stays fast.
    stories = Article.objects.bulk_create(
        Article(
            headline=f"Harbour story {name} {number}",
            slug=f"harbour-story-{name.lower()}-{number}",
            body="The harbour reopened.",
            body_html="<p>The harbour reopened.</p>",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=number + 1),
        )
        for number in range(articles)
    )
    Byline.objects.bulk_create(
        Byline(article=story, author=author, position=position)
        for story in stories
        for position, author in enumerate(authors)
    )
    Citation.objects.bulk_create(
        Citation(article=story, source=source, position=position)
        for story in stories
        for position, source in enumerate(sources)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article=story, tag=tag) for story in stories for tag in tags
    )
    Correction.objects.bulk_create(
        Correction(article=story, note="A name was misspelt.", published_at=timezone.now())
        for story in stories
        for _ in range(people_per_article)
    )
    copy = archive_page(Citation.objects.filter(article=stories[0]).first())
    Article.objects.filter(section=section).refresh_derived()
    # Published in bulk, as bench/generate.py does: readers see it from the next request.
    workflow.readers_see_a_change()
    return {
        "home": reverse("articles:home"),
        "article": stories[0].get_absolute_url(),
        "author": authors[0].get_absolute_url(),
        "section": section.get_absolute_url(),
        "tag": tags[0].get_absolute_url(),
        "source": sources[0].get_absolute_url(),
        "search": reverse("articles:search") + "?q=harbour",
        "feed": reverse("articles:feed"),
        "atom-feed": reverse("articles:feed-atom"),
        "section-feed": reverse("articles:section-feed", kwargs={"slug": section.slug}),
        "corrections": reverse("articles:corrections"),
        "archived-copy": copy.get_absolute_url(),
    }


def archive_page(citation):
    """An archived copy of `citation`'s page, as a capture stores it."""
    fetched = Fetched(
        requested_url="https://port.example/notice",
        final_url="https://port.example/notice",
        status=200,
        reason="OK",
        headers=[("Content-Type", "text/html")],
        body=b"<p>Notice</p>",
        fetched_at=timezone.now(),
        address="203.0.113.7",
    )
    sha256 = archiving.fingerprint(fetched.body)
    return ArchivedCopy.objects.create(
        citation=citation,
        requested_url=fetched.requested_url,
        final_url=fetched.final_url,
        status_code=200,
        content_type="text/html",
        size=len(fetched.body),
        sha256=sha256,
        warc_file=archiving.store(
            archiving.warc_bytes(fetched, sha256=sha256), key="k", when=fetched.fetched_at
        ),
        captured_at=fetched.fetched_at,
    )


def queries_for(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


@pytest.mark.parametrize("page", CEILINGS)
def test_page_stays_within_its_ceiling_on_a_busy_site(
    client, render_every_request, django_assert_max_num_queries, page
):
    addresses = build_site(articles=25, people_per_article=6)
    with django_assert_max_num_queries(CEILINGS[page]):
        response = client.get(addresses[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", CEILINGS)
def test_page_costs_the_same_whatever_the_amount_of_content(client, render_every_request, page):
    small = queries_for(client, build_site(articles=2, people_per_article=1)[page])
    busy = build_site(articles=25, people_per_article=6, name="Busy")
    assert queries_for(client, busy[page]) == small


@pytest.mark.parametrize("page", CEILINGS)
def test_cached_page_runs_only_the_generation_query(
    client, settings, django_assert_num_queries, page
):
    settings.NEWSROOM_PAGE_CACHE = True
    addresses = build_site(articles=25, people_per_article=6)
    client.get(addresses[page])
    with django_assert_num_queries(1):
        response = client.get(addresses[page])
    assert response.status_code == 200


# "Report an error" is never cached (each reader sees their own form): the generation the
# page cache reads first, the story and the page's frame; a report sent reads the story and
# the two limit counts, and writes its row (in a transaction: here two savepoint statements).
REPORT_FORM_CEILING = 4
REPORT_SENT_CEILING = 6


def test_the_report_form_stays_within_its_ceiling(client, django_assert_max_num_queries):
    story = build_site(articles=25, people_per_article=6)["article"]
    with django_assert_max_num_queries(REPORT_FORM_CEILING):
        response = client.get(f"{story}report-error/")
    assert response.status_code == 200


def test_sending_a_report_stays_within_its_ceiling(client, django_assert_max_num_queries):
    story = build_site(articles=25, people_per_article=6)["article"]
    with django_assert_max_num_queries(REPORT_SENT_CEILING):
        response = client.post(
            f"{story}report-error/", {"message": "The harbour reopened on Tuesday, not Monday."}
        )
    assert response.status_code == 303
