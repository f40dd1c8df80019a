"""Presentation helpers for the reader templates: bylines, reading time, dates and links."""

import math
from urllib.parse import urlsplit

from django import template

from articles import fragments
from articles.models import Byline

register = template.Library()

WORDS_PER_MINUTE = 230

# How each contribution reads in a byline, in the order the groups are shown.
BYLINE_LABELS = {
    Byline.Role.WRITER: "By",
    Byline.Role.REPORTING: "Additional reporting by",
    Byline.Role.PHOTOS: "Photos by",
    Byline.Role.EDITING: "Edited by",
}


@register.filter
def reading_time(text):
    """Minutes an average reader needs for `text`, never less than one."""
    words = len((text or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


@register.filter
def byline_groups(article):
    """The article's bylines grouped by role: [{"label": "By", "bylines": [...]}, ...].

    Reads the prefetched ``article.bylines.all()``, so cards cost no extra query.
    """
    grouped = {role: [] for role in BYLINE_LABELS}
    for byline in article.bylines.all():
        grouped.setdefault(byline.role, []).append(byline)
    return [
        {"label": BYLINE_LABELS.get(role, "With"), "bylines": bylines}
        for role, bylines in grouped.items()
        if bylines
    ]


@register.filter
def http_url(url):
    """`url` if it is a web address, else an empty string.

    Imported data skips model validation, and a ``javascript:`` link must never reach an href.
    """
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


@register.simple_tag
def page_numbers(page):
    """Page numbers around the current page, with "…" where runs are left out."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full URL on this site, for canonical links and social cards."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.simple_tag(takes_context=True)
def article_cards(context, articles, template="includes/article_card.html", **card_context):
    """Each of `articles` rendered with `template` (given `article` and `card_context`), the
    cards read from the fragment cache in one go: {% article_cards stories heading_level=3 %}."""
    request = getattr(context, "request", None)
    return fragments.article_cards(request, articles, template, **card_context)
