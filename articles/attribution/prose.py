"""Reading an article's Markdown as a reader sees it: runs of prose, quotations and sentences.

Headings, code and tables are skipped; a quoted sentence stays with its speaker.
"""

import re

from .vocabulary import ABBREVIATIONS, OPENERS, SENTENCE_STARTERS

BLOCK_SEPARATOR = re.compile(r"\n\s*\n")
LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\n)+")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
INDENTED_CODE = re.compile(r"^(?: {4}|\t)")
HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
# Setext underlines, horizontal rules and table rows carry no prose.
NOT_PROSE = re.compile(r"^\s{0,3}(?:=+|-{3,}|\*{3,}|_{3,}|\|.*)\s*$")
BLOCKQUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
INLINE_CODE = re.compile(r"`([^`]*)`")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
EMPHASIS = re.compile(r"(\*{1,3}|(?<!\w)_{1,3})(?=\S)(.+?)(?<=\S)\1")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
# A sentence may end in a period, ! or ?, then closing quotes or brackets, then a space.
SENTENCE_END = re.compile(r"[.!?…]+[”’\"')\]»]*(?=\s)")


def _plain(markdown_line):
    """The text a reader sees in a line of inline Markdown."""
    text = LINK.sub(r"\1", IMAGE.sub("", FOOTNOTE_REF.sub("", markdown_line)))
    text = HTML_TAG.sub("", INLINE_CODE.sub(r"\1", text))
    for _ in range(2):  # "**_nested_**" emphasis
        text = EMPHASIS.sub(r"\2", text)
    return " ".join(ESCAPE.sub(r"\1", text).split())


def _prose(text):
    """(paragraph index, plain text) for each run of prose; headings and code are skipped."""
    in_fence = False
    # Leading blank lines are dropped but not the first line's indent: it may be code.
    for index, block in enumerate(BLOCK_SEPARATOR.split(LEADING_BLANKS.sub("", text).rstrip())):
        lines = block.split("\n")
        if not in_fence and all(INDENTED_CODE.match(line) for line in lines):
            continue
        items = []
        for number, line in enumerate(lines):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if in_fence or HEADING.match(line) or NOT_PROSE.match(line):
                continue
            if SETEXT_UNDERLINE.match(following):  # the text of a setext heading
                continue
            line = BLOCKQUOTE.sub("", line)
            item = LIST_ITEM.match(line)
            if item or not items:  # each list item is read on its own
                items.append(line[item.end() :] if item else line)
            else:
                items[-1] += " " + line
        for item in items:
            if plain := _plain(item):
                yield index, plain


def _closing_quote(text, start):
    """Index of the quote mark that closes the one at `start`, or None."""
    opener, depth = text[start], 1
    closer = {"“": "”", '"': '"', "‘": "’", "'": "'"}[opener]
    for i in range(start + 1, len(text)):
        if text[i] == opener == "“":
            depth += 1
        # A single quote closes only at a word's end: not the ’ in "Ministry’s".
        elif text[i] == closer and (opener in '“"' or not text[i + 1 : i + 2].isalpha()):
            depth -= 1
            if depth == 0:
                return i
    return None


def _quotations(text):
    """(start, end, closed) spans of quoted speech; a quote within a quote lies inside its span."""
    spans, i = [], 0
    while i < len(text):
        at_word_start = i == 0 or text[i - 1] in " (—–"
        if text[i] in '“"' or (text[i] in "‘'" and at_word_start):
            end = _closing_quote(text, i)
            if end is not None:
                spans.append((i, end, True))
                i = end
            elif text[i] in '“"':  # a quote running on into the next paragraph
                spans.append((i, len(text), False))
                break
            # An unclosed single quote is an apostrophe: "the '90s".
        i += 1
    return spans


def _is_abbreviation(before, after):
    word = before.split()[-1].lstrip(OPENERS)
    if word.rstrip(".").lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", word):
        return True
    if re.fullmatch(r"(?:\w\.){2,}", word):  # "U.S.", "p.m.": a boundary only before "The", ...
        return after.split()[0].strip(OPENERS) not in SENTENCE_STARTERS
    return False


def _sentences(text, quotations):
    """(start, end) of each sentence; quoted sentences stay with their speaker."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        cut, after = match.end(), text[match.end() :].lstrip()
        first = after.lstrip(OPENERS)[:1]
        if not (first.isupper() or first.isdigit()):
            continue
        if match.group()[0] == "." and _is_abbreviation(text[: match.start() + 1], after):
            continue
        if any(begin < cut <= end for begin, end, closed in quotations if closed):
            continue
        yield start, cut
        start = len(text) - len(after)
    yield start, len(text)
