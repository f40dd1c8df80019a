"""Widgets of the article form: the hero picture with its thumbnail and size warning."""

from django.contrib.admin.widgets import AdminFileWidget
from django.utils.html import format_html

from ..images.storing import renditions_for, stored_size

# Google Discover and the large social cards want pictures at least this wide.
WIDE_ENOUGH = 1200


def narrow_picture_warning(name):
    """Why a stored picture is too narrow for Discover and social cards, or ""."""
    size = stored_size(name)
    if size is None or size[0] >= WIDE_ENOUGH:
        return ""
    return (
        f"This picture is {size[0]} px wide. Google Discover and large social cards need at "
        f"least {WIDE_ENOUGH} px: use a bigger original if there is one."
    )


class HeroImageWidget(AdminFileWidget):
    """The file input with a thumbnail of the stored picture, and a warning (never a refusal)
    when it is narrower than Discover and social cards need."""

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        stored = getattr(value, "name", None) if value and hasattr(value, "url") else None
        if not stored:
            return field
        ready = getattr(value.instance, "pictures_ready", True)
        smallest = next(iter(renditions_for(stored)), None) if ready else None
        thumbnail = value.storage.url(smallest.fallback_name) if smallest else value.url
        warning = narrow_picture_warning(stored)
        return format_html(
            '<div class="hero-picture">'
            '<img class="hero-picture__thumbnail" src="{}" alt="" width="240">'
            "{}{}</div>",
            thumbnail,
            format_html('<p class="hero-picture__warning">{}</p>', warning) if warning else "",
            field,
        )
