"""Markdown to safe HTML: the one renderer for stored article HTML and the editor's preview."""

import re
from html import unescape

import markdown as python_markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "q": {"cite"},
    "blockquote": {"cite"},
    # Anchor ids for headings and footnotes, so sections can be linked to.
    **{f"h{level}": {"id"} for level in range(2, 7)},
    "li": {"id"},
    "sup": {"id"},
}

# Only these schemes survive; javascript:, data: and the rest are dropped with the attribute.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Footnotes mark their markup with these classes; any other class is dropped.
ALLOWED_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}

MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty", "toc"]
MARKDOWN_EXTENSION_CONFIGS = {
    # The headline is the page's only <h1>, so body headings start at <h2>.
    "toc": {"baselevel": 2, "permalink": False},
}

# What a picture dropped into the editor is described as until the editor describes it.
PICTURE_ALT_PLACEHOLDER = "Describe the picture"

# nh3 writes attributes in double quotes, so an opening <a> tag can be matched reliably.
EXTERNAL_LINK = re.compile(r'<a((?:\s+[a-z-]+="[^"]*")*?\s+href="(?:https?:)?//[^"]*"[^>]*?)>')


def render_markdown(text):
    """Render editor Markdown to sanitised HTML, with heading anchors and safe external links."""
    html = python_markdown.markdown(
        text or "",
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
        link_rel=None,
        strip_comments=True,
    )
    return EXTERNAL_LINK.sub(r'<a\1 rel="noopener noreferrer">', clean)


IMAGE_TAG = re.compile(r"<img\b[^>]*>")
IMAGE_ALT = re.compile(r'\salt="([^"]*)"')
IMAGE_SRC = re.compile(r'\ssrc="([^"]*)"')


def undescribed_pictures(text):
    """The addresses of the pictures in Markdown `text` that readers who cannot see them are
    told nothing about: no alt text, or only the upload's placeholder."""
    found = []
    for tag in IMAGE_TAG.findall(render_markdown(text)):
        alt = IMAGE_ALT.search(tag)
        description = unescape(alt.group(1)).strip() if alt else ""
        if not description or description == PICTURE_ALT_PLACEHOLDER:
            src = IMAGE_SRC.search(tag)
            found.append(unescape(src.group(1)) if src else "")
    return found
