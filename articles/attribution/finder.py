"""Finding attributions: who each sentence of an article says a claim comes from.

Where a sentence is ambiguous the finder stays silent rather than guess.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from itertools import chain

from .frames import (
    IMPERSONAL,
    PASSIVE,
    THERE_ARE_REPORTS,
    _according_to,
    _agent_attributions,
    _channel_attributions,
    _claims_owned,
    _in_a_statement,
    _opening_participle,
    _reports_mentioned,
    _verb_attributions,
)
from .parties import _split_coordination, is_vague_party
from .phrases import _is_quoted, _span, _tokens
from .prose import _prose, _quotations, _sentences
from .vocabulary import CLOSERS

__all__ = ["Attribution", "find_attributions", "is_vague_party"]

# A headline ends without a full stop, question mark or closing quote.
SENTENCE_CLOSERS = ".!?…:;" + CLOSERS


@dataclass(frozen=True)
class Attribution:
    sentence: str  # the whole sentence, as written (Markdown markup removed)
    paragraph: int  # 0-based index of the blank-line separated block of the body
    party: str | None  # who the claim is attributed to, as written; None when vague
    is_vague: bool  # "analysts suggest", "reports indicate": nobody a reader could check
    phrase: str  # the attribution phrase matched, e.g. "According to Reuters"


def _find_in_sentence(text, start, end, quotations):
    """(phrase span, party span or None) for each attribution, with vague ones marked by None."""
    tokens = _tokens(text, start, end, quotations)
    headline = len(tokens) > 2 and text[start:end].rstrip()[-1:] not in SENTENCE_CLOSERS
    found = [
        (phrase, _span(tokens, *party))
        for phrase, party in chain(
            _verb_attributions(tokens, headline=headline),
            _agent_attributions(tokens),
            _opening_participle(tokens),
        )
    ]
    found += list(_reports_mentioned(tokens))
    found += list(_according_to(text, start, end, tokens))
    found += list(_in_a_statement(text, start, end, tokens))
    found += list(_channel_attributions(tokens))
    found += list(_claims_owned(tokens))
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
