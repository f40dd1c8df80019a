"""The public page cache: rendered pages kept in the shared cache, never shown stale.

Every cached page carries the site's *content generation*, one number in the shared cache
(Redis in production) that goes up whenever anything readers can see is saved or deleted,
and when a scheduled article's or correction's publication time arrives. Raising it retires
every cached page at once, on every server, so there is no per-page bookkeeping to get wrong.
A second number, the fragment generation, does the same for the cached parts of pages
(fragments.py) when something shown on many of them changes.

Views wrapped in `cache_public_page` say their pages are the same for every anonymous
reader; PageCacheMiddleware stores them and answers GET and HEAD requests from the cache.
Signed-in staff always get a fresh page marked private, and their pages are never stored:
they may show drafts or editing links.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from functools import wraps
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

logger = logging.getLogger(__name__)

# A hash of what renders pages, worked out once per process (release_fingerprint()).
_release = None

GENERATION_KEY = "pages:generation"
# (generation, when the next scheduled article goes live, when the next scheduled correction
# does), each time None when nothing is scheduled.
SCHEDULE_KEY = "pages:upcoming"
# Goes up when something shown on many articles changes; cached article HTML is keyed on it.
FRAGMENTS_KEY = "fragments:generation"

# Headers only the cache sets: an entry keeps everything else the view set.
OWN_HEADERS = {"cache-control", "etag", "last-modified", "x-accel-expires", "x-page-cache"}


def new_generation():
    """A starting number no earlier generation can have reached: the time in microseconds."""
    # If the shared cache loses the counter, restarting from 1 could revive old pages.
    return time.time_ns() // 1000


def bump_generation(key=GENERATION_KEY):
    """Retire every cached page (or, with FRAGMENTS_KEY, fragment); return the new number."""
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, new_generation(), timeout=None)
        return cache.incr(key)


def retire_pages():
    # The next publication time is looked up now, while saving, so that readers need not.
    generation = bump_generation()
    cache.set(SCHEDULE_KEY, (generation, *upcoming_publications()), timeout=None)


def content_changed():
    """Call after any change readers could see: cached pages are retired, now and on commit."""
    try:
        retire_pages()
        if transaction.get_connection().in_atomic_block:
            # A page rendered before the commit shows the old content under the new
            # generation, so the generation goes up again once the change is visible.
            transaction.on_commit(retire_pages)
    except Exception:
        # A cache outage must not stop editors from saving; pages expire on their own.
        logger.exception("Could not retire cached pages after a content change")


def fragments_changed():
    """Call after a change that shows on many articles (an author renamed, say): every cached
    article fragment is retired. Changes to one article retire its own by its updated_at."""
    try:
        bump_generation(FRAGMENTS_KEY)
        if transaction.get_connection().in_atomic_block:
            # As for pages: a part rendered before the commit, from the old names, may have
            # been stored under the new generation.
            transaction.on_commit(lambda: bump_generation(FRAGMENTS_KEY))
    except Exception:
        logger.exception("Could not retire cached fragments")


@receiver(setting_changed)
def retire_pages_when_settings_change(**kwargs):
    # Only tests change settings while running; pages rendered under the old ones are stale.
    global _release
    _release = None
    try:
        bump_generation()
    except Exception:
        logger.exception("Could not retire cached pages after a settings change")


def upcoming_publications():
    """When the next scheduled article, and the next scheduled correction, go live (or None)."""
    from .models import Article, Correction  # articles.models imports this module.

    now = timezone.now()
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first(),
        Correction.objects.filter(published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first(),
    )


def current_generation():
    """The content generation, raised first if a scheduled article has gone live since."""
    return generation_and_entry(None)[0].content


class Generations(NamedTuple):
    content: int  # Raised by any change readers could see: pages are keyed on it.
    fragments: int  # Raised by changes that show on many articles (FRAGMENTS_KEY).


def generation_and_entry(key, remembered=None):
    """The generations and the cached page under `key`, in one trip to the cache.

    Entries are stored under the page's address alone and carry the generation they were
    rendered in, so that one round trip fetches both; an entry from an older generation is
    as good as missing, and is overwritten by the next render. `remembered` is the entry this
    process last kept for `key` (RecentPages): the cache is then asked only for the
    generations, and for the entry only if the remembered one is out of date.
    """
    keys = [GENERATION_KEY, SCHEDULE_KEY, FRAGMENTS_KEY]
    if key and remembered is None:
        keys.append(key)
    values = cache.get_many(keys)
    generation = values.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    fragments = values.get(FRAGMENTS_KEY)
    if fragments is None:
        cache.add(FRAGMENTS_KEY, new_generation(), timeout=None)
        fragments = cache.get(FRAGMENTS_KEY)
    schedule = values.get(SCHEDULE_KEY)
    # The schedule is tagged with the generation it was read in: every save raises the
    # generation after its commit, so a schedule read before a save is never reused after it.
    if schedule is None or schedule[0] != generation:
        schedule = (generation, *upcoming_publications())
        cache.set(SCHEDULE_KEY, schedule, timeout=None)
    now = timezone.now()
    _, next_article, next_correction = schedule
    if next_correction is not None and now >= next_correction:
        # A correction shows inside its article's cached HTML, which is not keyed on the time.
        fragments = bump_generation(FRAGMENTS_KEY)
    if any(when is not None and now >= when for when in (next_article, next_correction)):
        return Generations(bump_generation(), fragments), None
    entry = values.get(key) if key else None
    if remembered is not None:
        # Another process may have stored this generation's page since: one more trip.
        entry = remembered if remembered["generation"] == generation else cache.get(key)
    if entry is not None and entry["generation"] != generation:
        entry = None
    return Generations(generation, fragments), entry


class RecentPages:
    """The cached pages this process served last, so that a hit reads only the generations
    from the shared cache, not the whole page again.

    An entry is good exactly as long as its generation is the current one, which every
    request reads from the shared cache: edits made on other servers retire it as they
    retire the shared copy. Nor does it outlive the shared copy's expiry (pages that show the
    time, like the news sitemap, count on it).
    """

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # gthread workers serve several requests at once.

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry.get("expires", 0) <= time.time():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def keep(self, key, entry):
        if not self.size:
            return
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def request_generations(request):
    """The generations for this request, read once (by PageCacheMiddleware, or here)."""
    if not hasattr(request, "cache_generations"):
        try:
            request.cache_generations = generation_and_entry(None)[0]
        except Exception:
            logger.exception("Cache unavailable; rendering fragments of %s afresh", request.path)
            request.cache_generations = None
    return request.cache_generations


# Settings that change what a page shows or the headers kept with it: pages cached under
# other values (a server restarted with a new site name, say) must not be served.
PAGE_SETTINGS = (
    "NEWSROOM_SITE_NAME",
    "NEWSROOM_SITE_TAGLINE",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "STATIC_URL",
    "MEDIA_URL",
    "CONTENT_SECURITY_POLICY",
    "X_FRAME_OPTIONS",
)


def release_fingerprint():
    """A hash of the code, templates and settings that render pages, so that a deploy never
    serves HTML rendered by the one before."""
    global _release
    if _release is None:
        digest = hashlib.md5(usedforsecurity=False)
        files = [
            *Path(settings.BASE_DIR, "templates").rglob("*"),
            *Path(__file__).parent.rglob("*.py"),
            Path(settings.STATIC_ROOT, "staticfiles.json"),
        ]
        for path in sorted(files):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        for name in PAGE_SETTINGS:
            digest.update(repr(getattr(settings, name, None)).encode())
        _release = digest.hexdigest()[:12]
    return _release


def page_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"pages:{release_fingerprint()}:{digest}"


def is_signed_in(request):
    # Without a session cookie nobody is signed in, and the session need not be loaded.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def may_use_cache(request):
    return (
        settings.NEWSROOM_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not is_signed_in(request)
    )


def is_storable(response):
    """Whether a response may be shown to every anonymous reader."""
    cache_control = response.get("Cache-Control", "").lower()
    return (
        getattr(response, "is_public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def entry_for(response, generation):
    content = response.content
    return {
        "generation": generation,
        # When the shared cache lets it go: RecentPages keeps it no longer.
        "expires": time.time() + settings.NEWSROOM_PAGE_CACHE_SECONDS,
        "content": content,
        "headers": [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in OWN_HEADERS
        ],
        "etag": f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
        "last_modified": response.get("Last-Modified") or http_date(time.time()),
    }


def response_for(entry):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def add_public_headers(request, response, entry):
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["last_modified"]
    patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PAGE_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    # nginx keeps its copy for a few seconds only (it strips this header from the response).
    response["X-Accel-Expires"] = str(settings.NEWSROOM_PROXY_CACHE_SECONDS)
    # Only the ETag decides "not modified": HTTP dates count whole seconds, so a page edited
    # within the second it was rendered in would look unchanged to If-Modified-Since.
    return get_conditional_response(request, etag=entry["etag"], response=response)


class PageCacheMiddleware:
    """Answers anonymous readers from the shared page cache, and keeps what public views render.

    It sits near the top of MIDDLEWARE, so that a cached page costs one trip to the cache and
    little else: no URL resolving, no view, none of the middleware below it. Only responses
    of views wrapped in `cache_public_page` are stored; the middleware above it (security
    headers, Content-Security-Policy) adds its headers to cached and fresh pages alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = RecentPages(settings.NEWSROOM_PAGE_MEMORY_ENTRIES)

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        key = page_key(request)
        remembered = self.recent.get(key)
        try:
            request.cache_generations, entry = generation_and_entry(key, remembered)
        except Exception:
            logger.exception("Page cache unavailable; rendering %s afresh", request.path)
            return self.get_response(request)
        if entry is not None:
            if entry is not remembered:
                self.recent.keep(key, entry)
            response = response_for(entry)
            response["X-Page-Cache"] = "hit"
            return add_public_headers(request, response, entry)
        response = self.get_response(request)
        if not is_storable(response):
            return response
        entry = entry_for(response, request.cache_generations.content)
        try:
            cache.set(key, entry, timeout=settings.NEWSROOM_PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Could not store %s in the page cache", request.path)
        else:
            self.recent.keep(key, entry)
        response["X-Page-Cache"] = "miss"
        return add_public_headers(request, response, entry)


def cache_public_page(view):
    """Mark a view's pages as the same for every anonymous reader: PageCacheMiddleware keeps
    them. Signed-in staff get a fresh page marked private: it may show drafts or edit links."""

    @wraps(view)
    def public_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not settings.NEWSROOM_PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return response
        if is_signed_in(request):
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            response["X-Page-Cache"] = "bypass"
        else:
            response.is_public_page = True
        return response

    return public_view
