"""Finding attributions: who each sentence of an article says a claim comes from.

Where a sentence is ambiguous the finder stays silent rather than guess.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from .prose import _prose, _quotations, _sentences
from .vocabulary import (
    ANONYMOUS,
    AUXILIARIES,
    BASE_FORMS,
    CITING,
    CLOSERS,
    COMMA_PARTICIPLES,
    COMMENTATORS,
    CONTENT_NOUNS,
    DASHES,
    DEMONYM_ENDINGS,
    DESCRIBING_VERBS,
    DETERMINERS,
    DOCUMENTS,
    EXPRESSED,
    EXPRESSING_VERBS,
    FINDING_VERBS,
    HEADLINE_VERBS,
    IDIOMS,
    INVERTING_VERBS,
    IRREGULAR_PAST,
    ISSUING_VERBS,
    NAMING_VERBS,
    NOT_SPEECH_OBJECTS,
    NOUNS_IN_LY,
    NP_LINKS,
    OFFICIAL_HEADS,
    OPENERS,
    OPINION_VERBS,
    OWNERS,
    PARTICIPLES,
    PASSIVE_PARTICIPLES,
    PERSON_ROLES,
    PLACE_WORDS,
    PLATFORMS,
    POSSESSIVE_PRONOUNS,
    QUANTIFIERS,
    REDUCED_PARTICIPLES,
    REPORTED_BY,
    REPORTED_BY_FILLERS,
    REPORTED_DUTY,
    SPEECH_VERBS,
    SPOKESPEOPLE,
    STATEMENTS,
    STOP_WORDS,
    TIME_WORDS,
    UNNAMED_ROLES,
    VAGUE_MARKERS,
    VERB_ADVERBS,
)


@dataclass(frozen=True)
class Attribution:
    sentence: str  # the whole sentence, as written (Markdown markup removed)
    paragraph: int  # 0-based index of the blank-line separated block of the body
    party: str | None  # who the claim is attributed to, as written; None when vague
    is_vague: bool  # "analysts suggest", "reports indicate": nobody a reader could check
    phrase: str  # the attribution phrase matched, e.g. "According to Reuters"


# A speaker's noun phrase is shorter than this many words: longer runs are clauses.
MAX_PHRASE = 12
# "According to ..." runs to the end of its clause, which may be long ("a statement released by
# the Ministry of ... on Tuesday evening"), but not past this many words.
MAX_ACCORDING_TO = 30
TOKEN = re.compile(r"[—–]|[^\s—–]+")
ACRONYM = re.compile(r"\([A-Z][A-Z&.-]+s?\)[,;:.]?")
ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+")
# "In a statement on Wednesday, the Lithuanian foreign ministry condemned ..."
IN_A_STATEMENT = re.compile(r"\b[Ii]n an? (?:[\w-]+ ){0,2}statement\b[^,.;]{0,40},\s+")
IMPERSONAL = re.compile(
    r"\b[Ii]t(?: (?:is|was|has been|had been)|[’']s(?: been)?) (?:widely |generally )?"
    r"(?:understood|believed|reported|said|thought|claimed|alleged|rumou?red|emerged|announced"
    r"|revealed|feared|suggested)\b"
    r"|\b[Ii]t (?:has|had) emerged\b"
)
# Passive reporting and hearsay: "is said to have", "was believed to be", "reportedly". Without
# "is" or "was", "a man said to be in his forties" describes him; "believed to be" still hedges.
PASSIVE = re.compile(
    r"\b(?:(?:is|are|was|were|has been|have been|had been)"
    r"(?: (?:widely|generally|also|now|currently|still|already|long))? "
    r"(?:said|reported|thought|believed|understood|alleged|rumou?red|claimed)"
    r"|\b(?:believed|thought)(?= to be\b)) to\b"
    r"|\breportedly\b"
)
# "There have been reports of clashes": hearsay that names nobody.
THERE_ARE_REPORTS = re.compile(
    r"\b[Tt]here (?:have been|has been|were|are|is|was)(?: \w+){0,2}? "
    r"(?:reports|claims|rumou?rs|allegations|suggestions)\b"
)
# Verbs that report speech only in a frame: "described ... as", "quoted as saying".
FRAME_VERBS = (
    DESCRIBING_VERBS
    | NAMING_VERBS
    | EXPRESSING_VERBS
    | ISSUING_VERBS
    | FINDING_VERBS
    | {"quoted", "cited", "pointed"}
)
# A headline ends without a full stop, question mark or closing quote.
SENTENCE_CLOSERS = ".!?…:;" + CLOSERS


@dataclass(frozen=True)
class _Token:
    # Its properties are cached: the finder reads each many times per token.
    text: str
    start: int
    end: int
    quoted: bool

    @cached_property
    def word(self):
        return self.text.strip(OPENERS + CLOSERS + ",;:.!?")

    @cached_property
    def lower(self):
        return self.word.lower()

    @cached_property
    def ends_clause(self):
        if self.is_acronym:  # "the World Health Organization (WHO) said"
            return self.text[-1] in ",;:"
        return self.text in DASHES or self.text[-1] in ',;:)”"»'

    @cached_property
    def is_acronym(self):
        """Whether the token is an organisation's initials in brackets: "(WHO)", "(DRC)"."""
        return ACRONYM.fullmatch(self.text) is not None

    @cached_property
    def is_stop_word(self):
        # "WHO" and "US" are an organisation and a country, and "Will" in mid-sentence is a name.
        word = self.word
        if len(word) > 1 and word.isupper() or word == "Will":
            return False
        return self.lower in STOP_WORDS

    @cached_property
    def is_possessive(self):
        return self.text.rstrip(",;:.").endswith(("’s", "'s", "s’", "s'"))


def _is_quoted(offset, quotations, starts):
    """Whether `offset` lies in one of `quotations` (sorted and disjoint; `starts` their starts)."""
    n = bisect_right(starts, offset) - 1
    return n >= 0 and offset <= quotations[n][1]


class _Tokens(list):
    """A sentence's tokens, with the walks back from each token remembered, so that a sentence
    is read in time proportional to its length however many verbs it holds."""

    def __init__(self, tokens):
        super().__init__(tokens)
        self.starts = [token.start for token in tokens]
        self.walks = {}  # stop_at -> {token index: index where the walk back from it stops}
        # clause_starts[k]: the first token of the clause holding tokens[k].
        self.clause_starts = []
        for k in range(len(tokens)):
            begins = k == 0 or tokens[k - 1].ends_clause
            self.clause_starts.append(k if begins else self.clause_starts[-1])


def _tokens(text, start, end, quotations):
    starts = [a for a, _, _ in quotations]
    return _Tokens(
        [
            _Token(m.group(), m.start(), m.end(), _is_quoted(m.start(), quotations, starts))
            for m in TOKEN.finditer(text, start, end)
        ]
    )


def _fits_phrase(tokens, i):
    """Whether tokens[i] can be part of a speaker's noun phrase."""
    token = tokens[i]
    if token.quoted or token.is_stop_word or not any(c.isalnum() for c in token.word):
        return False
    # Lowercase -ed/-ing words are verbs ("Lukashenko met ...") unless a determiner makes them
    # adjectives ("the detained journalist").
    word = token.word
    if word in REDUCED_PARTICIPLES:  # "analysts polled by Reuters"
        return True
    if word.islower() and word.endswith(("ed", "ing")) and len(word) > 4 and word != "during":
        return i > 0 and (tokens[i - 1].lower in DETERMINERS or tokens[i - 1].is_possessive)
    return True


def _walk_back(tokens, j, *, trailing_comma=False, stop_at=frozenset()):
    """(first, last) token indexes of the noun phrase ending at tokens[j], or None."""
    if j < 0 or not _fits_phrase(tokens, j) or (tokens[j].ends_clause and not trailing_comma):
        return None
    i = _walk_start(tokens, j, stop_at)
    if i > 0 and tokens[i - 1].lower in OWNERS and not tokens[i - 1].ends_clause:
        i -= 1  # "his chief of staff", "its Africa director": someone the reader can check
    elif i > 0 and tokens[i - 1].lower in POSSESSIVE_PRONOUNS:
        return None  # "these analysts": pointing back to a party named earlier
    # "On Tuesday the ministry": the phrase starts at the last "the". A phrase of 12 words or
    # more is no speaker, so only the last 12 words need looking at.
    lowest = max(i + 1, j - MAX_PHRASE + 1)
    for k in range(j, lowest - 1, -1):
        previous = tokens[k - 1]
        if tokens[k].lower in DETERMINERS and not (
            previous.lower in NP_LINKS or previous.is_possessive
        ):
            i = k
            break
    head = tokens[j]
    if (
        tokens[i].lower in NP_LINKS
        or head.lower in DETERMINERS | NP_LINKS
        or (head.is_possessive and not trailing_comma)
        or j - i >= MAX_PHRASE
    ):
        return None
    return i, j


def _walk_start(tokens, j, stop_at):
    """The first token of the run of phrase words ending at tokens[j], remembered per sentence."""
    known = tokens.walks.setdefault(frozenset(stop_at), {})
    path, i = [], j
    while i not in known and (
        i > 0
        and _fits_phrase(tokens, i - 1)
        and not tokens[i - 1].ends_clause
        and tokens[i - 1].lower not in stop_at
        and (tokens[i].text[0] not in OPENERS or tokens[i].is_acronym)
    ):
        path.append(i)
        i -= 1
    start = known.get(i, i)
    for k in path:
        known[k] = start
    known[i] = start
    return start


def _is_aside(first):
    """Whether a comma-separated aside starting with `first` is not part of the speaker's name:
    "speaking to reporters", "who ...", "in a statement", "however"."""
    return (
        first.lower in STOP_WORDS | NP_LINKS
        or first.word.isdigit()  # "Khrenin, 66, said"
        or (first.word.islower() and first.lower.endswith(("ing", "ly", "ed")))
    )


def _is_adverb(tokens, j):
    """Whether tokens[j] is an adverb between a subject and its verb: "has categorically"."""
    token = tokens[j]
    if token.ends_clause or not token.word.islower():
        return False
    if token.lower in VERB_ADVERBS:
        return True
    return (
        token.lower.endswith("ly")
        and len(token.lower) > 4
        and token.lower not in NOUNS_IN_LY
        and not (j > 0 and (tokens[j - 1].lower in DETERMINERS or tokens[j - 1].is_possessive))
    )


def _subject(tokens, k):
    """(first, last) of the speaker before the verb tokens[k], or None."""
    j = k - 1
    while j >= 0 and _is_adverb(tokens, j):
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
    a = tokens.clause_starts[j]
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
        if j > k + 1 and tokens[j].lower in {"on", "at"} and not tokens[j - 1].ends_clause:
            # "..., says NASA on its website": the speaker ends before where they said it.
            found = _walk_back(tokens, j - 1, stop_at={tokens[k].lower})
            if found and found[0] == k + 1:
                return found
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
        # "and" joins two parties ("NATO and European Union officials"): the head is the last.
        if n and word.lower() in (NP_LINKS - {"and"}) | {"close", "familiar", "briefed", "who"}:
            return words[n - 1].lower().strip(",’'"), words[n:]
    return words[-1].lower().strip(",’'"), []


def is_vague_party(party):
    """Whether a party names nobody a reader could check ("analysts", "people familiar ...")."""
    words = party.split()
    while len(words) > 2 and words[0].lower() in QUANTIFIERS and words[1] == "of":
        words = words[2:]  # "one of the officials": the officials
    party = " ".join(words)
    if {words[0].lower(), *words[1:]} & VAGUE_MARKERS:
        return True
    head, rest = _head(party)
    names_organisation = rest[:1] in (["at"], ["from"], ["of"], ["by"]) and any(
        word[:1].isupper() for word in rest[1:]
    )
    if words[0].lower() in {"a", "an"} and head in PERSON_ROLES - SPOKESPEOPLE:
        # "a senior official", "A Senior Defense Official", "a police chief": only a body
        # after the role says whose it is ("an official at the Interior Ministry").
        return not (
            rest[:1] in (["at"], ["from"], ["of"], ["for"], ["with"]) and identifies_a_body(rest)
        )
    if head in UNNAMED_ROLES:
        # "the Russian official" points back to one person; "Russian officials" are many.
        return not identifies_a_body(words, places_name=not head.endswith("s"))
    if head in ANONYMOUS:
        return True
    # "scientists", "economists", "analysts" unless "at Chatham House" says whose.
    generic = head in COMMENTATORS or (head.endswith("ists") and head.islower())
    return generic and not names_organisation


def _is_place(word):
    """Whether a word names a whole country, people or government: "US", "Afghan", "local"."""
    if word in PLACE_WORDS or word.lower() in PLACE_WORDS:
        return True
    return word[:1].isupper() and word[1:].islower() and word.endswith(DEMONYM_ENDINGS)


def identifies_a_body(words, *, places_name=False):
    """Whether a party's words say whose official or spokesman it is: a capitalised word
    past the first (which may be capitalised only as the sentence's start), an acronym, or a
    body such as a ministry. Countries, peoples and governments are too wide: "US officials",
    "Afghan officials", "local government officials" name nobody to check."""
    bare = [word.strip(",’'") for word in words]
    if any(word.lower() == "local" for word in bare):
        return False
    is_place = (lambda word: False) if places_name else _is_place
    return (
        any(word[:1].isupper() and not is_place(word) for word in bare[1:])
        or (len(bare[0]) > 1 and bare[0].isupper() and not is_place(bare[0]))
        or any(word.lower() in OFFICIAL_HEADS - PLACE_WORDS for word in bare)
    )


def _verb_kind(tokens, k, *, headline):
    """ "speech", "opinion" or None: how tokens[k] reports what someone says or thinks.

    Beyond the word lists, frames decide: "described ... as", "called it “...”", "expressed
    concern", "quoted as saying". In a headline only a few verbs count, capitalised or not:
    "WHO Says 19 Dead" is speech, "Stocks drop amid rate fears" has none.
    """
    token = tokens[k]
    word = token.word
    if headline:
        return "speech" if word.lower() in HEADLINE_VERBS else None
    if word in SPEECH_VERBS:
        return "speech"
    if word in OPINION_VERBS:
        # "amid interest rate fears.": a verb needs something after it in its clause.
        if token.ends_clause or k + 1 == len(tokens) or tokens[k + 1].lower in NP_LINKS:
            return None
        return "opinion"
    if word not in FRAME_VERBS:
        return None
    ahead = []  # the rest of the verb's clause, at most a phrase long
    for following in tokens[k + 1 : k + 1 + MAX_PHRASE]:
        ahead.append(following)
        if following.ends_clause:
            break
    if word in DESCRIBING_VERBS and any(t.lower == "as" for t in ahead[1:]):
        return "speech"
    if word in NAMING_VERBS and any(t.quoted for t in ahead[1:6]):
        return "speech"
    if word in EXPRESSING_VERBS and ahead[:1] and ahead[0].lower in EXPRESSED:
        return "speech"
    if word in {"quoted", "cited"} and any(
        [t.lower for t in ahead[n : n + 2]] == ["as", "saying"] for n in range(len(ahead[:6]))
    ):
        return "speech"  # "quoted by TASS as saying"
    if word == "pointed" and ahead[:1] and ahead[0].lower == "out":
        return "speech"
    if word in ISSUING_VERBS and any(t.lower in STATEMENTS for t in ahead[:3]):
        return "speech"
    if word in FINDING_VERBS and ahead[:1] and ahead[0].lower == "that":
        return "opinion"
    return None


def _auxiliary_subject(tokens, k):
    """The subject of "media are reporting", "he was quoted as saying": before the auxiliary."""
    aux = k - 1
    while aux >= 0 and _is_adverb(tokens, aux):
        aux -= 1
    if aux >= 1 and tokens[aux].lower in AUXILIARIES and not tokens[aux].ends_clause:
        return _subject(tokens, aux)
    return None


def _clause_subject(tokens, k):
    """The subject of the clause before ", saying" at tokens[k]: "The bank raised rates,
    saying ..." is the bank speaking. The subject ends where its verb begins."""
    if k == 0 or not tokens[k - 1].text.endswith(",") or tokens[k - 1].quoted:
        return None
    a = tokens.clause_starts[k - 1]
    m = a
    while m < k - 1 and m - a < MAX_PHRASE and _fits_phrase(tokens, m):
        if tokens[m].ends_clause or (m > a and _is_verb(tokens[m])):
            break
        m += 1
    if m == a or not (_is_verb(tokens[m]) or tokens[m].lower in VERB_ADVERBS | AUXILIARIES):
        return None
    found = _walk_back(tokens, m - 1)
    return found if found and found[0] >= a else None


def _is_verb(token):
    """Whether a word after a subject is its verb in the past: "raised", "put", "said"."""
    word = token.word
    return word.islower() and (
        word.endswith("ed") or word in IRREGULAR_PAST or word in SPEECH_VERBS
    )


def _phrase_after(tokens, first):
    """(first, last) of the noun phrase starting at tokens[first] and running to the end of
    its clause, or up to a time ("by Axios on Friday"); None when it is no phrase."""
    last = None
    for j in range(first, min(first + MAX_PHRASE, len(tokens))):
        token = tokens[j]
        if j > first and token.lower in {"on", "in", "at", "last", "this"}:
            after = tokens[j + 1].lower if j + 1 < len(tokens) else ""
            if after in TIME_WORDS or after[:1].isdigit():
                return (first, j - 1) if last is not None else None
        if not _fits_phrase(tokens, j):
            return None
        last = j
        if token.ends_clause or j == len(tokens) - 1:
            return first, last
    return None


def _agent_attributions(tokens):
    """ "as reported by the Daily Mail", "..., citing government sources": a party after."""
    for k, token in enumerate(tokens[:-1]):
        if token.quoted:
            continue
        if token.word in REPORTED_BY:
            m = k + 1
            while m < len(tokens) - 1 and m - k <= 3 and not tokens[m - 1].ends_clause:
                filler = tokens[m].lower
                if filler not in REPORTED_BY_FILLERS | TIME_WORDS and not filler[:1].isdigit():
                    break
                m += 1
            if tokens[m].lower == "by" and not tokens[m - 1].ends_clause:
                if found := _phrase_after(tokens, m + 1):
                    yield (token.start, _span(tokens, *found)[1]), found
        elif token.word in CITING and k and tokens[k - 1].text.endswith(","):
            found = _phrase_after(tokens, k + 1)
            if found and _cites_someone(tokens[found[0] : found[1] + 1]):
                yield (token.start, _span(tokens, *found)[1]), found


def _cites_someone(phrase):
    """Whether what ", citing" cites is a source ("government sources", "the ministry",
    "a report by Oxfam") rather than a reason ("citing safety concerns")."""
    text = " ".join(t.text for t in phrase)
    return (
        is_vague_party(text)
        or any(t.word[:1].isupper() for t in phrase)
        or any(t.lower in OFFICIAL_HEADS or t.lower in DOCUMENTS for t in phrase)
    )


def _verb_attributions(tokens, *, headline=False):
    """(phrase span, party token range) for speech and opinion verbs and participles."""
    for k, token in enumerate(tokens):
        verb, following = token.word, [t.word for t in tokens[k + 1 : k + 3]]
        if token.quoted or (token.ends_clause and token.text[-1] not in ",:"):
            continue
        # "said goodbye", "reported for duty", "a man said to be ...": no claim is reported.
        pair = (verb, *following[:1])
        if set(following) & NOT_SPEECH_OBJECTS or pair in REPORTED_DUTY | PASSIVE_PARTICIPLES:
            continue
        if following in (["to", "be"], ["to", "have"]):
            continue
        # "reports said": a noun before the verb.
        if verb.endswith("s") and following[:1] and following[0] in SPEECH_VERBS | OPINION_VERBS:
            continue
        if verb in PARTICIPLES and not headline:
            found = _walk_back(tokens, k - 1, stop_at={"with"})
            if found and found[0] > 0 and tokens[found[0] - 1].lower == "with":
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
                continue
            if found := _auxiliary_subject(tokens, k):  # "media are reporting that ..."
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
                continue
        if verb in COMMA_PARTICIPLES and following[:1] != ["for"] and not headline:
            if found := _clause_subject(tokens, k):  # "The bank raised rates, saying ..."
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
            continue
        kind = _verb_kind(tokens, k, headline=headline)
        if kind is None:
            continue
        if verb in {"quoted", "cited"}:  # "Officials were quoted as saying ..."
            if found := _auxiliary_subject(tokens, k):
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
            continue
        subject = _subject(tokens, k)
        # "Ghulam Khan, a tribal leader, said a local farmer ...": the apposition before the
        # verb shows the speaker, not the words after it.
        if subject and subject[1] == k - 1 and tokens[k - 1].text.endswith(","):
            found = subject
        else:
            found = _inverted_speaker(tokens, k) or subject
        if found and found is not subject:
            yield (token.start, _span(tokens, *found)[1]), found
        elif found:
            phrase = tokens[found[0] : found[1] + 1]
            if not any(c.isalpha() for t in phrase if t.lower not in NP_LINKS for c in t.word):
                continue  # "55 of 75 confirmed dead": numbers are nobody
            if phrase[0].lower in {"a", "an"} and verb in BASE_FORMS:
                continue  # "a news report that ...": one speaker would say "reports"
            if verb.endswith("ed") and phrase[-1].lower in CONTENT_NOUNS and following[:1]:
                if following[0] in NP_LINKS:  # "the footage posted on Telegram"
                    continue
            named = any(t.word[:1].isupper() and t.lower not in DETERMINERS for t in phrase)
            if kind == "speech" or named or is_vague_party(" ".join(t.text for t in phrase)):
                yield (phrase[0].start, _span(tokens, k, k)[1]), found


def _token_at(tokens, offset):
    return bisect_left(tokens.starts, offset)


def _according_to(text, start, end, tokens):
    """ "According to X, ...", "..., according to X.": X runs to the end of the clause."""
    for match in ACCORDING_TO.finditer(text, start, end):
        k = _token_at(tokens, match.end())
        if k == len(tokens) or tokens[k].quoted:
            continue
        last = k
        while (
            last + 1 < len(tokens) and not tokens[last].ends_clause and last - k < MAX_ACCORDING_TO
        ):
            last += 1
        words = [t for t in tokens[k : last + 1] if t.lower not in DETERMINERS | OWNERS]
        first_word = words[0].lower if words else ""
        head, _rest = _head(" ".join(t.word for t in words) or "-")
        if first_word in IDIOMS or head in IDIOMS or last - k >= MAX_ACCORDING_TO:
            continue
        party_span = _span(tokens, k, last)
        if any(c.isalnum() for c in text[slice(*party_span)]):  # not "according to ,"
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
    headline = len(tokens) > 2 and text[start:end].rstrip()[-1:] not in SENTENCE_CLOSERS
    found = [
        (phrase, _span(tokens, *party))
        for phrase, party in chain(
            _verb_attributions(tokens, headline=headline), _agent_attributions(tokens)
        )
    ]
    found += list(_according_to(text, start, end, tokens))
    found += list(_in_a_statement(text, start, end, tokens))
    found += list(_channel_attributions(tokens))
    starts = [a for a, _, _ in quotations]
    for pattern in (IMPERSONAL, PASSIVE, THERE_ARE_REPORTS):
        for match in pattern.finditer(text, start, end):
            if not _is_quoted(match.start(), quotations, starts):
                found.append((match.span(), None))
    found = [(phrase, part) for phrase, party in found for part in _split_coordination(text, party)]
    kept, taken = [], []  # taken: the (begin, end) spans kept so far, sorted and disjoint
    for phrase, party in sorted(found, key=lambda item: item[0][0]):
        # The same party reached by two routes ("In a statement, the ministry said") counts once.
        begin, finish = party or phrase
        n = bisect_left(taken, (finish,))  # the spans that begin before this one finishes
        if n == 0 or taken[n - 1][1] <= begin:
            insort(taken, (begin, finish))
            kept.append((phrase, party))
    return kept


def _split_coordination(text, party):
    """A party's span, or two when "and" joins a named party to a vague one: "Al Arabiya
    television and government sources" are a channel and unnamed sources. "NATO and European
    Union officials" and "one government and one presidency source" stay one."""
    if party is None:
        return [party]
    begin, end = party
    cut = text.rfind(" and ", begin, end)
    if cut < 0:
        return [party]
    left, right = text[begin:cut], text[cut + 5 : end]
    if (
        is_vague_party(right)
        and not is_vague_party(left)
        and any(word[:1].isupper() for word in left.split())
    ):
        return [(begin, cut), (cut + 5, end)]
    return [party]


def find_attributions(text):
    """The attribution statements in a Markdown body, in document order."""
    attributions = []
    for paragraph, prose in _prose(text or ""):
        quotations = _quotations(prose)
        for start, end in _sentences(prose, quotations):
            sentence = None  # one string shared by the sentence's attributions
            for phrase, party_span in _find_in_sentence(prose, start, end, quotations):
                party = prose[slice(*party_span)] if party_span else None
                vague = party is None or is_vague_party(party)
                sentence = sentence or prose[start:end].strip()
                attributions.append(
                    Attribution(
                        sentence=sentence,
                        paragraph=paragraph,
                        party=None if vague else party,
                        is_vague=vague,
                        phrase=prose[slice(*phrase)],
                    )
                )
    return attributions
