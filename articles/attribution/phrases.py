"""Reading a sentence as the finder does: tokens, and the noun phrase of a speaker before or
after a verb, walked in time proportional to the sentence however many verbs it holds."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from .vocabulary import (
    AUXILIARIES,
    CLOSERS,
    CORPORATE_SUFFIXES,
    DASHES,
    DETERMINERS,
    FINITE_AUXILIARIES,
    INVERTING_VERBS,
    IRREGULAR_PAST,
    NOUNS_IN_LY,
    NP_LINKS,
    OPENERS,
    OWNERS,
    POSSESSIVE_PRONOUNS,
    PUBLISHED,
    REDUCED_PARTICIPLES,
    SPEECH_VERBS,
    STOP_WORDS,
    TIME_OPENERS,
    TIME_WORDS,
    TITLES,
    VERB_ADVERBS,
)

# A speaker's noun phrase is shorter than this many words: longer runs are clauses.
MAX_PHRASE = 12
TOKEN = re.compile(r"[—–]|[^\s—–]+")
# An organisation's initials, a US party and state, or a state: "(WHO)", "(R-Texas)", "(Ky.)".
ACRONYM = re.compile(r"\((?:[A-Z][A-Z&.-]+s?|[A-Z]-[A-Z][\w.]*|[A-Z][a-z]{1,4}\.)\)[,;:.]?")


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
        if len(self.text) > 2 and self.text[0] in '“"' and self.text[-1] in '”"':
            return False  # a nickname: Henry “Hank” Asbill
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
    if token.text == "&" and 0 < i < len(tokens) - 1 and not tokens[i - 1].ends_clause:
        return not token.quoted  # "Bath & Body Works"
    if token.quoted or not any(c.isalnum() for c in token.word):
        return False
    if token.lower in POSSESSIVE_PRONOUNS and i and tokens[i - 1].lower == "of":
        return not token.ends_clause  # "The reports of those tests stated"
    if token.is_stop_word:
        return False
    # Lowercase -ed/-ing words are verbs ("Lukashenko met ...") unless a determiner makes them
    # adjectives ("the detained journalist").
    word = token.word
    if word in REDUCED_PARTICIPLES:  # "analysts polled by Reuters"
        return True
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    if word in PUBLISHED and following in {"in", "by"}:
        return True  # "A new study published in Nature Geoscience claims"
    if word.islower() and word.endswith("ed") and following == "by":
        return True  # "The study conducted by the United Nations says"
    if word.islower() and word.endswith(("ed", "ing")) and len(word) > 4 and word != "during":
        return i > 0 and (tokens[i - 1].lower in DETERMINERS or tokens[i - 1].is_possessive)
    return True


def _walk_back(tokens, j, *, trailing_comma=False, stop_at=frozenset()):
    """(first, last) token indexes of the noun phrase ending at tokens[j], or None."""
    if j < 0 or not _fits_phrase(tokens, j) or (tokens[j].ends_clause and not trailing_comma):
        return None
    i = _walk_start(tokens, j, stop_at)
    if i < j and tokens[i].lower == "and" and (i == 0 or tokens[i - 1].ends_clause):
        i += 1  # "..., and the witness said": the conjunction joins clauses, not names
    if i + 2 <= j and tokens[i].lower in {"on", "last"} and tokens[i + 1].lower in TIME_WORDS:
        i += 2  # "On Monday NASA announced": the time is not the speaker
    if i > 0 and tokens[i - 1].lower in OWNERS and not tokens[i - 1].ends_clause:
        i -= 1  # "his chief of staff", "its Africa director": someone the reader can check
    elif i > 0 and tokens[i - 1].lower in POSSESSIVE_PRONOUNS and not tokens[i - 1].ends_clause:
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
    at_least = tokens[i].lower == "at" and i < j and tokens[i + 1].lower in {"least", "most"}
    if (
        tokens[i].lower in NP_LINKS
        and not at_least
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
    j = _before_time(tokens, j)
    if j < 0 or tokens[j].lower in {"not", "never", "and", "but", "or"}:
        return None
    if tokens[j].lower in CORPORATE_SUFFIXES and j and tokens[j - 1].text.endswith(","):
        # "Expeditors International of Washington, Inc. has announced"
        found = _walk_back(tokens, j - 1, trailing_comma=True)
        return (found[0], j) if found else None
    if not tokens[j].text.endswith(","):
        return _with_titles(tokens, _with_relative_clause(tokens, j) or _walk_back(tokens, j))
    # "Dmitry Peskov, the Kremlin spokesman, claimed": a phrase, then an aside between commas.
    a = tokens.clause_starts[j]
    if a == 0 or not tokens[a - 1].text.endswith(","):
        return None  # "The footage, posted on Telegram": no speaker before the comma
    before = _walk_back(tokens, a - 1, trailing_comma=True)
    if before is None:
        return None
    if _is_aside(tokens[a]):
        return _with_titles(tokens, (before[0], a - 1))
    appositive = _walk_back(tokens, j, trailing_comma=True)
    return (before[0], j) if appositive and appositive[0] == a else None


def _before_time(tokens, j):
    """The index before a time that ends at tokens[j] ("State police on Tuesday night said",
    "scientists Sunday released"), or j when there is none or nothing would be left."""
    n = j
    while n >= 0 and tokens[n].lower in TIME_WORDS and not tokens[n].ends_clause:
        n -= 1
    if n == j:
        return j
    if n >= 0 and tokens[n].lower in TIME_OPENERS and not tokens[n].ends_clause:
        n -= 1
    if n >= 0 and not tokens[n].ends_clause and _fits_phrase(tokens, n):
        return n
    return j


def _with_relative_clause(tokens, j):
    """(first, j) of a speaker with a relative clause before the verb: "A military source who
    requested anonymity said" is the source, not "anonymity"; None when there is none."""
    for w in range(j - 1, max(0, j - MAX_PHRASE), -1):
        token = tokens[w]
        if token.quoted or token.ends_clause:
            return None
        if token.lower == "who":
            found = _walk_back(tokens, w - 1)
            return (found[0], j) if found else None
    return None


def _with_titles(tokens, found):
    """A speaker with the titles written before the name, each closed by a comma: "club
    Manager, Arsene Wenger", "The Coordinator, Defence Media Operations, Maj.-Gen. John
    Enenche". A title chain starts a clause and holds a title ("manager") or a capitalised
    name; anything else before the comma ("After the match,") is not the speaker's."""
    if found is None or not tokens[found[0]].word[:1].isupper():
        return found
    # "Fran Horowitz, Chief Executive Officer says": the title is the phrase, the name before.
    first, titled = found[0], tokens[found[1]].lower in TITLES
    for _ in range(3):
        if first == 0 or not tokens[first - 1].text.endswith(",") or tokens[first - 1].quoted:
            break
        title = _walk_back(tokens, first - 1, trailing_comma=True)
        if title is None or not (title[0] == 0 or tokens[title[0] - 1].ends_clause):
            break
        words = tokens[title[0] : first]
        if words[-1].lower in TITLES:
            titled = True
        elif not all(t.word[:1].isupper() or t.lower in NP_LINKS for t in words):
            break
        first = title[0]
    return (first, found[1]) if titled else found


def _inverted_speaker(tokens, k):
    """(first, last) of the speaker after "..., said" in "..., said the ministry.", or None."""
    if k == 0 or tokens[k].word not in INVERTING_VERBS:
        return None
    if tokens[k].text.endswith(","):
        return None  # "a few goods, say, bread": an example, not a speaker
    if not (tokens[k - 1].text[-1] in ',”"' or tokens[k - 1].text in DASHES):
        return None
    for j in range(k + 1, min(k + 1 + MAX_PHRASE, len(tokens))):
        if j > k + 1 and _opens_time_or_place(tokens, j) and not tokens[j - 1].ends_clause:
            # "..., says NASA on its website": the speaker ends before where they said it.
            found = _walk_back(tokens, j - 1, stop_at={tokens[k].lower})
            if found and found[0] == k + 1:
                return found
        if not _fits_phrase(tokens, j):
            return _speaker_with_participle(tokens, k, j)
        if tokens[j].ends_clause or j == len(tokens) - 1:
            found = _walk_back(tokens, j, trailing_comma=True, stop_at={tokens[k].lower})
            return found if found and found[0] == k + 1 else None
    return None


def _speaker_with_participle(tokens, k, j):
    """The speaker of "..., says the head of the union representing workers in the province."
    when tokens[j] is the participle: the noun phrase before it and the participle's phrase
    to the end of the sentence, or None."""
    word = tokens[j].word
    if j < k + 3 or not (word.islower() and word.endswith(("ing", "ed"))) or tokens[j].quoted:
        return None
    head = _walk_back(tokens, j - 1, stop_at={tokens[k].lower})
    if not head or head[0] != k + 1 or tokens[j - 1].ends_clause:
        return None
    for n in range(j + 1, min(j + 1 + MAX_PHRASE, len(tokens))):
        if tokens[n].quoted:
            return None
        if tokens[n].ends_clause or n == len(tokens) - 1:
            # The participle's phrase ends the sentence: nothing else was said after it.
            return (k + 1, n) if n == len(tokens) - 1 else None
    return None


def _opens_time_or_place(tokens, j):
    """Whether tokens[j] starts where or when something was said, after its speaker: "on its
    website", "at a briefing", "late on Nov. 8", "early Tuesday"."""
    if tokens[j].lower in {"on", "at"}:
        return True
    following = tokens[j + 1].lower if j + 1 < len(tokens) else ""
    return tokens[j].lower in TIME_OPENERS and (
        following in TIME_WORDS | {"on", "in"} or following[:1].isdigit()
    )


def _span(tokens, first, last):
    end = tokens[last].end - (len(tokens[last].text) - len(tokens[last].text.rstrip(",;:.")))
    return tokens[first].start, end


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


def _coordinated_subject(tokens, k):
    """The subject of a verb joined by "and" or "but" to an earlier one: "The Fed raised rates
    on Thursday, and said ...", "The agency did not reveal details but suggested ..."."""
    j = k - 1
    while j >= 0 and _is_adverb(tokens, j):
        j -= 1
    if j < 2 or tokens[j].lower not in {"and", "but"}:
        return None
    a = tokens.clause_starts[j - 1]
    if tokens[a].lower in {"but", "and", "yet"} and a + 1 < j:
        a += 1  # "But an army spokesman disputed the account and said ..."
    m = a
    while m < j and m - a < MAX_PHRASE and _fits_phrase(tokens, m) and not tokens[m].ends_clause:
        if m > a and _is_verb(tokens[m]):
            break
        m += 1
    if m == a or not (_is_verb(tokens[m]) or tokens[m].lower in FINITE_AUXILIARIES):
        return None
    found = _walk_back(tokens, m - 1)
    return found if found and found[0] >= a else None


def _is_verb(token):
    """Whether a word after a subject is its verb in the past: "raised", "put", "said"."""
    word = token.word
    return word.islower() and (
        word.endswith("ed") or word in IRREGULAR_PAST or word in SPEECH_VERBS
    )


def _phrase_after(tokens, first, *, until=frozenset()):
    """(first, last) of the noun phrase starting at tokens[first] and running to the end of
    its clause, up to a time ("by Axios on Friday") or up to a word in `until` ("by economists
    to be"); None when it is no phrase."""
    last = None
    for j in range(first, min(first + MAX_PHRASE, len(tokens))):
        token = tokens[j]
        if j > first and token.lower in until:
            return first, j - 1
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


def _token_at(tokens, offset):
    return bisect_left(tokens.starts, offset)
