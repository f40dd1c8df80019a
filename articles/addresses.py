"""The addresses of the site's pages, worked out once per route rather than on every link.

Django's reverse() matches the route's pattern again for every call: a page of twenty story
cards links to some sixty addresses, and reversing them cost a third of its render. Each
route is reversed here once (per script prefix) with a marker where the slug
goes, and the slug is then put in its place.
"""

from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse

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
    return route(name, get_script_prefix()).format(slug)


@receiver(setting_changed)
def forget_routes(*, setting, **kwargs):
    # Tests may switch the URLconf; Django forgets its own reversing caches then too.
    if setting == "ROOT_URLCONF":
        route.cache_clear()
