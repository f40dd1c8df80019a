"""The addresses of the site's pages, worked out once per route rather than on every link.

Django's reverse() matches the route's pattern again for every call: a page of twenty story
cards links to some sixty addresses, and reversing them cost a third of its render. Each
route is reversed here once (per script prefix) with a marker where the slug
goes, and the slug is then put in its place.
"""

from contextvars import ContextVar
from functools import cache

from django.core.signals import request_finished, request_started, setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.text import slugify

MARKER = "slug-goes-here"


@cache
def route(name, prefix):
    """The address of route `name` with {} for its slug (or without any)."""
    try:
        return reverse(name, kwargs={"slug": MARKER}).replace(MARKER, "{}")
    except NoReverseMatch:  # A route without a slug: its address is fixed.
        return reverse(name).replace("{", "{{").replace("}", "}}")


def address(name, slug=""):
    """reverse(name, kwargs={"slug": slug}), or reverse(name) for a route without one.
    Slugs are letters, digits, hyphens and underscores (SlugField): nothing to quote."""
    return route(name, request_prefix.get() or get_script_prefix()).format(slug)


# The script prefix of the request being answered, read once when it starts. Django keeps it
# in an asgiref Local, each read of which costs more than making the address (it looks for a
# running event loop first), and a list page makes some ninety addresses.
request_prefix = ContextVar("request_prefix", default=None)


@receiver(request_started)
def remember_prefix(**kwargs):
    # Django has set the request's prefix (from SCRIPT_NAME) just before this signal.
    request_prefix.set(get_script_prefix())


@receiver(request_finished)
def forget_prefix(**kwargs):
    request_prefix.set(None)


@cache
def static_url(path):
    """static(path), worked out once per process: the stored names do not change while it
    runs (collectstatic's manifest is read at start)."""
    return static(path)


@receiver(setting_changed)
def forget_static_urls(**kwargs):
    # Only tests change settings (STATIC_URL, the storage) while running.
    static_url.cache_clear()


def absolute(request, path):
    """The absolute address of `path` (a root-relative address made here: ASCII, nothing
    to quote) on the host `request` came to; build_absolute_uri() parses and quotes again
    for each address."""
    return origin(request) + path


def origin(request):
    """The scheme and host of `request` ("https://news.example"), worked out once for it."""
    if not hasattr(request, "_newsroom_origin"):
        request._newsroom_origin = request.build_absolute_uri("/")[:-1]
    return request._newsroom_origin


@receiver(setting_changed)
def forget_routes(*, setting, **kwargs):
    # Tests may switch the URLconf; Django forgets its own reversing caches then too.
    if setting == "ROOT_URLCONF":
        route.cache_clear()


def first_unused(base, is_taken, *, separator="-"):
    """`base`, or `base` with the lowest number from 2 that `is_taken` does not refuse."""
    candidate, number = base, 1
    while is_taken(candidate):
        number += 1
        candidate = f"{base}{separator}{number}"
    return candidate


def unused_slug(model, name):
    """A slug for a new `model` row named `name` that no row has yet."""
    field = model._meta.get_field("slug")
    base = (slugify(name) or model._meta.model_name)[: field.max_length - 4].strip("-")
    return first_unused(base, lambda slug: model.objects.filter(slug=slug).exists())
