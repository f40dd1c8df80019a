"""The sourcing desk's engine: find what a story rests on, attribution by attribution.

Reads an article's Markdown body and reports each attribution statement ("according to X",
"X said", "analysts suggest"). Pure Python and deliberately conservative: editors must be able to
trust every finding, so where a sentence is ambiguous the finder stays silent rather than guess.

- vocabulary.py: the word lists the finder reads by.
- prose.py: the Markdown body as a reader sees it, in paragraphs, quotations and sentences.
- phrases.py: a sentence's tokens, and the speaker's noun phrase before or after a verb.
- frames.py: the frames that report speech ("X said", "according to X", "reportedly").
- parties.py: is_vague_party(), whether a party names someone a reader could check.
- finder.py: Attribution and find_attributions(), the finder itself.
- sources.py: propose_source() and match_source(), from a party to a Source.
- analysis.py: analyse() and summarise(), each attribution cited, uncited or vague.
- evaluation.py: evaluate(), the finder's precision and recall on labelled cases.

The public names are imported here, so `articles.attribution` stays the one place to import
them from. The labelled cases themselves live in articles/attribution_cases.py.
"""

from .analysis import SourcingFinding, analyse, summarise
from .evaluation import VAGUE, EvaluationResult, Mistake, evaluate
from .finder import Attribution, find_attributions, is_vague_party
from .sources import SourceProposal, match_source, propose_source

__all__ = [
    "VAGUE",
    "Attribution",
    "EvaluationResult",
    "Mistake",
    "SourceProposal",
    "SourcingFinding",
    "analyse",
    "evaluate",
    "find_attributions",
    "is_vague_party",
    "match_source",
    "propose_source",
    "summarise",
]
