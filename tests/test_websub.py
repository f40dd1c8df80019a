"""WebSub: feeds name the hub and themselves, and the queue pings a real hub on 127.0.0.1
(a small HTTP server the test starts) when a story goes live or leaves the feeds."""

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import feedparser
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from newsroom import jobs
from tests.factories import make_article, make_author, make_section, run_queued_jobs

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"


class Hub:
    """A WebSub hub that records each publish ping, answering `status`."""

    def __init__(self):
        self.pings = []
        self.status = 204
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                hub.pings.append(parse_qs(self.rfile.read(length).decode()))
                self.send_response(hub.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def pinged_urls(self):
        return {ping["hub.url"][0] for ping in self.pings}


@pytest.fixture
def hub(settings):
    hub = Hub()
    hub.thread.start()
    settings.NEWSROOM_WEBSUB_HUB = hub.url
    settings.NEWSROOM_SITE_URL = SITE
    yield hub
    hub.server.shutdown()
    hub.server.server_close()


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_feeds_name_the_hub_and_themselves(client, hub, path):
    make_article()
    feed = feedparser.parse(client.get(path).content)
    links = {(link["rel"], link["href"]) for link in feed.feed.links}
    assert ("hub", hub.url) in links
    assert ("self", SITE + path) in links


def test_feeds_name_no_hub_when_none_is_set(client, settings):
    settings.NEWSROOM_WEBSUB_HUB = ""
    assert b'rel="hub"' not in client.get("/feed/").content


def test_publishing_pings_the_hub_for_every_feed_the_story_is_in(editor, hub):
    world = make_section(name="World", slug="world")
    author = make_author(name="Anna Bauer", slug="anna-bauer")
    article = make_article(status="draft", section=world, authors=[author])
    type(article).objects.filter(pk=article.pk).refresh_derived()
    workflow.publish_articles([type(article).objects.get(pk=article.pk)], user=editor)
    assert hub.pings == []  # not in the editor's request
    run_queued_jobs()
    assert hub.pinged_urls() == {
        f"{SITE}/feed/",
        f"{SITE}/feed/atom/",
        f"{SITE}/sections/world/feed/",
        f"{SITE}/sections/world/feed/atom/",
        f"{SITE}/authors/anna-bauer/feed/",
        f"{SITE}/authors/anna-bauer/feed/atom/",
    }
    assert all(ping["hub.mode"] == ["publish"] for ping in hub.pings)


def test_a_scheduled_story_pings_only_when_it_goes_live(editor, hub):
    article = make_article(status="draft", published_at=timezone.now() + timedelta(seconds=2))
    workflow.publish_articles([article], user=editor)
    run_queued_jobs()
    assert hub.pings == []
    time.sleep(2.1)
    run_queued_jobs()
    assert f"{SITE}/feed/" in hub.pinged_urls()


def test_a_story_rescheduled_before_its_time_is_announced_at_the_new_time_only(editor, hub):
    article = make_article(status="draft", published_at=timezone.now() + timedelta(hours=1))
    workflow.publish_articles([article], user=editor)
    type(article).objects.filter(pk=article.pk).update(
        published_at=timezone.now() + timedelta(hours=2)
    )
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_queued_jobs()
    assert hub.pings == []


def test_a_publish_undone_before_its_job_runs_pings_only_for_the_removal(editor, hub):
    article = make_article(status="draft", published_at=timezone.now() + timedelta(hours=1))
    workflow.publish_articles([article], user=editor)
    workflow.unpublish_articles([type(article).objects.get(pk=article.pk)], user=editor)
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_queued_jobs()
    assert hub.pings == []  # never live: no feed showed it


def test_unpublishing_a_live_story_tells_the_hub_its_feeds_changed(editor, hub):
    article = make_article()
    workflow.unpublish_articles([article], user=editor)
    run_queued_jobs()
    assert f"{SITE}/feed/" in hub.pinged_urls()


def test_a_hub_that_refuses_is_tried_again_later(editor, hub):
    hub.status = 503
    article = make_article(status="draft")
    workflow.publish_articles([article], user=editor)
    run_queued_jobs()
    [failed] = DBTaskResult.objects.failed()
    assert failed.exception_class_path == jobs.RETRY_SCHEDULED
    assert "503" in failed.traceback
    hub.status = 204
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_queued_jobs()
    assert f"{SITE}/feed/" in hub.pinged_urls()
