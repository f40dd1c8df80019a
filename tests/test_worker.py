"""A real worker process (`manage.py db_worker`, as `make worker` runs it) against a database
of its own, on the engine the suite runs on (SQLite here; PostgreSQL when DATABASE_URL names
one, as in .ci/run): it takes the queued jobs, sends through a real SMTP server and pings a
real hub, and runs a scheduled story's go-live job at its time."""

import os
import signal
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.mail_server import MailServer
from tests.test_multiserver import ROOT, django_shell, environment_without_redis, manage
from tests.test_websub import Hub

SCHEDULED_IN_SECONDS = 25


@pytest.fixture
def worker_database(tmp_path):
    """The DATABASE_URL of a new, empty database on the suite's engine; dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        return
    import psycopg

    name = f"newsroom_worker_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def hub():
    hub = Hub()
    hub.thread.start()
    yield hub
    hub.server.shutdown()
    hub.server.server_close()


def wait_for(condition, *, seconds, worker, log):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        assert worker.poll() is None, f"the worker exited:\n{log.read_text()}"
        time.sleep(0.2)
    raise AssertionError(f"not done after {seconds} s; the worker said:\n{log.read_text()}")


def test_a_worker_process_sends_the_mail_and_runs_go_live_jobs_at_their_time(
    tmp_path, worker_database, hub
):
    with MailServer() as mail_server:
        environment = {
            **environment_without_redis(tmp_path),
            "DATABASE_URL": worker_database,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_server.port),
            "EMAIL_USE_TLS": "0",
            "NEWSROOM_SITE_URL": "https://news.example.com",
            "NEWSROOM_WEBSUB_HUB": hub.url,
            "NEWSROOM_MEDIA_ROOT": str(tmp_path / "media"),
        }
        manage(environment, "migrate", "--noinput", "--verbosity", "0")
        django_shell(
            environment,
            "from tests.worker_scenario import set_up; "
            f"set_up(scheduled_in_seconds={SCHEDULED_IN_SECONDS})",
        )
        started = time.monotonic()
        log = tmp_path / "worker.log"
        with log.open("w") as output:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--queue-name",
                    "*",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval",
                    "0.2",
                ],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                inbox = mail_server.inbox
                # The alert and the digest, to the one reader; the published story's pings.
                wait_for(lambda: len(inbox.messages) >= 2, seconds=30, worker=worker, log=log)
                subjects = sorted(str(message["Subject"]) for message in inbox.messages)
                assert subjects[0] == "Breaking: Worker story"
                assert "the day's stories" in subjects[1]
                assert inbox.recipients == [["reader@example.com"], ["reader@example.com"]]
                wait_for(
                    lambda: "https://news.example.com/sections/world/feed/" in hub.pinged_urls(),
                    seconds=15,
                    worker=worker,
                    log=log,
                )
                # The scheduled story's go-live job waits for its time, then pings.
                first_pings = len(hub.pings)
                assert time.monotonic() - started < SCHEDULED_IN_SECONDS
                wait_for(
                    lambda: len(hub.pings) > first_pings,
                    seconds=SCHEDULED_IN_SECONDS + 15,
                    worker=worker,
                    log=log,
                )
                assert time.monotonic() - started >= SCHEDULED_IN_SECONDS - 8
            finally:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=20)
        assert len(inbox.messages) == 2  # nobody mailed twice
        # The lead picture's renditions, crops and social card, drawn by the worker.
        pictures = django_shell(
            environment,
            "from articles.models import Article; "
            "from articles.images import renditions_for; "
            "story = Article.objects.get(headline='Worker story'); "
            "storage = story.hero_image.storage; "
            "print(story.pictures_ready, storage.exists(story.social_image.name), "
            "all(storage.exists(r.webp_name) for r in renditions_for(story.hero_image.name)))",
        )
        assert pictures.strip().splitlines()[-1] == "True True True"
        succeeded = django_shell(
            environment,
            "from django_tasks_db.models import DBTaskResult; "
            "print(DBTaskResult.objects.failed().count())",
        )
        assert succeeded.strip().splitlines()[-1] == "0"
