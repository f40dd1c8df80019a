import importlib.util
from pathlib import Path

import pytest
from django.core.cache import caches
from django.template.backends import jinja2 as jinja2_backend
from django.test.signals import template_rendered

from tests.browser import chromium
from tests.factories import make_member
from tests.mail_server import MailServer


@pytest.fixture
def writer():
    """A member of the Writer group: writes, and sends for review."""
    return make_member("Writer")


@pytest.fixture
def editor():
    """A member of the Editor group: decides what readers see."""
    return make_member("Editor")


@pytest.fixture(autouse=True, scope="session")
def jinja2_templates_seen_by_the_test_client():
    """The public pages are Jinja2 templates, which Django's test client does not watch:
    report each render as Django's own engine does under test, so that response.context and
    response.templates work for them too."""
    render = jinja2_backend.Template.render

    def render_and_report(self, context=None, request=None):
        template_rendered.send(sender=self, template=self.template, context=dict(context or {}))
        return render(self, context, request)

    jinja2_backend.Template.render = render_and_report
    yield
    jinja2_backend.Template.render = render


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads land in a per-test folder, never in the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def no_capture_on_save(settings):
    """Saving a citation with an address would fetch the page: only the evidence locker's
    tests do, from servers they start themselves (tests/test_evidence*.py)."""
    settings.NEWSROOM_EVIDENCE_CAPTURE = False


@pytest.fixture
def page():
    """A tab in headless Chromium, for tests marked `browser`."""
    with chromium() as browser:
        yield browser.new_page()


@pytest.fixture(autouse=True)
def empty_caches():
    # Cached pages are keyed on addresses and generations, which tests can repeat.
    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def bench_script():
    """Loads bench/<name>.py as a module: the benchmark's scripts are not a package."""

    def load(name):
        path = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to; its `inbox`
    holds what arrived."""
    with MailServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server


@pytest.fixture
def site_url(settings):
    """Links in mail point at the test client's host."""
    settings.NEWSROOM_SITE_URL = "http://testserver"
    return settings.NEWSROOM_SITE_URL
