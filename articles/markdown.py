"""Markdown to safe HTML: the one renderer for stored article HTML and the editor's preview."""

import re
import unicodedata
from html import unescape
from html.parser import HTMLParser

import markdown as python_markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .embeds import mark_embeds, place_embeds

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

# What makes the HTML parser read on as plain text, or as a comment, up to a closing tag:
# left open in a story's raw HTML, each swallowed the rest of the story, which the sanitiser
# then dropped or showed as markup. (Rendered Markdown escapes every other "<".)
OPENS_RAW_TEXT = re.compile(
    r"<(?:!--|(iframe|noembed|noframes|noscript|plaintext|script|style|template|textarea"
    r"|title|xmp)(?![^\s/>]))",
    re.IGNORECASE,
)


def escape_unclosed_raw_text(html):
    """`html` with every raw-text tag or comment that nothing closes escaped, so that it shows
    as typed and the rest of the story is kept; closed ones are left to the sanitiser."""
    pieces = []
    position = 0
    # Once nothing after some point closes a tag, nothing closes a later one either: each
    # search runs to the end at most once a tag, so the scan stays linear.
    never_closed = set()
    while opening := OPENS_RAW_TEXT.search(html, position):
        name = (opening[1] or "!--").lower()
        end = None if name in never_closed or name == "plaintext" else closing_end(html, opening)
        if end is None:
            never_closed.add(name)
            pieces.append(html[position : opening.start()] + "&lt;")
            position = opening.start() + 1
        else:
            pieces.append(html[position:end])
            position = end
    pieces.append(html[position:])
    return "".join(pieces)


def closing_end(html, opening):
    """Where the raw text or comment that `opening` starts ends, or None if nothing ends it."""
    if opening[1] is None:
        # "<!-->" is a whole (empty) comment, so the search starts inside the opening.
        close = html.find("-->", opening.start() + 2)
        return None if close < 0 else close + 3
    close = re.compile(rf"</{opening[1]}(?![^\s/>])", re.IGNORECASE).search(html, opening.end())
    if close is None:
        return None
    # After "<!--" inside a script the parser may read past its first "</script>": such a
    # script, and any after it, is escaped (which only ever shows more of what was typed).
    if opening[1].lower() == "script" and "<!--" in html[opening.end() : close.start()]:
        return None
    return close.end()


# nh3 writes attributes in double quotes, so an opening <a> tag can be matched reliably.
EXTERNAL_LINK = re.compile(r'<a((?:\s+[a-z-]+="[^"]*")*?\s+href="(?:https?:)?//[^"]*"[^>]*?)>')

# Every id in rendered text starts with this, so that no heading, footnote or attribute of a
# story can take an id of the page around it ("main", "sources", "correction-3"), now or
# after a template gains one: a duplicate id breaks skip links, labels and fragment links.
TEXT_ID_PREFIX = "text-"
# A tag with its attributes (nh3 escapes every "<" in text and every '"' in attributes).
TAG_WITH_ATTRIBUTES = re.compile(r'<[a-z][a-z0-9]*(?:\s+[a-z-]+="[^"]*")+')
ID_VALUE = re.compile(r'(?<=\sid=")[^"]*')
FRAGMENT_VALUE = re.compile(r'(?<=\shref="#)[^"]*')


# The renderer's limits are the project's own, checked before Python-Markdown sees the text,
# so that what is refused, and why, does not depend on which Markdown release is installed.
# Each is far beyond any story, and low enough that rendering stays quick:
# - a long read is 60,000 characters; this is five of them;
MAX_MARKDOWN_CHARACTERS = 300_000
# - Python-Markdown's link parser takes time that grows with the square of the "[" in a text
#   (50,000 took minutes), and a story with a link in every paragraph has a few hundred;
MAX_OPEN_BRACKETS = 1000
# - an unclosed raw HTML tag ("<a ") costs the same (33,000 took 100 s), and stories are
#   written in Markdown, with the odd <abbr> or <sup>;
MAX_HTML_TAGS = 2000
# - lists and quotes nest by recursion (older releases raised RecursionError a few hundred
#   deep), and no story nests them more than a handful of levels.
MAX_NESTING_DEPTH = 20

HTML_TAG_OPENING = re.compile(r"</?[A-Za-z]")
# What opens one level of nesting at the start of a line: a quote marker, a list marker, or
# four columns of indentation in front of either.
NESTING_MARKER = r"(?:>[ \t]*|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))"
NESTING_PREFIX = re.compile(rf"[ \t]*{NESTING_MARKER}+")


class MarkdownTooComplex(ValueError):
    """Text over one of the renderer's limits."""


def nesting_depth(line):
    """How many lists and quotes `line` opens at its start, counting indentation as Markdown
    does (four columns a level)."""
    prefix = NESTING_PREFIX.match(line)
    if not prefix:
        return 0
    markers = prefix.group().lstrip(" \t")
    indentation = prefix.group()[: prefix.end() - len(markers)]
    return len(re.findall(NESTING_MARKER, markers)) + indentation.expandtabs(4).count("    ")


def complexity_problem(text):
    """Why the renderer refuses `text`, or None when it is within every limit."""
    if len(text) > MAX_MARKDOWN_CHARACTERS:
        return f"it is longer than {MAX_MARKDOWN_CHARACTERS:,} characters"
    if text.count("[") > MAX_OPEN_BRACKETS:
        return f"it has more than {MAX_OPEN_BRACKETS:,} “[”"
    if len(HTML_TAG_OPENING.findall(text)) > MAX_HTML_TAGS:
        return f"it has more than {MAX_HTML_TAGS:,} HTML tags"
    if any(nesting_depth(line) > MAX_NESTING_DEPTH for line in text.splitlines()):
        return "its lists or quotes are nested too deeply"
    return None


def render_markdown(text):
    """Render editor Markdown to sanitised HTML, with heading anchors and safe external links.

    Raises MarkdownTooComplex for text no story needs (validate_markdown() says so first)."""
    text = text or ""
    problem = complexity_problem(text)
    if problem:
        raise MarkdownTooComplex(problem)
    text, embeds = mark_embeds(text)
    html = markdown_html(text)
    clean = nh3.clean(
        escape_unclosed_raw_text(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
        link_rel=None,
        strip_comments=True,
    )
    return place_embeds(
        prefix_ids(EXTERNAL_LINK.sub(r'<a\1 rel="noopener noreferrer">', clean)), embeds
    )


def markdown_html(text):
    """Markdown to HTML, before the sanitiser: what the editor's text asks for."""
    return python_markdown.markdown(
        text,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    )


# Why the sanitiser removes what editors most often paste; other tags get REMOVED_TAG.
REMOVAL_REASONS = {
    "iframe": "pages from other sites are not framed in stories, as they can track readers. "
    "To embed a YouTube or Vimeo video or a social post, put its address alone on a line",
    "script": "scripts never run in stories: they could act for readers on this site",
    "style": "the site's stylesheet sets the look of every story",
    "object": "plugins are not shown in stories",
    "embed": "plugins are not shown in stories",
    "form": "stories hold no forms",
    "input": "stories hold no forms",
}
REMOVED_TAG = "stories keep to text, links, lists, tables, quotes and pictures"
REMOVED_ATTRIBUTE = "event handlers are scripts, which never run in stories"
REMOVED_LINK = "only http, https, mailto and tel links are kept"


class RemovedMarkup(HTMLParser):
    """Collects what the sanitiser will drop from raw HTML, with the reason."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.removed = {}

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.removed.setdefault(f"<{tag}>", REMOVAL_REASONS.get(tag) or REMOVED_TAG)
        for name, value in attrs:
            if name.startswith("on"):
                self.removed.setdefault(f"{name}=… on <{tag}>", REMOVED_ATTRIBUTE)
            elif name in ("href", "src") and value and ":" in value.split("/")[0]:
                scheme = value.split(":", 1)[0].strip().lower()
                if scheme not in ALLOWED_URL_SCHEMES:
                    self.removed.setdefault(f"a {scheme}: address on <{tag}>", REMOVED_LINK)


def removed_by_sanitiser(text):
    """What the sanitiser takes out of `text`'s HTML, each with why: [(what, why)]."""
    if not text or "<" not in text or complexity_problem(text):
        return []
    parser = RemovedMarkup()
    parser.feed(markdown_html(text))
    parser.close()
    return list(parser.removed.items())


def prefix_ids(html):
    """Sanitised `html` with TEXT_ID_PREFIX before every id, and before every fragment that
    names one of them; a link to a part of the page around the text is left alone."""
    ids = {value for tag in TAG_WITH_ATTRIBUTES.findall(html) for value in ID_VALUE.findall(tag)}
    if not ids:
        return html

    def prefix(value):
        return TEXT_ID_PREFIX + value[0]

    def prefix_tag(tag):
        tag = ID_VALUE.sub(prefix, tag[0])
        return FRAGMENT_VALUE.sub(lambda value: prefix(value) if value[0] in ids else value[0], tag)

    return TAG_WITH_ATTRIBUTES.sub(prefix_tag, html)


IMAGE_TAG = re.compile(r"<img\b[^>]*>")
IMAGE_ALT = re.compile(r'\salt="([^"]*)"')
IMAGE_SRC = re.compile(r'\ssrc="([^"]*)"')


def undescribed_pictures(html):
    """The addresses of the pictures in rendered `html` (render_markdown's, or a stored
    body_html) that readers who cannot see them are told nothing about: no alt text, or only
    the upload's placeholder."""
    found = []
    for tag in IMAGE_TAG.findall(html):
        alt = IMAGE_ALT.search(tag)
        # Invisible characters (a zero-width space, say) describe nothing either.
        description = " ".join(
            "".join(
                character
                for character in (unescape(alt.group(1)) if alt else "")
                if unicodedata.category(character) not in ("Cf", "Cc")
            ).split()
        )
        if not description or description.casefold() == PICTURE_ALT_PLACEHOLDER.casefold():
            src = IMAGE_SRC.search(tag)
            found.append(unescape(src.group(1)) if src else "")
    return found


def validate_markdown(text):
    """The validator of every Markdown field: text the renderer cannot handle is refused with
    a reason, instead of failing the save."""
    try:
        render_markdown(text)
    except MarkdownTooComplex as problem:
        raise ValidationError(
            f"This text cannot be shown as written: {problem}. Simplify it."
        ) from problem


def preview_markdown(text):
    """The editor's live preview (MARKDOWNX_MARKDOWNIFY_FUNCTION): what render_markdown gives,
    or the reason it cannot, where the preview would be."""
    try:
        html = render_markdown(text)
    except MarkdownTooComplex as problem:
        return format_html(
            "<p><strong>This text cannot be shown as written: {}.</strong></p>", problem
        )
    removed = removed_by_sanitiser(text)
    if not removed:
        return html
    # Said where the editor looks while typing; readers never see the preview.
    return format_html(
        '<div class="sanitiser-note" role="status"><p><strong>Not kept when you save:</strong></p>'
        "<ul>{}</ul></div>{}",
        format_html_join("", "<li>{}: {}.</li>", removed),
        mark_safe(html),  # render_markdown's sanitised output
    )
