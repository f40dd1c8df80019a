"""Template context shared by every public page."""

from django.conf import settings

from .models import Section


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        # A lazy queryset: only pages that draw the navigation run it.
        "nav_sections": Section.objects.all(),
    }
