"""The sourcing desk's verdict on an article: each attribution cited, uncited or vague."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .finder import Attribution, find_attributions
from .sources import match_source

if TYPE_CHECKING:
    from ..models import Source


@dataclass(frozen=True)
class SourcingFinding:
    attribution: Attribution
    status: str  # "cited", "uncited" or "vague"
    source: Source | None


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
