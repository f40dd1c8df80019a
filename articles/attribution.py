"""The sourcing desk's engine: find what a story rests on, attribution by attribution.

Reads an article's Markdown body and reports each attribution statement ("according to X",
"X said", "analysts suggest"). Pure Python and deliberately conservative: editors must be able to
trust every finding, so where a sentence is ambiguous the finder stays silent rather than guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Source

VAGUE = "<vague>"  # the label of a vague attribution in evaluation cases


@dataclass(frozen=True)
class Attribution:
    sentence: str  # the whole sentence, as written (Markdown markup removed)
    paragraph: int  # 0-based index of the blank-line separated block of the body
    party: str | None  # who the claim is attributed to, as written; None when vague
    is_vague: bool  # "analysts suggest", "reports indicate": nobody a reader could check
    phrase: str  # the attribution phrase matched, e.g. "According to Reuters"


@dataclass(frozen=True)
class SourceProposal:
    name: str
    organisation: str
    kind: str  # a Source.Kind value
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SourcingFinding:
    attribution: Attribution
    status: str  # "cited", "uncited" or "vague"
    source: Source | None


@dataclass(frozen=True)
class Mistake:
    text: str
    expected: tuple[str, ...]
    found: tuple[str, ...]


@dataclass(frozen=True)
class EvaluationResult:
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int
    mistakes: tuple[Mistake, ...]


# --- Vocabulary -------------------------------------------------------------------------------


def _words(text):
    return frozenset(text.split())


# Only lowercase forms count, so a sentence-initial "Said differently," or "Reported cases" is safe.
SPEECH_VERBS = _words(
    "said says say told tells tell stated announced announces warned warns warn claimed claims "
    "claim confirmed confirms confirm added adds noted notes note reported reports report wrote "
    "writes posted posts insisted insists insist acknowledged alleged asserted declared explained "
    "recalled tweeted denied denies"
)
# Opinion verbs attribute only with a named or vague speaker: "the data suggest" is not a source.
OPINION_VERBS = _words(
    "suggest suggests suggested indicate indicates indicated believe believes believed argue "
    "argues argued think thinks estimate estimates contend contends fear fears expect expects"
)
# Verbs that can come before their speaker, after a quote or a comma: "..., said the ministry."
INVERTING_VERBS = _words("said says added adds wrote writes noted explained recalled")
# "with NATO officials warning of ...": the party stands between "with" and the participle.
PARTICIPLES = _words("warning saying claiming insisting arguing noting reporting stating")
# Objects that make a speech verb mean something else: "said goodbye", "reported for duty".
NOT_SPEECH_OBJECTS = _words("goodbye farewell grace vows prayers nothing little")
REPORTED_DUTY = {("reported", "for"), ("reported", "sick")}
# "The video posted on Telegram shows ...": content, then a participle and a preposition, is a
# description of the content, not someone speaking.
CONTENT_NOUNS = _words(
    "video videos footage photo photos image images picture pictures clip post message "
    "statement report document letter figures data"
)
POSSESSIVE_PRONOUNS = _words("his her its their our my your this these those")
# Words that cannot be part of a speaker's name; meeting one ends the walk back from a verb.
STOP_WORDS = POSSESSIVE_PRONOUNS | _words(
    # Pronouns: "he said" points back to a party named earlier, and was reported there.
    "i you he she it we they me him us them who whom whose which that there what "
    "nobody no none everyone everybody someone somebody anyone anybody "
    # Auxiliaries and modals: "was told", "could have said".
    "is are was were be been being am do does did will would shall should can could may might "
    "must has have had "
    # Negation, conjunctions and clause openers: "after the central bank said".
    "not never but or nor so yet because while when after before as since if although though "
    "where whereas than then until unless once whether however meanwhile also later earlier "
    "separately previously yesterday today again only just now still already"
)
# Words allowed between a subject and its verb: "the ministry also said", "Reuters has reported".
VERB_ADVERBS = _words(
    "also later earlier previously separately again has have had yesterday today then once "
    "first initially since now repeatedly publicly privately formally officially recently"
)
NP_LINKS = _words("of for at in from by with to and on")
DETERMINERS = _words("the a an")
TIME_WORDS = _words(
    "monday tuesday wednesday thursday friday saturday sunday week month year morning "
    "afternoon evening night weekend"
)
# "according to plan" is an idiom, not a source.
IDIOMS = _words(
    "plan plans schedule rules rule law laws tradition custom protocol script procedure "
    "timetable book expectations instructions regulations"
)
# Heads that never name anyone, whatever follows: "sources close to the Kremlin".
ANONYMOUS = _words("sources source people person insiders some many others rumours rumors")
# Heads that are vague unless an organisation is named: "analysts at Chatham House" is not.
COMMENTATORS = _words(
    "analysts analyst experts expert observers observer critics commentators economists "
    "economist report reports media"
)
# "some analysts", "many economists", "unconfirmed reports", "a person familiar with ...".
VAGUE_MARKERS = _words("some many unconfirmed unnamed anonymous familiar close")
OFFICIAL_HEADS = _words(
    "ministry ministries government kremlin pentagon department office embassy staff command "
    "council commission parliament presidency administration service army navy police "
    "cabinet secretariat headquarters"
)
DOCUMENTS = {"statement": "press_release", "communiqué": "press_release"} | dict.fromkeys(
    _words("report readout transcript assessment memo decree study survey document"), "document"
)
PLATFORMS = "Telegram|X|Twitter|Facebook|VKontakte|VK|Instagram|YouTube|TikTok"
NEWS_AGENCIES = {
    "Reuters": (), "Associated Press": ("AP",), "Agence France-Presse": ("AFP",), "TASS": (),
    "Interfax": (), "RIA Novosti": (), "BelTA": (), "Ukrinform": (), "UNIAN": (), "Xinhua": (),
    "Anadolu": (), "Kyodo": (), "Yonhap": (), "PAP": (), "dpa": (), "EFE": (), "ANSA": (),
}  # fmt: skip
# Words that only describe an agency or outlet: "the Interfax news agency" is Interfax.
DESCRIPTORS = _words("news agency state run owned wire service newspaper broadcaster")
ABBREVIATIONS = _words(
    "mr mrs ms dr lt gen col maj capt sgt adm cmdr gov sen rep rev st jr sr prof no vs "
    "jan feb mar apr jun jul aug sep sept oct nov dec approx dept est fig"
)
# After "U.S." or "p.m." only these words are taken to start a new sentence.
SENTENCE_STARTERS = _words("The A An It He She They We I This That These Those In On At But And")
OPENERS = "“‘\"'(«["
CLOSERS = "”’\"')»]"
DASHES = "—–"


# --- Regular expressions ----------------------------------------------------------------------

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
TOKEN = re.compile(r"[—–]|[^\s—–]+")
ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+")
# "In a statement on Wednesday, the Lithuanian foreign ministry condemned ..."
IN_A_STATEMENT = re.compile(r"\b[Ii]n an? (?:[\w-]+ ){0,2}statement\b[^,.;]{0,40},\s+")
IMPERSONAL = re.compile(
    r"\b[Ii]t (?:is|was|has been|had been) (?:widely |generally )?"
    r"(?:understood|believed|reported|said|thought|claimed|alleged|rumou?red)\b"
)
SOCIAL = re.compile(
    rf"^(?P<owner>.+?)(?:’s|'s)? (?P<platform>{PLATFORMS}) (?P<what>channel|account|page|feed)$"
)
POSSESSIVE = re.compile(r"^(?P<owner>.+?)(?:’s|'s) (?P<rest>[a-z].*)$")


# --- Reading the Markdown ---------------------------------------------------------------------


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


# --- Finding attributions ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    quoted: bool

    @property
    def word(self):
        return self.text.strip(OPENERS + CLOSERS + ",;:.!?")

    @property
    def lower(self):
        return self.word.lower()

    @property
    def ends_clause(self):
        return self.text in DASHES or self.text[-1] in ',;:)”"»'

    @property
    def is_possessive(self):
        return self.text.rstrip(",;:.").endswith(("’s", "'s", "s’", "s'"))


def _tokens(text, start, end, quotations):
    return [
        _Token(m.group(), m.start(), m.end(), any(a <= m.start() <= b for a, b, _ in quotations))
        for m in TOKEN.finditer(text, start, end)
    ]


def _fits_phrase(tokens, i):
    """Whether tokens[i] can be part of a speaker's noun phrase."""
    token = tokens[i]
    if token.quoted or token.lower in STOP_WORDS or not any(c.isalnum() for c in token.word):
        return False
    # Lowercase -ed/-ing words are verbs ("Lukashenko met ...") unless a determiner makes them
    # adjectives ("the detained journalist").
    if token.word.islower() and token.lower.endswith(("ed", "ing")) and len(token.lower) > 4:
        return i > 0 and (tokens[i - 1].lower in DETERMINERS or tokens[i - 1].is_possessive)
    return True


def _walk_back(tokens, j, *, trailing_comma=False, stop_at=frozenset()):
    """(first, last) token indexes of the noun phrase ending at tokens[j], or None."""
    if j < 0 or not _fits_phrase(tokens, j) or (tokens[j].ends_clause and not trailing_comma):
        return None
    i = j
    while i > 0 and _fits_phrase(tokens, i - 1) and not tokens[i - 1].ends_clause:
        if tokens[i - 1].lower in stop_at or tokens[i].text[0] in OPENERS:
            break
        i -= 1
    if i > 0 and tokens[i - 1].lower in POSSESSIVE_PRONOUNS:
        return None  # "his spokesman": the owner was named elsewhere
    for k in range(i + 1, j + 1):  # "On Tuesday the ministry": the phrase starts at "the"
        previous = tokens[k - 1]
        if tokens[k].lower in DETERMINERS and not (
            previous.lower in NP_LINKS or previous.is_possessive
        ):
            i = k
    head = tokens[j]
    if (
        tokens[i].lower in NP_LINKS
        or head.lower in DETERMINERS | NP_LINKS
        or (head.is_possessive and not trailing_comma)
        or j - i >= 12
    ):
        return None
    return i, j


def _is_aside(first):
    """Whether a comma-separated aside starting with `first` is not part of the speaker's name:
    "speaking to reporters", "who ...", "in a statement", "however"."""
    return (
        first.lower in STOP_WORDS | NP_LINKS
        or first.word.isdigit()  # "Khrenin, 66, said"
        or (first.word.islower() and first.lower.endswith(("ing", "ly", "ed")))
    )


def _subject(tokens, k):
    """(first, last) of the speaker before the verb tokens[k], or None."""
    j = k - 1
    while j >= 0 and tokens[j].lower in VERB_ADVERBS and not tokens[j].ends_clause:
        j -= 1
    # Skip a time phrase before the verb: "the ministry on Tuesday said".
    while (
        j >= 1
        and tokens[j - 1].lower in {"on", "last"}
        and tokens[j].lower in TIME_WORDS
        and not tokens[j].ends_clause
    ):
        j -= 2
    if j < 0 or tokens[j].lower in {"not", "never", "and", "but", "or"}:
        return None
    if not tokens[j].text.endswith(","):
        return _walk_back(tokens, j)
    # "Dmitry Peskov, the Kremlin spokesman, claimed": a phrase, then an aside between commas.
    a = j
    while a > 0 and not tokens[a - 1].ends_clause:
        a -= 1
    if a == 0 or not tokens[a - 1].text.endswith(","):
        return None  # "The footage, posted on Telegram": no speaker before the comma
    before = _walk_back(tokens, a - 1, trailing_comma=True)
    if before is None:
        return None
    if _is_aside(tokens[a]):
        return before[0], a - 1
    appositive = _walk_back(tokens, j, trailing_comma=True)
    return (before[0], j) if appositive and appositive[0] == a else None


def _inverted_speaker(tokens, k):
    """(first, last) of the speaker after "..., said" in "..., said the ministry.", or None."""
    if k == 0 or tokens[k].word not in INVERTING_VERBS:
        return None
    if not (tokens[k - 1].text[-1] in ',”"' or tokens[k - 1].text in DASHES):
        return None
    for j in range(k + 1, min(k + 10, len(tokens))):
        if not _fits_phrase(tokens, j):
            return None
        if tokens[j].ends_clause or j == len(tokens) - 1:
            found = _walk_back(tokens, j, trailing_comma=True, stop_at={tokens[k].lower})
            return found if found and found[0] == k + 1 else None
    return None


def _span(tokens, first, last):
    end = tokens[last].end - (len(tokens[last].text) - len(tokens[last].text.rstrip(",;:.")))
    return tokens[first].start, end


def _head(party):
    """The head word of a party ("sources" in "sources close to the Kremlin") and what follows."""
    words = party.split()
    for n, word in enumerate(words):
        if n and word.lower() in NP_LINKS | {"close", "familiar", "who"}:
            return words[n - 1].lower().strip(",’'"), words[n:]
    return words[-1].lower().strip(",’'"), []


def is_vague_party(party):
    """Whether a party names nobody a reader could check ("analysts", "people familiar ...")."""
    words = party.split()
    if {words[0].lower(), *words[1:]} & VAGUE_MARKERS:
        return True
    head, rest = _head(party)
    names_organisation = rest[:1] in (["at"], ["from"], ["of"], ["by"]) and any(
        word[:1].isupper() for word in rest[1:]
    )
    return head in ANONYMOUS or (head in COMMENTATORS and not names_organisation)


def _verb_attributions(tokens):
    """(phrase span, party token range) for speech and opinion verbs and participles."""
    for k, token in enumerate(tokens):
        verb, following = token.word, [t.word for t in tokens[k + 1 : k + 3]]
        if token.quoted or (token.ends_clause and token.text[-1] != ","):
            continue
        # "said goodbye", "reported for duty", "a man said to be ...": no claim is reported.
        if set(following) & NOT_SPEECH_OBJECTS or (verb, *following[:1]) in REPORTED_DUTY:
            continue
        if following in (["to", "be"], ["to", "have"]):
            continue
        # "reports said": a noun before the verb.
        if verb.endswith("s") and following[:1] and following[0] in SPEECH_VERBS | OPINION_VERBS:
            continue
        if verb in PARTICIPLES:
            found = _walk_back(tokens, k - 1, stop_at={"with"})
            if found and found[0] > 0 and tokens[found[0] - 1].lower == "with":
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
        elif verb not in SPEECH_VERBS | OPINION_VERBS:
            continue
        elif found := _inverted_speaker(tokens, k):
            yield (token.start, _span(tokens, *found)[1]), found
        elif found := _subject(tokens, k):
            phrase = tokens[found[0] : found[1] + 1]
            if verb.endswith("ed") and phrase[-1].lower in CONTENT_NOUNS and following[:1]:
                if following[0] in NP_LINKS:  # "the footage posted on Telegram"
                    continue
            named = any(t.word[:1].isupper() and t.lower not in DETERMINERS for t in phrase)
            if verb in SPEECH_VERBS or named or is_vague_party(" ".join(t.text for t in phrase)):
                yield (phrase[0].start, _span(tokens, k, k)[1]), found


def _token_at(tokens, offset):
    return next((n for n, token in enumerate(tokens) if token.start >= offset), len(tokens))


def _according_to(text, start, end, tokens):
    """ "According to X, ...", "..., according to X.": X runs to the end of the clause."""
    for match in ACCORDING_TO.finditer(text, start, end):
        k = _token_at(tokens, match.end())
        if k == len(tokens) or tokens[k].quoted:
            continue
        last = k
        while last + 1 < len(tokens) and not tokens[last].ends_clause:
            last += 1
        first_word = next((t.lower for t in tokens[k : last + 1] if t.lower not in DETERMINERS), "")
        if first_word in IDIOMS or last - k >= 15:
            continue
        party_span = _span(tokens, k, last)
        yield (match.start(), party_span[1]), party_span


def _in_a_statement(text, start, end, tokens):
    """ "In a statement, the ministry condemned ...": the party runs up to its verb."""
    for match in IN_A_STATEMENT.finditer(text, start, end):
        k = _token_at(tokens, match.end())
        for last in range(k, min(k + 8, len(tokens))):
            word = tokens[last].word
            if word.islower() and (word.endswith("ed") or word in SPEECH_VERBS):
                found = _walk_back(tokens, last - 1)
                if found and found[0] == k:
                    yield (match.start(), tokens[last - 1].end), _span(tokens, *found)
                break
            if not _fits_phrase(tokens, last) or tokens[last].ends_clause:
                break


def _channel_attributions(tokens):
    """ "posted on the ministry's Telegram channel": the channel is the source."""
    for k in range(2, len(tokens)):
        if tokens[k].lower in {"channel", "account", "page", "feed"} and re.fullmatch(
            PLATFORMS, tokens[k - 1].word
        ):
            found = _walk_back(tokens, k, stop_at={"on", "via", "in"})
            if found and found[0] > 0 and tokens[found[0] - 1].lower in {"on", "via", "in"}:
                if tokens[k - 2].is_possessive:
                    yield _span(tokens, *found), _span(tokens, *found)


def _find_in_sentence(text, start, end, quotations):
    """(phrase span, party span or None) for each attribution, with vague ones marked by None."""
    tokens = _tokens(text, start, end, quotations)
    found = [(phrase, _span(tokens, *party)) for phrase, party in _verb_attributions(tokens)]
    found += list(_according_to(text, start, end, tokens))
    found += list(_in_a_statement(text, start, end, tokens))
    found += list(_channel_attributions(tokens))
    for match in IMPERSONAL.finditer(text, start, end):
        if not any(a <= match.start() <= b for a, b, _ in quotations):
            found.append((match.span(), None))
    kept = []
    for phrase, party in sorted(found, key=lambda item: item[0][0]):
        # The same party reached by two routes ("In a statement, the ministry said") counts once.
        begin, finish = party or phrase
        if all(finish <= b or e <= begin for b, e in (p or ph for ph, p in kept)):
            kept.append((phrase, party))
    return kept


def find_attributions(text):
    """The attribution statements in a Markdown body, in document order."""
    attributions = []
    for paragraph, prose in _prose(text or ""):
        quotations = _quotations(prose)
        for start, end in _sentences(prose, quotations):
            for phrase, party_span in _find_in_sentence(prose, start, end, quotations):
                party = prose[slice(*party_span)] if party_span else None
                vague = party is None or is_vague_party(party)
                attributions.append(
                    Attribution(
                        sentence=prose[start:end].strip(),
                        paragraph=paragraph,
                        party=None if vague else party,
                        is_vague=vague,
                        phrase=prose[slice(*phrase)],
                    )
                )
    return attributions


# --- Sources ----------------------------------------------------------------------------------


def _without_article(party):
    return re.sub(r"^(?:the|a|an)\s+", "", party.strip(), flags=re.IGNORECASE)


def _key(name):
    """A name reduced for comparison: case, curly quotes, possessives, "the" and dots ignored."""
    text = name.replace("’", "'").replace("‘", "'").lower()
    text = re.sub(r"(?<=\w)'s\b|(?<=s)'(?!\w)", "", text).replace(".", "")
    text = " ".join(re.sub(r"[^\w&]+", " ", text).split())
    return re.sub(r"^the ", "", text)


def _is_descriptor(word):
    # Nationality adjectives ("Russian", "Chinese", "Polish") only describe an outlet.
    return word in DESCRIPTORS or word.endswith(("an", "ese", "ish"))


def _is_described(party_key, key):
    """Whether `party_key` is `key` with only descriptive words around it, on word boundaries."""
    match = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", party_key)
    if not key or not match:
        return False
    rest = (party_key[: match.start()] + " " + party_key[match.end() :]).split()
    return all(_is_descriptor(word) for word in rest)


def _news_agency(name):
    for agency, abbreviations in NEWS_AGENCIES.items():
        for spelling in (agency, *abbreviations):
            # Short names are only trusted in their own capitals: "AP", never "ap".
            found = spelling in name if len(spelling) <= 3 else spelling.lower() in name.lower()
            if found and _is_described(_key(name), _key(spelling)):
                return agency, abbreviations
    return None


def _proposal(name, organisation, kind, *aliases):
    unique = tuple(dict.fromkeys(alias for alias in aliases if alias != name))
    return SourceProposal(name=name, organisation=organisation, kind=kind, aliases=unique)


def propose_source(party):
    """The Source to create for a concrete party (channel, agency, ministry, document), or None.

    Generic or compound parties ("officials", "NATO and European Union officials", a named
    person) return None: an importer should not invent Sources for them on its own.
    """
    if not party or not party.strip() or is_vague_party(party):
        return None
    name = _without_article(" ".join(party.split()))
    if " and " in name or "," in name or not re.search(r"[A-Z]", name):
        return None
    if social := SOCIAL.match(name):
        owner = _without_article(social["owner"])
        if owner[:1].isupper():
            full = f"{owner} {social['platform']} {social['what']}"
            return _proposal(full, owner, "social", name)
    if agency := _news_agency(name):
        canonical, abbreviations = agency
        return _proposal(canonical, canonical, "agency", *abbreviations, name)
    head, rest = _head(name)
    if head in DOCUMENTS:
        owned = POSSESSIVE.match(name)
        owner = owned["owner"] if owned else _without_article(" ".join(rest[1:]))
        if owner[:1].isupper() and (owned or rest[:1] in (["by"], ["from"], ["of"])):
            return _proposal(f"{owner} {head}", owner, DOCUMENTS[head], name)
        return None
    if head in OFFICIAL_HEADS:
        # "Lukashenko’s press service" belongs to Lukashenko; "Belarus’s defence ministry" is one.
        owned = POSSESSIVE.match(name)
        if owned and head in {"office", "service"}:
            return _proposal(f"{owned['owner']} {owned['rest']}", owned["owner"], "official", name)
        return _proposal(name, name, "official")
    return None


def _source_keys(source):
    names = [source.name, source.organisation, *source.alias_list()]
    return [key for key in map(_key, names) if key]


def match_source(party, sources):
    """The Source among `sources` that `party` names, by name, organisation or alias; or None."""
    wanted = _key(party or "")
    if not wanted:
        return None
    sources = list(sources)
    for source in sources:
        if wanted in _source_keys(source):
            return source
    # "the Interfax news agency" names the source "Interfax", described; prefer the longest name.
    candidates = [
        (len(key), source)
        for source in sources
        for key in _source_keys(source)
        if _is_described(wanted, key)
    ]
    return max(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


# --- The sourcing desk ------------------------------------------------------------------------


def analyse(text, cited_sources):
    """Each attribution in `text` with whether a cited Source backs it: cited, uncited or vague."""
    cited = list(cited_sources)
    findings = []
    for attribution in find_attributions(text):
        if attribution.is_vague:
            status, source = "vague", None
        else:
            source = match_source(attribution.party, cited)
            status = "cited" if source else "uncited"
        findings.append(SourcingFinding(attribution=attribution, status=status, source=source))
    return findings


def summarise(findings):
    """How many findings are cited, uncited and vague."""
    counts = Counter(finding.status for finding in findings)
    return {status: counts[status] for status in ("cited", "uncited", "vague")}


# --- Measuring the finder ---------------------------------------------------------------------


def evaluate(cases):
    """Precision and recall of find_attributions on hand-labelled (text, expected) cases.

    A detection is right only when its type matches and, for a named party, its party does.
    """
    cases = list(cases)
    if not cases:
        raise ValueError("No evaluation cases given.")
    true_positives = false_positives = false_negatives = 0
    mistakes = []
    for text, expected in cases:
        parties = tuple(a.party or VAGUE for a in find_attributions(text))
        found = Counter(party if party == VAGUE else _key(party) for party in parties)
        wanted = Counter(label if label == VAGUE else _key(label) for label in expected)
        matched = (found & wanted).total()
        true_positives += matched
        false_positives += found.total() - matched
        false_negatives += wanted.total() - matched
        if found != wanted:
            mistakes.append(Mistake(text=text, expected=tuple(expected), found=parties))
    detected = true_positives + false_positives
    labelled = true_positives + false_negatives
    return EvaluationResult(
        precision=true_positives / detected if detected else 1.0,
        recall=true_positives / labelled if labelled else 1.0,
        true_positives=true_positives,
        false_positives=false_positives,
        false_negatives=false_negatives,
        mistakes=tuple(mistakes),
    )
