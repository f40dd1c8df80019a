"""Measuring the finder: precision and recall on hand-labelled sentences (attribution_cases.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .finder import find_attributions
from .sources import _key

VAGUE = "<vague>"  # the label of a vague attribution in evaluation cases


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
