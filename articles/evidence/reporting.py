"""What editors are shown of the evidence locker: each cited page's archived copy and state,
on an article's Sourcing panel and in the Sources report."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import ArchivedCopy, Article, Citation, CitationWatch


@dataclass
class CitedPage:
    """A citation with an address, its newest archived copy and what watching it found."""

    citation: Citation
    copy: ArchivedCopy | None
    watch: CitationWatch | None

    @property
    def state(self):
        return self.watch.state if self.watch else CitationWatch.State.UNCHECKED

    @property
    def state_label(self):
        return CitationWatch.State(self.state).label

    @property
    def needs_attention(self):
        return self.watch is not None and self.watch.needs_attention


def cited_pages(article):
    """The cited pages of `article`, in the Sources box's order: three queries."""
    citations = (
        Citation.objects.filter(article=article)
        .exclude(url="")
        .select_related("source", "watch")
        .prefetch_related(
            Prefetch("archived_copies", queryset=ArchivedCopy.objects.order_by("-captured_at"))
        )
    )
    return [
        CitedPage(
            citation=citation,
            copy=next(iter(citation.archived_copies.all()), None),
            watch=getattr(citation, "watch", None),
        )
        for citation in citations
    ]


def attention_summary(pages):
    """ "2 of 5 sources changed since publication", or that none did; "" with no pages."""
    if not pages:
        return ""
    counts = Counter(page.state for page in pages if page.needs_attention)
    changed = sum(counts.values())
    noun = "source" if len(pages) == 1 else "sources"
    if not changed:
        checked = sum(1 for page in pages if page.watch and page.watch.checked_at)
        return f"None of {len(pages)} {noun} changed since publication ({checked} checked)."
    details = ", ".join(
        f"{counts[state]} {CitationWatch.State(state).label.lower()}"
        for state in CitationWatch.ATTENTION
        if counts[state]
    )
    return f"{changed} of {len(pages)} {noun} changed since publication ({details})."


def pages_needing_attention():
    """Cited pages of published stories that changed, moved or went, newest check first."""
    return (
        CitationWatch.objects.needing_attention()
        .filter(citation__article__in=Article.objects.published())
        .select_related("citation__article", "citation__source")
        .order_by("-checked_at")
    )
