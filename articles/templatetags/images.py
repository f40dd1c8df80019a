"""The <picture> markup for stored pictures, with WebP and fallback srcsets."""

from django import template

from articles.images import renditions_for

register = template.Library()

# The fallback <img src>: a rendition about this wide suits most screens.
DEFAULT_SRC_WIDTH = 960


@register.inclusion_tag("includes/picture.html")
def picture(image, *, alt, sizes="100vw", loading="lazy", css_class="", fetchpriority=""):
    """A stored picture as <picture>: its renditions, intrinsic size and alt text.

    Everything comes from the picture's stored name, so no file is read while rendering.
    Pictures stored before renditions existed fall back to a plain <img>; no picture, no markup.
    """
    if not image:
        return {}
    storage = image.storage
    renditions = renditions_for(image.name)
    if not renditions:
        return {
            "src": image.url,
            "alt": alt,
            "loading": loading,
            "css_class": css_class,
            "fetchpriority": fetchpriority,
        }
    fallback = min(renditions, key=lambda rendition: abs(rendition.width - DEFAULT_SRC_WIDTH))
    largest = renditions[-1]
    return {
        "src": storage.url(fallback.fallback_name),
        "srcset": ", ".join(
            f"{storage.url(rendition.fallback_name)} {rendition.width}w" for rendition in renditions
        ),
        "webp_srcset": ", ".join(
            f"{storage.url(rendition.webp_name)} {rendition.width}w" for rendition in renditions
        ),
        "sizes": sizes,
        # The size of the largest rendition: browsers reserve the space from its ratio.
        "width": largest.width,
        "height": largest.height,
        "alt": alt,
        "loading": loading,
        "css_class": css_class,
        "fetchpriority": fetchpriority,
    }
