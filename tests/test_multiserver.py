"""Two real servers sharing one database and one Redis: an edit retires cached pages on both.

Needs Redis on 127.0.0.1:6379 (REDIS_URL overrides it). Without it the test is skipped,
unless NEWSROOM_REQUIRE_REDIS=1 (as in CI), which makes a missing Redis a failure.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import gunicorn
import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
STARTUP_SECONDS = 20
# gunicorn 25.1+ opens a control socket, at one path for every server on the machine.
NO_CONTROL_SOCKET = ["--no-control-socket"] if gunicorn.version_info >= (25, 1) else []


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        reason = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("NEWSROOM_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason} (NEWSROOM_REQUIRE_REDIS=1)")
        pytest.skip(reason)
    return client


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_environment(tmp_path):
    """What every process gets: one SQLite file, one Redis with a key prefix of its own."""
    client = redis_client()
    prefix = f"newsroom-test-{uuid.uuid4().hex[:12]}"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "NEWSROOM_CACHE_KEY_PREFIX": prefix,
        "NEWSROOM_PAGE_CACHE": "1",
        "DJANGO_SECRET_KEY": "multiserver-test-key",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NEWSROOM_STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    yield environment
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def manage(environment, *arguments):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def django_shell(environment, code):
    return manage(environment, "shell", "--no-imports", "-c", code)


def start_server(environment, port, log):
    # The production settings (threaded workers), one process each to keep the test light.
    server_environment = {
        **environment,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_KEEPALIVE": "1",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "deploy/gunicorn.conf.py",
            *NO_CONTROL_SOCKET,
            "newsroom.wsgi",
        ],
        cwd=ROOT,
        env=server_environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def get(port, path):
    # One public name for both servers, as behind a load balancer.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def wait_until_serving(port, server):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited while starting"
        try:
            return get(port, "/robots.txt")
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no server on port {port} after {STARTUP_SECONDS} s")


def test_edit_through_one_process_shows_on_another_servers_next_request(
    shared_environment, tmp_path
):
    django_shell(
        shared_environment,
        "from django.core.management import call_command\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "from articles.models import Article\n"
        "Article(headline='Bridge opens', slug='bridge', body='Text.', status='published')"
        ".save()",
    )
    servers = []
    try:
        ports = [free_port(), free_port()]
        for name, port in zip("ab", ports, strict=True):
            log = open(tmp_path / f"server-{name}.log", "w")  # noqa: SIM115 - closed with the server.
            servers.append((start_server(shared_environment, port, log), log))
        for (server, _), port in zip(servers, ports, strict=True):
            wait_until_serving(port, server)
        server_a, server_b = ports

        headers, page = get(server_a, "/articles/bridge/")
        assert "Bridge opens" in page
        headers, page = get(server_b, "/articles/bridge/")
        assert headers["X-Page-Cache"] == "hit", "server B should use the page A cached"

        # A third process saves the article, as an editor's admin request would.
        django_shell(
            shared_environment,
            "from articles.models import Article\n"
            "article = Article.objects.get(slug='bridge')\n"
            "article.headline = 'Bridge closes again'\n"
            "article.save()",
        )

        headers, page = get(server_a, "/articles/bridge/")
        assert "Bridge closes again" in page
        assert headers["X-Page-Cache"] == "miss"
        # B kept the old page in its own memory: it must serve the one A just stored.
        headers, page = get(server_b, "/articles/bridge/")
        assert "Bridge closes again" in page
        assert headers["X-Page-Cache"] == "hit"
        _, page = get(server_b, "/")
        assert "Bridge closes again" in page
    except Exception:
        # What the servers logged says why a request failed.
        for name in "ab":
            print(f"--- server {name} ---\n" + (tmp_path / f"server-{name}.log").read_text())
        raise
    finally:
        for server, log in servers:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)
            log.close()
