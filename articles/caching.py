"""The public page cache: rendered pages kept in the shared cache, never shown stale.

Every cached page carries the site's *content generation*, one number that goes up whenever
anything readers can see is saved or deleted, and when a scheduled article's or correction's
publication time arrives. It lives in the database, in the one row of ContentGeneration:
raising it is an UPDATE in the writer's own transaction (articles/workflow.py), so it commits
or rolls back with the change, and every server and command reads the same number (one small
query per request). The cache (Redis, or each process's memory without it) only keeps pages
tagged with the generation they were rendered in; a page from an older one is as good as
missing. A cache that is down or slow costs renders, never a stale page (newsroom/cache.py).

This is the site's one cache. Pages are cheap to render (Jinja2 templates, a fixed handful of
queries), so nothing smaller than a page is cached; each process also keeps the pages it
served last (RecentPages), which takes a fifth off a hit: bench/results.md has the numbers.

Views wrapped in `cache_public_page` say their pages are the same for every anonymous
reader; PageCacheMiddleware stores them and answers GET and HEAD requests from the cache.
Signed-in staff always get a fresh page marked private, and their pages are never stored:
they may show drafts or editing links.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models import F, Subquery, Value
from django.db.models.functions import Greatest
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# A hash of what renders pages, worked out once per process (release_fingerprint()).
_release = None
# How often settings changed in this process: only tests change them while running.
_settings_changes = 0

# Headers only the cache sets: an entry keeps everything else the view set.
OWN_HEADERS = {"cache-control", "etag", "last-modified", "x-accel-expires", "x-page-cache"}

# Run on every request, so written once by hand. The comparisons say whether a scheduled
# article or correction has gone live since the row was last written (NULL: none is due).
READ_GENERATION = (
    "SELECT content, next_article_at <= %s, next_correction_at <= %s"
    " FROM articles_contentgeneration WHERE id = 1"
)


def new_generation():
    """A number no earlier generation can have reached: the time in microseconds."""
    # If the row is lost (a flushed database, a restored backup), or a raise is rolled back,
    # counting on from the number it held could reach one that pages were stored under.
    return time.time_ns() // 1000


def raised(field):
    """`field` raised to a number it never held: the time, or one more if that is not more."""
    return Greatest(F(field) + 1, Value(new_generation()))


def generation_row():
    from .models import ContentGeneration  # articles.models imports this module.

    return ContentGeneration.objects.filter(pk=1)


def next_publications():
    """When the next scheduled article, and the next scheduled correction, go live (or NULL),
    as expressions for an UPDATE of the generation row."""
    from .models import Article, Correction

    now = timezone.now()
    articles = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
    corrections = Correction.objects.filter(published_at__gt=now)
    return {
        "next_article_at": Subquery(articles.order_by("published_at").values("published_at")[:1]),
        "next_correction_at": Subquery(
            corrections.order_by("published_at").values("published_at")[:1]
        ),
    }


def create_generation_row():
    """The row, created if missing with numbers no page was ever stored under."""
    from .models import ContentGeneration

    generation = new_generation()
    # ignore_conflicts: another process may create it at the same moment.
    ContentGeneration.objects.bulk_create(
        [ContentGeneration(pk=1, content=generation)],
        ignore_conflicts=True,
    )
    generation_row().update(**next_publications())


def record_schedule():
    """Note when the next scheduled article and correction go live, as the current
    transaction sees them: call after writes that may have scheduled one."""
    generation_row().update(**next_publications())


def content_changed():
    """Call first in any write readers could see: every cached page is retired, on every
    server, when the current transaction commits (at once outside one)."""
    with transaction.atomic(savepoint=False):
        if not generation_row().update(content=raised("content")):
            create_generation_row()
            generation_row().update(content=raised("content"))
        # A statement of its own, after the UPDATE above has locked the row: on PostgreSQL it
        # then sees what a concurrent writer committed (it may have scheduled an article),
        # which a subquery in that UPDATE could have missed.
        generation_row().update(**next_publications())


@receiver(setting_changed)
def retire_pages_when_settings_change(**kwargs):
    # Only tests change settings while running; pages rendered under the old ones are stale,
    # and every key they are stored under names the release.
    global _release, _settings_changes
    _release = None
    _settings_changes += 1


def current_generation():
    """The content generation, raised first if a scheduled article or correction has gone
    live since it was last raised."""
    now = timezone.now()
    when = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(READ_GENERATION, [when, when])
        row = cursor.fetchone()
    if row is None:
        create_generation_row()
        return current_generation()
    content, article_due, correction_due = row
    if not (article_due or correction_due):
        return content
    rolled = max(content + 1, new_generation())
    # Only if no one raised it meanwhile: a writer's new schedule is never overwritten.
    if not generation_row().filter(content=content).update(content=rolled, **next_publications()):
        return current_generation()
    return rolled


class RecentPages:
    """The cached pages this process served last, so that a hit need not read the whole page
    from the shared cache again.

    An entry is good exactly as long as its generation is the current one, which every
    request reads from the database: edits made on other servers retire it as they retire
    the shared copy. Nor does it outlive the shared copy's expiry (pages that show the time,
    like the news sitemap, count on it).
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
        digest.update(str(_settings_changes).encode())
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

    It sits near the top of MIDDLEWARE, so that a cached page costs one small query (the
    generations) and at most one trip to the cache: no URL resolving, no view, none of the
    middleware below it. Only responses of views wrapped in `cache_public_page` are stored;
    the middleware above it (security headers, Content-Security-Policy) adds its headers to
    cached and fresh pages alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = RecentPages(settings.NEWSROOM_PAGE_MEMORY_ENTRIES)

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        key = page_key(request)
        generation = current_generation()
        entry = self.recent.get(key)
        if entry is None or entry["generation"] != generation:
            # Another process may have stored this generation's page.
            entry = cache.get(key)
            if entry is not None and entry["generation"] == generation:
                self.recent.keep(key, entry)
            else:
                entry = None
        if entry is not None:
            response = response_for(entry)
            response["X-Page-Cache"] = "hit"
            return add_public_headers(request, response, entry)
        response = self.get_response(request)
        if not is_storable(response):
            return response
        entry = entry_for(response, generation)
        # An entry from an older generation under this key is simply overwritten.
        cache.set(key, entry, timeout=settings.NEWSROOM_PAGE_CACHE_SECONDS)
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
