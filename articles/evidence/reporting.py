"""What editors are shown of the evidence locker: each cited page's archived copy and state,
on an article's Sourcing panel and in the Sources report."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch

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


def states_by_source():
    """{source pk: {state: count}} over the cited pages of published stories."""
    rows = (
        CitationWatch.objects.filter(citation__article__in=Article.objects.published())
        .values("citation__source", "state")
        .annotate(count=Count("pk"))
    )
    states = defaultdict(dict)
    for row in rows:
        states[row["citation__source"]][row["state"]] = row["count"]
    return states


def describe_states(counts):
    """ "3 live, unchanged · 1 changed" for {state: count}, in the states' order."""
    return " · ".join(
        f"{counts[state]} {label.lower()}"
        for state, label in CitationWatch.State.choices
        if counts.get(state)
    )
