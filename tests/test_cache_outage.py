"""Redis stopped or hung: a retired page is never served again, and no request fails or stalls.

Each test runs its own redis-server on a free port, which it stops (refusing connections) or
SIGSTOPs (accepting them, answering nothing). Without redis-server the tests are skipped,
unless NEWSROOM_REQUIRE_REDIS=1 (as in CI), which makes a missing redis-server a failure.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from redis.exceptions import RedisError

from articles import workflow
from newsroom.cache import RedisCache
from tests.factories import make_article, make_source
from tests.test_admin import form_errors
from tests.test_workflow import change_form_data

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server")
# Generous: a request that waited on Redis without a timeout stalled for about 30 s.
PROMPT_SECONDS = 5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, which keeps its data in `directory` across restarts
    (only when told to: SHUTDOWN SAVE), like a production Redis that persists it."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def location(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        return redis.Redis(
            port=self.port, socket_connect_timeout=1, socket_timeout=5, retry=Retry(NoBackoff(), 0)
        )

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
                *("--dir", str(self.directory), "--dbfilename", "dump.rdb"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except RedisError:  # Not listening yet, or still loading its data.
                pass
            assert self.process.poll() is None, "redis-server exited while starting"
            time.sleep(0.05)
        raise AssertionError(f"redis-server did not answer on port {self.port}")

    def stop(self):
        """Save the data, then exit: connections are refused until start()."""
        self.client().shutdown(save=True)
        self.process.wait(timeout=10)

    def hang(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def close(self):
        if self.process.poll() is None:
            self.resume()  # A stopped process would not act on SIGTERM.
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def page_keys(self):
        return set(self.client().keys("*pages:*"))


@pytest.fixture
def redis_server(tmp_path):
    if REDIS_SERVER is None:
        reason = "redis-server is not installed"
        if os.environ.get("NEWSROOM_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason} (NEWSROOM_REQUIRE_REDIS=1)")
        pytest.skip(reason)
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.close()


def use_redis(settings, server, **options):
    """The site's cache in `server`, as settings.py sets it up with REDIS_URL."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": server.location,
            "OPTIONS": options,
        },
    }
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_PAGE_MEMORY_ENTRIES = 200


@contextmanager
def redis_out(server, outage):
    """Redis stopped (connections refused) or hung (SIGSTOP) inside the block; back after it,
    with the data it held before."""
    if outage == "stopped":
        server.stop()
    else:
        server.hang()
    try:
        yield
    finally:
        if outage == "stopped":
            server.start()
        else:
            server.resume()


@contextmanager
def prompt(what):
    started = time.monotonic()
    yield
    elapsed = time.monotonic() - started
    assert elapsed < PROMPT_SECONDS, f"{what} took {elapsed:.1f} s"


def fill_page_cache(client, *addresses):
    for address in addresses:
        client.get(address)
        assert client.get(address)["X-Page-Cache"] == "hit", address


# --- A takedown is never undone by the cache -------------------------------------------------


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_story_taken_down_while_redis_was_out_stays_down_when_it_returns(
    client, settings, redis_server, outage
):
    # Redis is asked again at once when it is back.
    use_redis(settings, redis_server, RETRY_SECONDS=0)
    story = make_article(headline="Pulled story")
    home = reverse("articles:home")
    fill_page_cache(client, story.get_absolute_url(), home)
    stored = redis_server.page_keys()

    with redis_out(redis_server, outage), prompt("the takedown"):
        workflow.unpublish_articles([story], user=workflow.SYSTEM)

    # Redis is back with the pages it held: the ones showing the story are still there.
    assert redis_server.page_keys() == stored
    # Neither this process, which kept the pages in its memory, nor another, which would
    # read them from Redis, serves them.
    for reader in (client, Client()):
        assert reader.get(story.get_absolute_url()).status_code == 404
        assertNotContains(reader.get(home), "Pulled story")


# --- Requests answer while Redis is out --------------------------------------------------------


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_readers_and_editors_are_answered_promptly_while_redis_is_out(
    client, admin_client, settings, redis_server, outage
):
    use_redis(settings, redis_server)  # As in production: timeouts, and Redis left alone.
    story = make_article(headline="Harbour reopens", sources=[make_source(name="Port office")])
    make_article(headline="Ships wait")
    home = reverse("articles:home")
    changelist = reverse("admin:articles_article_changelist")
    change = reverse("admin:articles_article_change", args=[story.pk])
    fill_page_cache(client, story.get_absolute_url(), home)
    admin_client.get(changelist)  # Sourcing summaries stored in Redis.

    with redis_out(redis_server, outage):
        with prompt("the article page"):
            assertContains(client.get(story.get_absolute_url()), "Harbour reopens")
        with prompt("the home page"):
            assertContains(client.get(home), "Ships wait")
        with prompt("the article list"):
            assertContains(admin_client.get(changelist), "Harbour reopens")
        with prompt("the change form"):
            data = change_form_data(admin_client, story, headline="Harbour closes again")
        with prompt("saving"):
            response = admin_client.post(change, data)
        assert response.status_code == 302, form_errors(response)
        with prompt("the edited page"):
            response = Client().get(story.get_absolute_url())
        assertContains(response, "Harbour closes again")

    # Back: the edit shows, whatever Redis kept from before.
    assertContains(Client().get(story.get_absolute_url()), "Harbour closes again")


# --- The backend ----------------------------------------------------------------------------


def test_hung_redis_costs_one_timeout_then_is_left_alone_for_a_while(redis_server):
    cache = RedisCache(redis_server.location, {"OPTIONS": {"RETRY_SECONDS": 60}})
    cache.set("story", "kept")
    redis_server.hang()
    try:
        with prompt("a hundred reads and writes"):
            for _ in range(50):
                assert cache.get("story") is None
                cache.set("story", "dropped")
            assert cache.get_many(["story"]) == {}
            assert cache.add("other", 1) is False
            with pytest.raises(ValueError):
                cache.incr("counter")
    finally:
        redis_server.resume()


def test_redis_is_asked_again_once_it_answers(redis_server):
    cache = RedisCache(redis_server.location, {"OPTIONS": {"RETRY_SECONDS": 0.2}})
    cache.set("story", "kept")
    redis_server.stop()
    assert cache.get("story") is None
    redis_server.start()
    time.sleep(0.3)
    assert cache.get("story") == "kept"


def test_socket_timeouts_are_short_unless_settings_say_otherwise(redis_server):
    cache = RedisCache(redis_server.location, {})
    options = cache._cache._pool_options
    assert options["socket_connect_timeout"] <= 0.5
    assert options["socket_timeout"] <= 0.5
    slower = RedisCache(redis_server.location, {"OPTIONS": {"socket_timeout": 2}})
    assert slower._cache._pool_options["socket_timeout"] == 2
