"""Reading an article's Markdown as a reader sees it: runs of prose, quotations and sentences.

Headings, code and tables are skipped; a quoted sentence stays with its speaker.
"""

import re
from bisect import bisect_left

from .vocabulary import ABBREVIATIONS, CAPITALISED_ABBREVIATIONS, OPENERS, SENTENCE_STARTERS

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
NEXT_WORD = re.compile(r"\s*(\S*)")


def _plain(markdown_line):
    """The text a reader sees in a line of inline Markdown."""
    text = _without_links(_without_links(_before_last(FOOTNOTE_REF, "", markdown_line, "]"), "!["))
    text = _before_last(HTML_TAG, "", INLINE_CODE.sub(r"\1", text), ">")
    for _ in range(2):  # "**_nested_**" emphasis
        text = _without_emphasis(text)
    return " ".join(ESCAPE.sub(r"\1", text).split())


# The patterns above, applied in time proportional to the text. A regular expression tries each
# start in turn, and a start with no end ("<a <a <a ...", "[[[[...]") reads on to the end of the
# text: quadratic time. The functions below find the same matches without that re-reading.


def _before_last(pattern, replacement, text, closer):
    """pattern.sub(replacement, text) for a pattern ending at the first `closer` it meets:
    no match reaches past the last `closer`, and up to it every start finds its end."""
    cut = text.rfind(closer) + 1
    return pattern.sub(replacement, text[:cut]) + text[cut:]


def _without_links(text, opener="["):
    """LINK.sub(r"\1", text), or IMAGE.sub("", text) with opener "![", in linear time."""
    pieces, done, position = [], 0, 0
    while (start := text.find(opener, position)) >= 0:
        label = start + len(opener)
        close = text.find("]", label)
        if close < 0:
            break
        if close == label and opener == "[":  # "[]" is no link; the next "[" may start one
            position = label
            continue
        if text[close + 1 : close + 2] != "(":
            position = close + 1  # every opener before this "]" ends at it, and fails here too
            continue
        target_end = text.find(")", close + 2)
        if target_end < 0:
            break  # no ")" anywhere further: nothing more can match
        pieces.append(text[done:start])
        pieces.append(text[label:close] if opener == "[" else "")
        done = position = target_end + 1
    pieces.append(text[done:])
    return "".join(pieces)


EMPHASIS_DELIMITERS = {
    delimiter: re.compile(rf"{re.escape(delimiter)}(?=\S)(.+?)(?<=\S){re.escape(delimiter)}")
    for delimiter in ("***", "**", "*", "___", "__", "_")
}
EMPHASIS_START = re.compile(r"\*|(?<!\w)_")


def _last_closer(text, delimiter):
    """The last index where `delimiter` can close emphasis (after a non-space), or -1."""
    end = len(text)
    while (found := text.rfind(delimiter, 0, end)) > 0:
        if not text[found - 1].isspace():
            return found
        end = found + len(delimiter) - 1
    return -1


def _without_emphasis(text):
    """EMPHASIS.sub(r"\2", text) in linear time: a start is tried only if a closer follows it."""
    if "\n" in text:  # emphasis does not cross lines; _plain is given one line
        return EMPHASIS.sub(r"\2", text)
    last_closer = {delimiter: _last_closer(text, delimiter) for delimiter in EMPHASIS_DELIMITERS}
    pieces, done, position = [], 0, 0
    while start := EMPHASIS_START.search(text, position):
        at, mark = start.start(), start.group()
        run = len(text[at : at + 3]) - len(text[at : at + 3].lstrip(mark))
        for length in range(run, 0, -1):  # {1,3} is greedy: the longest delimiter first
            delimiter = mark * length
            if last_closer[delimiter] >= at + length + 1 and not text[at + length].isspace():
                found = EMPHASIS_DELIMITERS[delimiter].match(text, at)
                pieces += [text[done:at], found.group(1)]
                done = position = found.end()
                break
        else:
            position = at + 1
    pieces.append(text[done:])
    return "".join(pieces)


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
                items.append([line[item.end() :] if item else line])
            else:
                items[-1].append(line)
        for item in items:
            if plain := _plain(" ".join(item)):
                yield index, plain


def _closing_quote(text, start, unclosed_from=None):
    """Index of the quote mark that closes the one at `start`, or None.

    `unclosed_from` remembers, per opener, where a search found no closer: a later opener of
    the same kind has none either, so "‘ ‘ ‘ ..." is read once, not once per quote mark.
    """
    opener, depth = text[start], 1
    closer = {"“": "”", '"': '"', "‘": "’", "'": "'"}[opener]
    if unclosed_from is not None and unclosed_from.get(opener, len(text) + 1) <= start:
        return None
    for i in range(start + 1, len(text)):
        if text[i] == opener == "“":
            depth += 1
        # A single quote closes only at a word's end: not the ’ in "Ministry’s".
        elif text[i] == closer and (opener in '“"' or not text[i + 1 : i + 2].isalpha()):
            depth -= 1
            if depth == 0:
                return i
    if unclosed_from is not None and depth == 1:
        unclosed_from[opener] = start
    return None


def _quotations(text):
    """(start, end, closed) spans of quoted speech; a quote within a quote lies inside its span."""
    spans, i, unclosed_from = [], 0, {}
    while i < len(text):
        at_word_start = i == 0 or text[i - 1] in " (—–"
        if text[i] in '“"' or (text[i] in "‘'" and at_word_start):
            end = _closing_quote(text, i, unclosed_from)
            if end is not None:
                spans.append((i, end, True))
                i = end
            elif text[i] in '“"':  # a quote running on into the next paragraph
                spans.append((i, len(text), False))
                break
            # An unclosed single quote is an apostrophe: "the '90s".
        i += 1
    return spans


def _is_abbreviation(word, next_word):
    word = word.lstrip(OPENERS)
    # "Maj.-Gen.": the last part of a hyphenated title counts.
    last = word.rstrip(".").rsplit("-", 1)[-1].rstrip(".").lower()
    if last in ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", word):
        return True
    # "U.S.", "p.m.", "Ark.": a boundary only before "The", ...
    if (
        re.fullmatch(r"(?:\w\.){2,}", word)
        or word[:1].isupper()
        and last in CAPITALISED_ABBREVIATIONS
    ):
        return next_word.strip(OPENERS) not in SENTENCE_STARTERS
    return False


def _sentences(text, quotations):
    """(start, end) of each sentence; quoted sentences stay with their speaker."""
    # Each candidate end looks only at the words either side of it, never at the rest of the
    # text, so a paragraph is read in time proportional to its length.
    quotation_starts = [begin for begin, _, _ in quotations]
    start = 0
    for match in SENTENCE_END.finditer(text):
        cut = match.end()
        following = NEXT_WORD.match(text, cut)
        first = following.group(1).lstrip(OPENERS)[:1]
        if not (first.isupper() or first.isdigit()):
            continue
        if match.group()[0] == "." and _is_abbreviation(
            _word_ending_at(text, match.start() + 1), following.group(1)
        ):
            continue
        n = bisect_left(quotation_starts, cut) - 1  # the quotation that begins before the cut
        if n >= 0 and quotations[n][2] and cut <= quotations[n][1]:
            continue
        yield start, cut
        start = following.start(1)
    yield start, len(text)


def _word_ending_at(text, end):
    """The whitespace-separated word that ends at text[end - 1]."""
    begin = end
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end]
