"""Real servers and commands sharing one database: an edit made in one process retires the
pages every server cached, with one Redis shared by all or with each process's own memory.

The tests with Redis need it on 127.0.0.1:6379 (NEWSROOM_TEST_REDIS_URL overrides it).
Without it they are skipped, unless NEWSROOM_REQUIRE_REDIS=1 (as in CI), which makes a missing
Redis a failure.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
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


def environment_without_redis(tmp_path):
    """What every process gets: one SQLite file; each process's own memory for a cache."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "NEWSROOM_PAGE_CACHE": "1",
        "DJANGO_SECRET_KEY": "multiserver-test-key",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NEWSROOM_STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    environment.pop("REDIS_URL", None)
    return environment


@pytest.fixture
def shared_environment(tmp_path):
    """As environment_without_redis, and one Redis with a key prefix of its own."""
    client = redis_client()
    prefix = f"newsroom-test-{uuid.uuid4().hex[:12]}"
    environment = {
        **environment_without_redis(tmp_path),
        "REDIS_URL": REDIS_URL,
        "NEWSROOM_CACHE_KEY_PREFIX": prefix,
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


@contextmanager
def running_servers(environment, tmp_path, count):
    """`count` servers on ports of their own; what they logged is shown if the block fails."""
    servers = []
    try:
        ports = [free_port() for _ in range(count)]
        for number, port in enumerate(ports):
            log = open(tmp_path / f"server-{number}.log", "w")  # noqa: SIM115 - closed below.
            servers.append((start_server(environment, port, log), log))
        for (server, _), port in zip(servers, ports, strict=True):
            wait_until_serving(port, server)
        yield ports
    except BaseException:
        for number in range(len(servers)):
            print(f"--- server {number} ---\n" + (tmp_path / f"server-{number}.log").read_text())
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
    with running_servers(shared_environment, tmp_path, 2) as (server_a, server_b):
        headers, page = get(server_a, "/articles/bridge/")
        assert "Bridge opens" in page
        headers, page = get(server_b, "/articles/bridge/")
        assert headers["X-Page-Cache"] == "hit", "server B should use the page A cached"

        # A third process saves the article, as an editor's admin request would: in one
        # editorial change (articles/workflow.py).
        django_shell(
            shared_environment,
            "from articles import workflow\n"
            "from articles.models import Article\n"
            "article = Article.objects.get(slug='bridge')\n"
            "article.headline = 'Bridge closes again'\n"
            "with workflow.editorial_change(workflow.SYSTEM, 'Edited.'):\n"
            "    article.save()",
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


def test_import_by_a_command_shows_on_the_next_request_without_redis(tmp_path):
    # As `make run` and `make serve` run: no Redis, each process caches in its own memory.
    environment = {**environment_without_redis(tmp_path), "NEWSROOM_IMPORT_USER": "importer"}
    django_shell(
        environment,
        "from django.core.management import call_command\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "from django.contrib.auth.models import User\n"
        "User.objects.create_superuser('importer', 'importer@example.com', 'unused')",
    )
    imports = tmp_path / "imports"
    imports.mkdir()
    (imports / "ports.txt").write_text("Ports Reopen\n\nBy Jane Doe\n\nShips sailed.\n")

    with running_servers(environment, tmp_path, 1) as (server,):
        get(server, "/")
        headers, page = get(server, "/")
        assert headers["X-Page-Cache"] == "hit"
        assert "Ports Reopen" not in page

        manage(environment, "import_articles", str(imports))

        headers, page = get(server, "/")
        assert "Ports Reopen" in page
        assert headers["X-Page-Cache"] == "miss"
