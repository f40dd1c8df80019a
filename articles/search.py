"""Full-text search: what a query means, what the index holds, and how a match is shown."""

import html
import re
import unicodedata
from functools import lru_cache

import nh3
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection
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
# Each has an accent-blind copy, newsroom_<name>, that migration 0020 makes with unaccent.
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

# A word of a query; "c++", "c#" and "f#" keep their signs, so they do not stand for "c".
WORD = re.compile(r"\w+(?:\+\+|#)?")
# Words this short are matched whole: "c" finds the letter C, not every word beginning with c.
SHORT_WORD = 2

# Latin letters with accents, by the letter without: search matches "Ciarán" to "ciaran" as
# PostgreSQL's unaccent does. Letters that are not an accented form (ø, ł, đ) are added by hand.
ACCENTED = {"o": "ø", "l": "ł", "d": "đ"}
for code in range(0xC0, 0x250):
    letter = chr(code)
    base = unicodedata.normalize("NFD", letter)[0].lower()
    if base != letter.lower() and base.isascii() and base.isalpha():
        ACCENTED[base] = ACCENTED.get(base, "") + letter.lower()
UNACCENTED = {ord(letter): base for base, letters in ACCENTED.items() for letter in letters}


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


def alternatives(query):
    """The query's terms in groups, as web search reads "a b OR c d": a story matches when
    it holds every term of one group (the SQLite fallback's reading of OR)."""
    groups = [[]]
    for term in query_terms(query):
        if term.lower() == "or":
            groups.append([])
        else:
            groups[-1].append(term)
    return [group for group in groups if group]


def search_language():
    """PostgreSQL's own text-search configuration for the site's language."""
    return SEARCH_CONFIGS.get(settings.LANGUAGE_CODE.split("-")[0].lower(), "simple")


def search_config():
    """The accent-blind copy of search_language() that search uses, once migration 0020 has
    made it; before that (the earlier migrations that build vectors), the plain one."""
    config = f"newsroom_{search_language()}"
    return config if accent_blind_config_exists(config) else search_language()


# The accent-blind configurations found so far: a missing one is asked about again, since
# the migration that makes it may run later in the same process (a test run's set-up).
configs_found = set()


def accent_blind_config_exists(config):
    """Whether PostgreSQL has the text-search configuration `config`."""
    if config not in configs_found:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [config])
            if cursor.fetchone() is not None:
                configs_found.add(config)
    return config in configs_found


def term_regex(term, *, stem=False, word_start=True):
    """A regular expression (for re.IGNORECASE) matching words that begin with `term`,
    accents or none, or the whole word when it is short or ends in a sign ("c++").
    With `stem`, a long term's last letters may differ ("sanctioned" marks "sanctions").
    Without `word_start`, the caller checks that a word starts there."""
    term = term.lower().translate(UNACCENTED)
    if stem:
        term = term[: max(STEM_LENGTH, len(term) - 3)]
    letters = "".join(
        f"[{base}{ACCENTED[base]}]" if base in ACCENTED else re.escape(base) for base in term
    )
    whole = len(term) <= SHORT_WORD or not term[-1].isalnum()
    return (r"(?<!\w)" if word_start else "") + letters + (r"(?![\w+#])" if whole else "")


def document_vector(config=None):
    """The weighted tsvector stored on each article: headline, then standfirst, names, body."""
    config = config or search_config()
    return (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("dek", "summary", weight="B", config=config)
        + SearchVector("search_text", weight="C", config=config)
        + SearchVector("body", weight="D", config=config)
    )


@lru_cache(maxsize=256)
def _term_pattern(terms):
    # PostgreSQL matches word stems ("sanctioned" finds "sanctions"); highlighting comes close
    # by marking every word that starts like a term, its last letters dropped when it is long.
    # The start of a word is checked once, before the alternatives: each then needs trying
    # only where a word starts, and a results page runs this over ten bodies.
    alternatives = sorted(
        {term_regex(term, stem=True, word_start=False) for term in terms}, key=len, reverse=True
    )
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})\w*", re.IGNORECASE)


def highlight(text, terms):
    """`text` escaped, with every word that starts with a search term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pieces = []
    position = 0
    for match in _term_pattern(tuple(terms)).finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    # Safe: every piece of the reader's text went through escape() above.
    return mark_safe("".join(pieces))


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first match, highlighted."""
    text = " ".join(text.split())
    match = _term_pattern(tuple(terms)).search(text) if terms else None
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


# The body's HTML as text, for snippets: nh3 rather than Django's strip_tags, the same text a
# few times faster, with its settings built once rather than for each result.
TEXT_ONLY = nh3.Cleaner(tags=set())


def article_snippet(article, terms):
    """The passage of an article that best shows why it matched: body, summary or dek."""
    body = html.unescape(TEXT_ONLY.clean(article.body_html))
    pattern = _term_pattern(tuple(terms)) if terms else None
    for text in (body, article.summary, article.dek):
        if pattern and pattern.search(text):
            return snippet(text, terms)
    return snippet(article.summary or article.dek or body, terms)
