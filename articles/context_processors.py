"""Template context shared by every public page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import navigation


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        # Read only by pages that draw the navigation (all but the server error page).
        "nav_sections": SimpleLazyObject(lambda: navigation.sections(request)),
    }
