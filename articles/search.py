"""Full-text search: what a query means, what the index holds, and how a match is shown."""

import html
import re

import nh3
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .control_characters import CONTROL_CHARACTER

# Longer queries are cut: nobody types more, and each word costs the database a condition.
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 10
# Only the newest this many matches are ranked and shown: a common word then costs the
# database no more than a rare one (ArticleQuerySet.search).
MAX_RESULTS = 200
# Results carry a snippet each, so a page holds fewer of them than a list of article cards.
RESULTS_PER_PAGE = 10
SNIPPET_LENGTH = 240
STEM_LENGTH = 5

# PostgreSQL's text-search configurations, by the site's language code. Words are stemmed
# the same way when indexed and when searched; "simple" (no stemming) when no language fits.
SEARCH_CONFIGS = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}

WORD = re.compile(r"\w+")
# Control characters, NUL above all, which PostgreSQL refuses in a query string.


def clean_query(raw):
    """The reader's query with control characters dropped, spaces squeezed and length capped."""
    query = CONTROL_CHARACTER.sub("", raw or "")
    return " ".join(query.split())[:MAX_QUERY_LENGTH].strip()


def query_terms(query):
    """The distinct words of a query as typed, in order; punctuation never counts."""
    terms = {}
    for word in WORD.findall(query):
        terms.setdefault(word.casefold(), word)
    return list(terms.values())[:MAX_QUERY_TERMS]


def search_config():
    return SEARCH_CONFIGS.get(settings.LANGUAGE_CODE.split("-")[0].lower(), "simple")


def document_vector():
    """The weighted tsvector stored on each article: headline, then standfirst, names, body."""
    config = search_config()
    return (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("dek", "summary", weight="B", config=config)
        + SearchVector("search_text", weight="C", config=config)
        + SearchVector("body", weight="D", config=config)
    )


def _term_pattern(terms):
    # PostgreSQL matches word stems ("sanctioned" finds "sanctions"); highlighting comes close
    # by marking every word that starts like a term, its last letters dropped when it is long.
    stems = {term[: max(STEM_LENGTH, len(term) - 3)] for term in terms}
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text, terms):
    """`text` escaped, with every word that starts with a search term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pieces = []
    position = 0
    for match in _term_pattern(terms).finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    # Safe: every piece of the reader's text went through escape() above.
    return mark_safe("".join(pieces))


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first match, highlighted."""
    text = " ".join(text.split())
    match = _term_pattern(terms).search(text) if terms else None
    start = 0
    if match and match.start() > length // 3:
        # Begin at a word boundary a little before the match, so it reads as a phrase.
        start = text.rfind(" ", 0, match.start() - length // 3) + 1
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    fragment = text[start:end].strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{highlight(fragment, terms)}{suffix}")


def article_snippet(article, terms):
    """The passage of an article that best shows why it matched: body, summary or dek."""
    # nh3 rather than Django's strip_tags: the same text, a few times faster on a results page.
    body = html.unescape(nh3.clean(article.body_html, tags=set()))
    pattern = _term_pattern(terms) if terms else None
    for text in (body, article.summary, article.dek):
        if pattern and pattern.search(text):
            return snippet(text, terms)
    return snippet(article.summary or article.dek or body, terms)
