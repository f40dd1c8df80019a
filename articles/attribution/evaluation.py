"""Measuring the finder: on hand-labelled sentences (attribution_cases.py) and on real reporting.

The real reporting is data/wire_copy.tsv, split once into a development and a test part.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .finder import Attribution, find_attributions
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


# Real reporting: the wire-copy set (data/wire_copy.tsv, described in data/README.md).

WIRE_COPY = Path(__file__).parent / "data" / "wire_copy.tsv"
WIRE_COPY_COLUMNS = ("id", "split", "label", "party", "text", "url", "beat")
LABELS = ("named", "vague", "none")
SPLITS = ("development", "test")
TEST_SHARE = 40  # percent of articles, chosen by a hash of the URL (split_for)
# What issue 20 asks of the finder on the test part.
TARGETS = {"precision": 0.97, "recall": 0.93, "kind_accuracy": 0.93, "party_match": 0.93}


@dataclass(frozen=True)
class ExpectedAttribution:
    kind: str  # "named" or "vague"
    party: str  # as written; for a vague one, the vague phrase (or empty)


@dataclass(frozen=True)
class LabelledSentence:
    id: str
    split: str
    text: str
    expected: tuple[ExpectedAttribution, ...]  # in the order they appear; empty for "none"
    url: str
    beat: str

    @property
    def labels(self):
        """The expected attributions as evaluate() takes them: the party, or VAGUE."""
        return tuple(a.party if a.kind == "named" else VAGUE for a in self.expected)


def split_for(url):
    """The part an article belongs to, decided once by a hash of its URL."""
    bucket = int(hashlib.sha256(url.encode()).hexdigest(), 16) % 100
    return "test" if bucket < TEST_SHARE else "development"


def _parse_row(row):
    kinds = row["label"].split("|")
    if kinds != ["none"] and not all(kind in ("named", "vague") for kind in kinds):
        raise ValueError(f"unknown label {row['label']!r}")
    if row["split"] not in SPLITS:
        raise ValueError(f"unknown split {row['split']!r}")
    if not row["text"].strip():
        raise ValueError("empty text")
    if not re.match(r"https?://\S+$", row["url"]):
        raise ValueError(f"not an http(s) URL: {row['url']!r}")
    if kinds == ["none"]:
        if row["party"]:
            raise ValueError("a sentence labelled none names no party")
        expected = ()
    else:
        parties = row["party"].split("|")
        if len(parties) != len(kinds):
            raise ValueError(f"{len(kinds)} labels but {len(parties)} parties")
        expected = tuple(
            ExpectedAttribution(kind, party.strip())
            for kind, party in zip(kinds, parties, strict=True)
        )
        if any(a.kind == "named" and not a.party for a in expected):
            raise ValueError("a named attribution needs its party")
    return LabelledSentence(
        id=row["id"],
        split=row["split"],
        text=row["text"],
        expected=expected,
        url=row["url"],
        beat=row["beat"],
    )


def load_wire_copy(path=WIRE_COPY):
    """The labelled sentences of real reporting, checked row by row (ValueError names the line)."""
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != WIRE_COPY_COLUMNS:
            raise ValueError(f"{path}: the columns must be {', '.join(WIRE_COPY_COLUMNS)}")
        sentences = []
        for row in reader:
            if None in row or None in row.values():
                raise ValueError(f"{path}, line {reader.line_num}: wrong number of columns")
            try:
                sentences.append(_parse_row(row))
            except ValueError as error:
                raise ValueError(f"{path}, line {reader.line_num}: {error}") from None
    return sentences


def _party_key(party):
    """A party compared loosely: case, curly quotes, a leading "the", surrounding punctuation."""
    text = party.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = " ".join(text.lower().split()).strip(" \t\"'.,;:!?()[]-—–")
    return re.sub(r"^the\s+", "", text)


def same_party(found, expected):
    """Whether a found party names the expected one; an apposition may be left off.

    "Dmitry Peskov" names "Dmitry Peskov, the Kremlin spokesman"; the labels keep the whole
    noun phrase as written, the finder may stop at the name.
    """
    found_key = _party_key(found)
    return found_key in {_party_key(expected), _party_key(expected.split(",")[0])}


@dataclass(frozen=True)
class WireCopyMistake:
    sentence: LabelledSentence
    found: tuple[Attribution, ...]


@dataclass(frozen=True)
class WireCopyScore:
    sentences: int
    articles: int
    labelled: int  # attributions the labels expect
    found: int  # attributions the finder reported
    matched: int  # found attributions that were expected (up to the number of each)
    right_kind: int  # of those, how many are named or vague as labelled
    named_pairs: int  # found named attributions that were expected named
    right_party: int  # of those, how many name the expected party
    mistakes: tuple[WireCopyMistake, ...]

    @property
    def precision(self):
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self):
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def kind_accuracy(self):
        return self.right_kind / self.matched if self.matched else 1.0

    @property
    def party_match(self):
        return self.right_party / self.named_pairs if self.named_pairs else 1.0


def _matching_parties(found, expected):
    remaining = list(expected)
    matches = 0
    for party in found:
        for i, wanted in enumerate(remaining):
            if same_party(party, wanted):
                del remaining[i]
                matches += 1
                break
    return matches


def score_wire_copy(sentences, find=find_attributions):
    """Detection precision and recall, named-versus-vague accuracy and party match.

    Within a sentence, found and expected attributions are paired by count: as many are
    detected as both sides have, kinds are right as far as the named and vague counts agree,
    and parties are compared among the named ones, each expected party matched at most once.
    """
    sentences = list(sentences)
    if not sentences:
        raise ValueError("No labelled sentences given.")
    totals = Counter()
    mistakes = []
    for sentence in sentences:
        found = tuple(find(sentence.text))
        found_named = [a.party for a in found if not a.is_vague]
        expected_named = [a.party for a in sentence.expected if a.kind == "named"]
        found_vague = len(found) - len(found_named)
        expected_vague = len(sentence.expected) - len(expected_named)
        matched = min(len(found), len(sentence.expected))
        named_pairs = min(len(found_named), len(expected_named))
        right_kind = min(matched, named_pairs + min(found_vague, expected_vague))
        right_party = min(named_pairs, _matching_parties(found_named, expected_named))
        totals.update(
            labelled=len(sentence.expected),
            found=len(found),
            matched=matched,
            right_kind=right_kind,
            named_pairs=named_pairs,
            right_party=right_party,
        )
        exact = len(found) == len(sentence.expected) and right_kind == matched
        if not (exact and right_party == named_pairs):
            mistakes.append(WireCopyMistake(sentence=sentence, found=found))
    return WireCopyScore(
        sentences=len(sentences),
        articles=len({s.url for s in sentences}),
        labelled=totals["labelled"],
        found=totals["found"],
        matched=totals["matched"],
        right_kind=totals["right_kind"],
        named_pairs=totals["named_pairs"],
        right_party=totals["right_party"],
        mistakes=tuple(mistakes),
    )


def score_wire_copy_parts(sentences, find=find_attributions):
    """score_wire_copy() for each part of the set, development first."""
    sentences = list(sentences)
    return {
        split: score_wire_copy([s for s in sentences if s.split == split], find=find)
        for split in SPLITS
        if any(s.split == split for s in sentences)
    }


def targets_met(score):
    """Each issue-20 target (precision, recall, kind_accuracy, party_match): met or not."""
    return {name: getattr(score, name) >= target for name, target in TARGETS.items()}
