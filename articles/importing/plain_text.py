"""Plain-text copy (.txt): a headline, an optional "By ..." line, then the paragraphs.

Wire copy comes hard-wrapped and often repeats its headline; both are undone here.
"""

import re
from pathlib import Path

from django.core.exceptions import ValidationError

from ..control_characters import BREAKS_BETWEEN_WORDS, refuse_control_characters
from .article_data import ArticleData, ArticleFileError, AuthorData, _read_text

# Plain-text copy carries no section; the bundled wire stories are foreign news.
DEFAULT_SECTION = "World"

BYLINE = re.compile(r"^by:?\s+(?P<names>.+)$", re.IGNORECASE)
NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)
NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
NAME_PARTICLES = {"al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"}
MARKDOWN_BLOCK_LINE = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|>|\|)")
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})


def parse_text_file(path):
    """The headline on the first line, an optional "By ..." line, then the paragraphs."""
    path = Path(path)
    lines = _read_text(path).split("\n")
    headline = _next_line(lines)
    if headline is None:
        raise ArticleFileError(path, "is empty")
    # A word processor's break between words is a space; any other control character
    # refuses the file, as the admin refuses it.
    headline = headline.translate(BREAKS_BETWEEN_WORDS)
    try:
        refuse_control_characters(headline)
    except ValidationError as exc:
        raise ArticleFileError(path, f"the headline: {exc.message}") from exc
    headline = " ".join(headline.split())
    lines = _drop_next_line(lines)

    # Wire copy often repeats the headline as its first line; keep it once.
    if _next_line(lines) is not None and _same_headline(_next_line(lines), headline):
        lines = _drop_next_line(lines)
    authors = []
    names = _byline_names(_next_line(lines) or "")
    if names:
        authors = [AuthorData(name=name) for name in names]
        lines = _drop_next_line(lines)

    paragraphs = [_join_paragraph(block) for block in _blocks(lines)]
    if not paragraphs:
        raise ArticleFileError(path, "has a headline but no story under it")
    return ArticleData(
        headline=headline, body="\n\n".join(paragraphs), authors=authors, section=DEFAULT_SECTION
    )


def _next_line(lines):
    return next((line.strip() for line in lines if line.strip()), None)


def _drop_next_line(lines):
    index = next(index for index, line in enumerate(lines) if line.strip())
    return lines[index + 1 :]


def _same_headline(line, headline):
    def normalise(text):
        return " ".join(text.translate(QUOTES).split()).casefold()

    return normalise(line) == normalise(headline)


def _byline_names(line):
    """The names in a "By Jane Doe and John Smith" line, or None if the line is not a byline."""
    match = BYLINE.match(line.strip())
    if not match:
        return None
    names = [name.strip() for name in NAME_SEPARATOR.split(match["names"].strip())]
    return names if all(_looks_like_name(name) for name in names) else None


def _looks_like_name(text):
    # Guards against a first sentence such as "By the end of the week, ..." being read as a byline.
    words = text.split()
    return (
        1 <= len(words) <= 5
        and all(NAME_WORD.match(word) for word in words)
        and words[0][0].isupper()
        and words[-1][0].isupper()
        and all(word[0].isupper() or word.lower() in NAME_PARTICLES for word in words)
    )


def _blocks(lines):
    block = []
    for line in lines + [""]:
        if line.strip():
            block.append(line.rstrip())
        elif block:
            yield block
            block = []


def _join_paragraph(lines):
    # Lists, quotes and tables need their line breaks; prose hard-wrapped at 72 columns does not.
    if any(MARKDOWN_BLOCK_LINE.match(line) for line in lines):
        return "\n".join(lines)
    return " ".join(line.strip() for line in lines)
