"""The Jinja2 environment of the public pages (templates/jinja2/; the admin keeps Django's
own templates). Jinja2 compiles each template to Python once, so a page costs a few function
calls where Django's engine walks thousands of nodes: see "Rendering" in the README.

Everything the public templates call is defined or named here, so a designer has one list:
globals (functions) and filters. Django's own helpers are used where they exist; they return
safe strings that Jinja2's autoescaping respects.
"""

import html
import json
import re
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template import defaultfilters
from django.utils import dateformat, timezone, translation
from django.utils.html import strip_tags
from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from newsletters.subscribing import consent_text

from . import navigation, structured_data
from .addresses import address, static_url
from .images import renditions_for, stored_size
from .models import Byline
from .paging import MAX_PAGE_NUMBER, asked_page_number

# How each contribution reads in a byline, in the order the groups are shown.
BYLINE_LABELS = {
    Byline.Role.WRITER: "By",
    Byline.Role.REPORTING: "Additional reporting by",
    Byline.Role.PHOTOS: "Photos by",
    Byline.Role.EDITING: "Edited by",
}

# The fallback <img src> of a picture: a rendition about this wide suits most screens.
DEFAULT_SRC_WIDTH = 960

# A card's picture: a column of the card grid (static/css/site.css), the screen's width on a
# phone. Browsers pick the rendition from it before the layout is known.
CARD_PICTURE_SIZES = "(min-width: 64rem) 18rem, (min-width: 40rem) 45vw, 100vw"
# How many cards of a list are on the first screen, so their pictures are not loaded lazily.
EAGER_CARDS = 2

# Query parameters that make a different page; any others (tracking tags) are dropped.
CANONICAL_PARAMETERS = ("q", "page")

# As Django's json_script does: the JSON can then never close its <script> element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def environment(**options):
    # Plain-text email parts (newsletters/email/*.txt) are not HTML: nothing to escape there.
    options["autoescape"] = select_autoescape(
        enabled_extensions=("html", "xml"), disabled_extensions=("txt",), default=True
    )
    env = Environment(**options)
    env.globals.update(
        {
            "url": url,
            "static": static_url,
            "now": now,
            "current_language": translation.get_language,
            "canonical_url": canonical_url,
            "page_address": page_address,
            "picture": picture,
            "CARD_PICTURE_SIZES": CARD_PICTURE_SIZES,
            "EAGER_CARDS": EAGER_CARDS,
            "footer_pages": navigation.footer_pages,
            "policy_page": navigation.policy_page,
            "organization_data": structured_data.organization,
            "news_article_data": structured_data.news_article,
            "breadcrumbs_data": structured_data.article_breadcrumbs,
            "fact_check_data": structured_data.fact_check,
            "profile_data": structured_data.profile_page,
            "newsletter_consent": consent_text,
        }
    )
    env.filters.update(
        {
            "date": date,
            "linebreaks": defaultfilters.linebreaks_filter,
            "linebreaksbr": defaultfilters.linebreaksbr,
            "truncatechars": defaultfilters.truncatechars,
            "first_words": first_words,
            "byline_groups": byline_groups,
            "http_url": http_url,
            "profile_label": profile_label,
            "plain_text": plain_text,
            "json_ld": json_ld,
        }
    )
    return env


def url(name, slug=""):
    """The address of route `name`, or of its page for `slug`."""
    return address(name, slug)


def now():
    return timezone.localtime()


def date(value, format_string):
    """`value` (a datetime, its ISO text, or a day) formatted as Django's date filter does,
    in the site's time zone and language.

    Public pages are always in the site's time zone and language (TIME_ZONE, LANGUAGE_CODE):
    nothing activates another, so neither is looked up per call (each lookup of the active
    one costs more than formatting; a list page formats two dates per card)."""
    if not value:
        return ""
    if isinstance(value, str):  # As Article.page_parts keeps its times.
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):  # A day alone, like a fact check's claim date.
        return day(value, format_string, settings.LANGUAGE_CODE)
    if timezone.is_aware(value):
        value = value.astimezone(timezone.get_default_timezone())
    # The two formats every page uses most need no translated names: taken directly.
    if format_string == "c":
        return value.isoformat()
    if format_string == "Y":
        return str(value.year)
    if DAY_FORMAT.fullmatch(format_string):
        return day(value.date(), format_string, settings.LANGUAGE_CODE)
    return dateformat.format(value, format_string)


# Formats of the day alone (a card's "7 Dec 2026"): the stories of a list share a few days.
DAY_FORMAT = re.compile(r"[jdDlNnmMFEyYwzS ,.]+")


@lru_cache(maxsize=1024)
def day(value, format_string, language):
    """dateformat.format() of a date in `language`, remembered per format and language."""
    with translation.override(language):
        return dateformat.format(value, format_string)


def byline_groups(bylines):
    """Bylines (as Article.page_parts keeps them) grouped by role, in reading order:
    (label, [(joiner, name, address), ...], end) for each group, the joiners and the end
    spelled out ("", ", ", " and "; "." between groups) so the template needs no loop
    variables, which cost Jinja2 a look ahead on every byline of every card."""
    grouped = {}
    for byline in bylines or ():
        author = (byline["name"], address("articles:author-detail", byline["slug"]))
        grouped.setdefault(byline["role"], []).append(author)
    # Most stories have one role (a writer or two): nothing to put in order then.
    roles = list(grouped) if len(grouped) < 2 else sorted(grouped, key=role_order)
    last = len(roles) - 1
    return [
        (ROLE_LABELS.get(role, "With"), joined(grouped[role]), "." if number < last else "")
        for number, role in enumerate(roles)
    ]


# BYLINE_LABELS by the roles' plain values, as page_parts keeps them: cheaper to look up.
ROLE_LABELS = {str(role.value): label for role, label in BYLINE_LABELS.items()}
ROLE_ORDER = {role: number for number, role in enumerate(ROLE_LABELS)}


def role_order(role):
    """Where a role's group goes: in BYLINE_LABELS's order, any other role after them."""
    return ROLE_ORDER.get(role, len(ROLE_ORDER))


def joined(authors):
    """ "A", "A and B", "A, B and C": each (name, address) with what goes before it."""
    last = len(authors) - 1
    return [
        ("" if number == 0 else " and " if number == last else ", ", name, url)
        for number, (name, url) in enumerate(authors)
    ]


def first_words(text, count):
    """`text` cut to its first `count` words, with " …" where it was cut (as Django's
    truncatewords, without its lazy-text machinery: every card of a list calls it)."""
    words = (text or "").split()
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]) + " …"


def http_url(address):
    """`address` if it is a web address, else an empty string. Imported data skips model
    validation, and a ``javascript:`` link must never reach an href."""
    address = (address or "").strip()
    return address if urlsplit(address).scheme.lower() in {"http", "https"} else ""


def plain_text(html_text):
    """Sanitised HTML as one line of plain text, for meta descriptions."""
    return " ".join(html.unescape(strip_tags(html_text or "")).split())


def json_ld(data):
    """`data` as a <script type="application/ld+json"> block. The Content-Security-Policy
    allows it: browsers never run a script of a data type."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return Markup('<script type="application/ld+json">{}</script>').format(Markup(text))


def canonical_url(request, *, is_preview=False):
    """This page's address, absolute, keeping only the query parameters that change it.
    A preview has none: its address is a private link, not a page of the site."""
    if request is None or is_preview:
        return ""
    if not request.GET:
        return request.build_absolute_uri(request.path)
    query = request.GET.copy()
    for name in list(query):
        if name not in CANONICAL_PARAMETERS:
            del query[name]
    if "page" in query:
        # The page served, as a number ("?page=abc" served the first): never the raw text.
        number = asked_page_number(query["page"])
        if 1 < number <= MAX_PAGE_NUMBER:
            query["page"] = str(number)
        else:
            del query["page"]
    path = f"{request.path}?{query.urlencode()}" if query else request.path
    return request.build_absolute_uri(path)


def page_address(request, number):
    """This page's address with ?page=`number`, other query parameters (a search) kept."""
    if not request.GET:  # Most lists: nothing to keep, nor to quote.
        return f"?page={number}"
    query = request.GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


def picture(
    image, *, alt, ready=True, sizes="100vw", loading="lazy", css_class="", fetchpriority=""
):
    """What the picture_of macro (templates/jinja2/includes/parts.html) draws for a stored
    picture: its renditions (WebP and fallback srcsets), intrinsic size and alt text, all
    from the stored name, so no file is read while rendering. A picture whose renditions are
    not `ready` yet (a job makes them after the save), or was stored before renditions
    existed, gets a plain <img> of itself; no picture, nothing (None)."""
    if not image:
        return None
    found = {
        "src": image.url,
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
        "fetchpriority": fetchpriority,
    }
    # The stored picture's own size, so the browser reserves its space before it loads.
    found["width"], found["height"] = stored_size(image.name) or (None, None)
    renditions = renditions_for(image.name) if ready else []
    if renditions:
        storage = image.storage
        fallback = min(renditions, key=lambda rendition: abs(rendition.width - DEFAULT_SRC_WIDTH))
        found["src"] = storage.url(fallback.fallback_name)
        found["srcset"] = ", ".join(
            f"{storage.url(rendition.fallback_name)} {rendition.width}w" for rendition in renditions
        )
        found["webp_srcset"] = ", ".join(
            f"{storage.url(rendition.webp_name)} {rendition.width}w" for rendition in renditions
        )
        # The size of the largest rendition: browsers reserve the space from its ratio.
        found["width"], found["height"] = renditions[-1].width, renditions[-1].height
    return found


def profile_label(link):
    """A profile link as readers see it: its site and path, without the scheme."""
    parts = urlsplit(link)
    return (parts.netloc + parts.path).removeprefix("www.").rstrip("/") or link
