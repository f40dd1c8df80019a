"""Production configuration and security: settings from the environment, headers, lockout."""

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from newsroom.settings import forwarded_client_address

from .factories import make_user

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"

# What `make test` sets for the suite; a production process has none of it.
TEST_ONLY_VARIABLES = {
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_HTTPS",
    "DJANGO_ALLOWED_HOSTS",
    "NEWSROOM_STATIC_MANIFEST",
    "NEWSROOM_LOGIN_LOCKOUT",
    "REDIS_URL",
    "NEWSROOM_MEDIA_STORAGE",
}
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7#k2!pq9@zr4$wm8^vn3&bt6*hy1(ju5-lc0_fe=ga+sd7qo2xi",
    "DJANGO_ALLOWED_HOSTS": "example.com",
}


def run_in_production(args, **env):
    """Run Python in a fresh process with a production environment plus `env`."""
    environ = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    environ.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    environ = {k: v for k, v in environ.items() if v is not None}
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=environ, capture_output=True, text=True, timeout=60
    )


def production_settings(*names, **env):
    """The values of the named settings as a production process would load them."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_in_production(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


# --- Settings from the environment --------------------------------------------------


def test_deploy_check_reports_no_issues_in_production():
    result = run_in_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_missing_secret_key_in_production_is_a_clear_error():
    result = run_in_production(["manage.py", "check"], DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_set():
    assert production_settings("DEBUG") == {"DEBUG": False}


def test_https_hardening_is_on_by_default_in_production():
    values = production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
    }


def test_production_serves_hashed_compressed_static_files():
    storages = production_settings("STORAGES")["STORAGES"]
    assert storages["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_whitenoise_comes_right_after_the_security_middleware():
    middleware = django_settings.MIDDLEWARE
    assert middleware[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


def test_cache_is_local_memory_without_redis_url():
    caches = production_settings("CACHES")["CACHES"]
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_selects_the_redis_cache():
    caches = production_settings("CACHES", REDIS_URL="redis://127.0.0.1:6379/2")["CACHES"]
    assert caches["default"]["BACKEND"] == "newsroom.cache.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/2"


def test_media_is_stored_on_local_disk_by_default():
    storages = production_settings("STORAGES")["STORAGES"]
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_media_storage_is_configured_from_aws_variables():
    values = production_settings(
        "STORAGES",
        "CONTENT_SECURITY_POLICY",
        NEWSROOM_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.example.com",
    )
    media = values["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    img_src = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert img_src == ["'self'", "https://media.example.com"]


def test_s3_media_storage_without_a_bucket_is_a_clear_error():
    result = run_in_production(["manage.py", "check"], NEWSROOM_MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "NEWSROOM_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_unknown_media_storage_is_a_clear_error():
    result = run_in_production(["manage.py", "check"], NEWSROOM_MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "NEWSROOM_MEDIA_STORAGE must be 'local' or 's3', not 'ftp'" in result.stderr


# --- Security headers ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["articles:home", "admin:login"])
def test_pages_send_security_headers(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["articles:home", "admin:login"])
def test_content_security_policy_allows_only_this_site(client, url_name):
    directives = csp_directives(client.get(reverse(url_name)))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_the_site_policy_is_django_csp_s_and_follows_the_settings(client, settings):
    from csp.utils import build_policy

    assert client.get(reverse("articles:home")).headers["Content-Security-Policy"] == (
        build_policy()
    )
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'", "cdn.test"]}}
    assert csp_directives(client.get(reverse("articles:home")))["default-src"] == [
        "'self'",
        "cdn.test",
    ]


@pytest.mark.django_db
def test_a_view_s_own_policy_still_applies(client):
    # The API's docs allow data: images (csp_update); every other page keeps the site's.
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "data:" in csp_directives(response)["img-src"]
    assert "data:" not in csp_directives(client.get(reverse("articles:home")))["img-src"]


@pytest.mark.django_db
def test_a_report_only_policy_is_sent_beside_the_site_s(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'none'"]}}
    response = client.get(reverse("articles:home"))
    assert "img-src 'none'" in response.headers["Content-Security-Policy-Report-Only"]
    assert csp_directives(response)["script-src"] == ["'self'"]


# --- Login lockout ------------------------------------------------------------------


@pytest.fixture
def lockout(settings):
    """Turn django-axes on, as in production (the suite runs with it off)."""
    settings.AXES_ENABLED = True


def log_in(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


def fail_logins(client, username, times):
    return [log_in(client, username, "wrong password").status_code for _ in range(times)]


def is_logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_wrong_passwords_below_the_limit_show_the_login_form_again(client, lockout):
    user = make_user(is_staff=True)
    assert fail_logins(client, user.username, 4) == [200] * 4


@pytest.mark.django_db
def test_fifth_wrong_password_locks_the_login(client, lockout):
    user = make_user(is_staff=True)
    assert fail_logins(client, user.username, 5)[-1] == 429


@pytest.mark.django_db
def test_sixth_wrong_password_is_locked_out_with_a_clear_message(client, lockout):
    user = make_user(is_staff=True)
    fail_logins(client, user.username, 5)
    response = log_in(client, user.username, "wrong password")
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()


@pytest.mark.django_db
def test_correct_password_is_refused_during_lockout(client, lockout):
    user = make_user(is_staff=True, password=PASSWORD)
    fail_logins(client, user.username, 6)
    response = log_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_correct_password_works_again_after_the_cool_off(client, lockout):
    user = make_user(is_staff=True, password=PASSWORD)
    fail_logins(client, user.username, 6)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = log_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_lockout_of_one_username_leaves_other_staff_able_to_log_in(client, lockout):
    target = make_user(is_staff=True)
    colleague = make_user(is_staff=True, password=PASSWORD)
    fail_logins(client, target.username, 6)
    response = log_in(client, colleague.username, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_lockout_page_sends_security_headers(client, lockout):
    user = make_user(is_staff=True)
    fail_logins(client, user.username, 6)
    response = log_in(client, user.username, "wrong password")
    assert response.status_code == 429
    assert csp_directives(response)["script-src"] == ["'self'"]


@pytest.fixture
def behind_one_proxy(settings, lockout):
    """As with NEWSROOM_PROXY_COUNT=1: nginx appends the client's address to X-Forwarded-For."""
    settings.AXES_CLIENT_IP_CALLABLE = partial(forwarded_client_address, proxy_count=1)


def log_in_through_proxy(client, username, password, forwarded_for):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_behind_a_proxy_lockout_is_per_client_address(client, behind_one_proxy):
    user = make_user(is_staff=True, password=PASSWORD)
    for _ in range(5):
        log_in_through_proxy(client, user.username, "wrong password", "203.0.113.7")
    response = log_in_through_proxy(client, user.username, PASSWORD, "198.51.100.20")
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_forged_forwarded_addresses_do_not_dodge_the_lockout(
    client, behind_one_proxy
):
    user = make_user(is_staff=True, password=PASSWORD)
    for attempt in range(5):
        forged = f"192.0.2.{attempt}, 203.0.113.7"
        log_in_through_proxy(client, user.username, "wrong password", forged)
    response = log_in_through_proxy(client, user.username, PASSWORD, "192.0.2.99, 203.0.113.7")
    assert response.status_code == 429


# --- nginx sample configuration -----------------------------------------------------


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed for a test cert")
def test_nginx_accepts_the_sample_configuration(tmp_path):
    # The sample names real certificate, cache and log paths; point them at throwaway ones.
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=news.example.com", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    config = (REPO / "deploy" / "nginx.conf").read_text()
    config = re.sub(r"ssl_certificate \S+;", f"ssl_certificate {cert};", config)
    config = re.sub(r"ssl_certificate_key \S+;", f"ssl_certificate_key {key};", config)
    config = config.replace("/var/cache/nginx/newsroom", str(tmp_path / "cache"))
    config = config.replace("/var/log/nginx/", f"{tmp_path}/")
    config_path = tmp_path / "nginx.conf"
    config_path.write_text(config)

    result = subprocess.run(
        ["nginx", "-t", "-c", config_path, "-e", tmp_path / "error.log"]
        + ["-g", f"pid {tmp_path / 'nginx.pid'};"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_redis_cache_is_djangos_with_one_client_per_connection_pool():
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from newsroom.cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/15", {})
    client = backend._cache.get_client()

    assert isinstance(backend, DjangoRedisCache)
    assert backend._cache.get_client("any-key") is client
    assert backend._cache.get_client(write=True) is client  # One server: one pool.


# --- gunicorn ------------------------------------------------------------------------


def test_warm_up_compiles_the_sites_templates_and_opens_no_connection():
    # gunicorn calls it in its master process before forking the workers: a connection
    # opened there would be shared by every worker.
    code = (
        "import newsroom.wsgi as wsgi; wsgi.warm_up()\n"
        "from django.db import connections; from django.template import engines\n"
        "cache = engines['jinja2'].env.cache\n"
        "names = sorted(name for (_, name) in cache.keys())\n"
        "print(names); print(all(c.connection is None for c in connections.all()))"
    )
    result = run_in_production(["-c", code])
    assert result.returncode == 0, result.stderr
    names, no_connection = result.stdout.splitlines()
    for name in ("base.html", "includes/parts.html", "articles/article_detail.html", "404.html"):
        assert f"'{name}'" in names
    assert no_connection == "True"


# --- Uploaded files ---------------------------------------------------------------------------


@pytest.fixture
def media_urls(settings):
    """newsroom.urls loaded again with NEWSROOM_SERVE_MEDIA set as asked."""
    import importlib

    from django.urls import clear_url_caches

    import newsroom.urls

    def load(serve_media):
        settings.NEWSROOM_SERVE_MEDIA = serve_media
        importlib.reload(newsroom.urls)
        clear_url_caches()

    yield load
    settings.NEWSROOM_SERVE_MEDIA = False
    importlib.reload(newsroom.urls)
    clear_url_caches()


def stored_upload(settings):
    path = Path(settings.MEDIA_ROOT, "heroes", "ab", "picture.jpg")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"picture bytes")
    return "/media/heroes/ab/picture.jpg"


@pytest.mark.django_db
def test_make_serve_serves_uploads_without_nginx(client, settings, media_urls):
    address = stored_upload(settings)
    media_urls(serve_media=True)

    response = client.get(address)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"picture bytes"
    # Nothing outside the media folder, however the path is spelt.
    for outside in ("/media/../manage.py", "/media/%2e%2e/manage.py", "/media//etc/passwd"):
        assert client.get(outside).status_code in (400, 404), outside


@pytest.mark.django_db
def test_production_leaves_uploads_to_nginx(client, settings, media_urls):
    address = stored_upload(settings)
    media_urls(serve_media=False)

    assert client.get(address).status_code == 404
