import pytest
from django.core.cache import caches

from tests.browser import chromium


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads land in a per-test folder, never in the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def page():
    """A tab in headless Chromium, for tests marked `browser`."""
    with chromium() as browser:
        yield browser.new_page()


@pytest.fixture(autouse=True)
def empty_caches():
    # Cached pages and fragments are keyed on row ids and times, which tests can repeat.
    for cache in caches.all():
        cache.clear()
