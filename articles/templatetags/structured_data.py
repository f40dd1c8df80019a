"""Metadata for crawlers and social cards: JSON-LD blocks, canonical URLs, policy pages."""

import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from articles import structured_data

register = template.Library()

# As Django's json_script does: the JSON can then never close its <script> element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Query parameters that make a different page; any others (tracking tags) are dropped.
CANONICAL_PARAMETERS = ("q", "page")


@register.filter(is_safe=True)
def json_ld(data):
    """`data` as a <script type="application/ld+json"> block.

    The Content-Security-Policy allows it: browsers never run a script of a data type.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def plain_text(html_text):
    """Sanitised HTML as one line of plain text, for meta descriptions."""
    return " ".join(html.unescape(strip_tags(html_text or "")).split())


# Absolute addresses need the request: a template rendered without one gets no metadata.


@register.simple_tag(takes_context=True)
def organization_json_ld(context):
    request = context.get("request")
    return json_ld(structured_data.organization(request)) if request else ""


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """The article as a NewsArticle, and its place on the site as breadcrumbs."""
    request = context.get("request")
    if not request:
        return ""
    return json_ld(structured_data.news_article(request, article)) + json_ld(
        structured_data.article_breadcrumbs(request, article)
    )


@register.simple_tag(takes_context=True)
def profile_json_ld(context, author):
    request = context.get("request")
    return json_ld(structured_data.profile_page(request, author)) if request else ""


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address, absolute, keeping only the query parameters that change it.

    A preview has none: its address is a private link, not a page of the site.
    """
    request = context.get("request")
    if not request or context.get("is_preview"):
        return ""
    query = request.GET.copy()
    for name in list(query):
        if name not in CANONICAL_PARAMETERS:
            del query[name]
    if query.get("page") == "1":
        del query["page"]
    path = f"{request.path}?{query.urlencode()}" if query else request.path
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def policy_pages(context):
    """The published about and policy pages, in footer order."""
    request = context.get("request")
    if not request:
        return []
    pages = structured_data.policy_pages(request)
    return [pages[kind] for kind in structured_data.POLICY_PROPERTIES if kind in pages]
