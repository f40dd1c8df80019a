"""Template context shared by every public page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import fragments
from .models import Section


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        # A lazy queryset: only pages that draw the navigation run it.
        "nav_sections": Section.objects.all(),
        # For {% cache %}: how long fragments are kept, and the version of site-wide content
        # (read from the cache only by pages that cache a fragment).
        "fragment_seconds": settings.NEWSROOM_FRAGMENT_CACHE_SECONDS,
        "site_version": SimpleLazyObject(lambda: fragments.site_version(request)),
    }
