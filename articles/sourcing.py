"""The sourcing desk applied to saved articles: findings, cached summaries and one-click citations.

articles/attribution/ reads text; this module feeds it an article's body and the sources the
article cites, and turns an editor's "Add as citation" into a Source and a Citation.
"""

import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator

from .addresses import unused_slug
from .attribution import analyse, match_source, propose_source, summarise
from .models import Citation, Source

# Summaries depend only on the text and the cited sources' names, so they can be kept a long time.
SUMMARY_CACHE_SECONDS = 60 * 60 * 24
SUPPORTS_LENGTH = Citation._meta.get_field("supports").max_length
SOURCE_NAME_LENGTH = Source._meta.get_field("name").max_length
NEEDS_CONFIRMATION = ("uncited", "vague")
STATUS_LABELS = {"cited": "Cited", "uncited": "Named, not cited", "vague": "Vague"}


def cited_sources(article):
    """The sources an article cites, from prefetched citations when the caller prefetched them."""
    citations = article.citations.all()
    if "citations" not in getattr(article, "_prefetched_objects_cache", {}):
        citations = citations.select_related("source")  # one query, not one per citation
    return [citation.source for citation in citations]


def article_findings(article):
    """Every attribution in the article's body, matched against the sources it cites."""
    return analyse(article.body, cited_sources(article))


def unsourced_claims(article, *, body=None, sources=None):
    """The findings that should stop a publication until an Editor confirms it: uncited or vague.

    `body` and `sources` override the saved ones, for a form that has not been saved yet.
    """
    text = article.body if body is None else body
    cited = cited_sources(article) if sources is None else sources
    return [finding for finding in analyse(text, cited) if finding.status in NEEDS_CONFIRMATION]


def claim_line(finding):
    """A finding as editors read it: what kind of claim, and its sentence."""
    return f"{STATUS_LABELS[finding.status]}: “{finding.attribution.sentence}”"


def claims_list(findings):
    return "; ".join(claim_line(finding) for finding in findings)


def signed_off_sources(article):
    """The ids of the anonymous sources an Editor's sign-off on `article` covers."""
    if article.anonymous_sources_approved_by_id is None:
        return set()
    return set(article.anonymous_sources_signed_off or [])


def anonymous_sources_not_signed_off(article, sources=None):
    """The anonymous sources among `sources` (by default, those the article cites) that no
    Editor's sign-off covers: a sign-off covers the sources cited when it was given, only."""
    cited = cited_sources(article) if sources is None else sources
    covered = signed_off_sources(article)
    return [source for source in cited if source.is_anonymous and source.pk not in covered]


def needs_anonymous_sign_off(article):
    """Whether the article cites an anonymous source that no Editor has signed off yet."""
    return bool(anonymous_sources_not_signed_off(article))


def sign_off_anonymous_sources(article, *, by, sources):
    """Record that `by` signs off the anonymous sources among `sources` (not saved here)."""
    article.anonymous_sources_approved_by = by
    article.anonymous_sources_approved_at = timezone.now()
    article.anonymous_sources_signed_off = sorted(
        {source.pk for source in sources if source.is_anonymous}
    )


def withdraw_sign_off(article):
    """Forget the sign-off (not saved here): a source it did not cover is now cited."""
    article.anonymous_sources_approved_by = None
    article.anonymous_sources_approved_at = None
    article.anonymous_sources_signed_off = []


def blocks_publishing():
    """Whether uncited or vague claims stop publication outright rather than ask to confirm."""
    return getattr(settings, "NEWSROOM_SOURCING_BLOCKS_PUBLISH", False)


def summary_cache_key(body, sources):
    # Content-addressed: the same text citing the same names always has the same summary,
    # so editing the body, a citation or a source's aliases simply misses the cache.
    digest = hashlib.sha256(body.encode())
    for source in sorted(sources, key=lambda source: source.pk or 0):
        digest.update(f"\0{source.name}\0{source.organisation}\0{source.aliases}".encode())
    return f"sourcing-summary:{digest.hexdigest()}"


def summary_for(body, sources):
    """Counts of cited, uncited and vague claims, from the cache when this text was seen before."""
    key = summary_cache_key(body, sources)
    summary = cache.get(key)
    if summary is None:
        summary = summarise(analyse(body, sources))
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    return summary


def format_summary(summary):
    return f"{summary['cited']} cited · {summary['uncited']} uncited · {summary['vague']} vague"


def summaries_by_pk(articles):
    """Sourcing summaries of many articles, keyed by pk, in two queries whatever their number.

    Each uncached article costs one analysis (5-20 ms, by length); cached ones cost a hash.
    """
    bodies = dict(articles.order_by().values_list("pk", "body"))
    sources = {pk: [] for pk in bodies}
    citations = Citation.objects.filter(article_id__in=bodies).select_related("source")
    for citation in citations:
        sources[citation.article_id].append(citation.source)
    return {pk: summary_for(body, sources[pk]) for pk, body in bodies.items()}


def names_anyone(party):
    """Whether `party` could name a source at all: words with letters, not only "the", and
    no control or text-direction characters, which would make a name readers cannot read."""
    words = [word for word in party.split() if word.lower() not in {"the", "a", "an"}]
    return (
        bool(words)
        and re.search(r"[^\W\d_]{2}", party) is not None
        and not any(unicodedata.category(character) in ("Cc", "Cf") for character in party)
    )


def matching_source(party):
    """The existing Source a party names, or None."""
    existing = list(Source.objects.all())
    source = match_source(party, existing)
    if source is None and (proposal := propose_source(party)) is not None:
        source = match_source(proposal.name, existing)
    return source


def _source_for(party):
    """The Source a party names: an existing one when any matches, else a new one."""
    source = matching_source(party)
    if source is not None:
        return source, False
    proposal = propose_source(party)
    if proposal is not None:
        fields = {
            "name": proposal.name,
            "organisation": proposal.organisation,
            "kind": proposal.kind,
            "aliases": "\n".join(proposal.aliases),
        }
    else:
        # A party the finder cannot classify ("NATO and EU officials"): the editor asked for
        # it by name, so it becomes a source of kind Other, named as written.
        name = " ".join(party.split())
        name = name[4:] if name.lower().startswith("the ") else name
        fields = {"name": name[:SOURCE_NAME_LENGTH], "kind": Source.Kind.OTHER}
    source = Source.objects.create(slug=unused_slug(Source, fields["name"]), **fields)
    return source, True


def cite_party(article, *, party, sentence=""):
    """Cite the source `party` names on `article`, creating the Source if none matches.

    Returns (citation, source_created). An article that already cites the source keeps its
    citation; a second click never adds a duplicate.
    """
    with transaction.atomic():
        source, created = _source_for(party)
        citation = article.citations.filter(source=source).first()
        if citation is None:
            last = article.citations.aggregate(last=Max("position"))["last"]
            citation = Citation.objects.create(
                article=article,
                source=source,
                supports=Truncator(sentence.strip()).chars(SUPPORTS_LENGTH),
                position=0 if last is None else last + 1,
            )
    return citation, created
