"""What an article's page and cards show of its bylines, sources, corrections and tags, kept
in the article's own row (Article.page_parts) the way its body's HTML is.

Reading those four from their tables cost the article page four queries, and every list of
cards a fifth, on every render: more than all the rest of the page. They change only when
the article or one of its parts is saved, or an author, source or tag is renamed, and each
of those saves recomputes them in the same transaction (ArticleQuerySet.refresh_derived),
so the copy is never behind what the tables say.

An anonymous source is kept as readers see it: its kind and the note on why anonymity was
granted, never its name, page, links or archived copies.
"""

import math
from datetime import datetime
from types import SimpleNamespace

WORDS_PER_MINUTE = 230


def reading_minutes(text):
    """Minutes an average reader needs for `text`, never less than one."""
    return max(1, math.ceil(len((text or "").split()) / WORDS_PER_MINUTE))


def derive_page_parts(article, *, bylines, citations, corrections, tags, labels, archived=None):
    """The page parts of `article` from its rows (each in its reading order). `labels` maps
    a source's and a correction's kind to what readers see ({"source": {...}, ...});
    `archived` maps a citation's pk to its newest archived copy readers may see.
    Plain attribute reads only: the migration that first filled them uses it too."""
    return {
        "reading_minutes": reading_minutes(article.body),
        "bylines": [
            {"role": byline.role, "name": byline.author.name, "slug": byline.author.slug}
            for byline in bylines
        ],
        "citations": [
            citation_part(
                citation,
                labels["source"].get(citation.source.kind, ""),
                archived.get(citation.pk) if archived else None,
            )
            for citation in citations
        ],
        "corrections": [
            {
                "id": correction.pk,
                "kind": labels["correction"].get(correction.kind, ""),
                "note": correction.note,
                "published_at": correction.published_at.isoformat(),
            }
            for correction in corrections
        ],
        "tags": [{"id": tag.pk, "name": tag.name, "slug": tag.slug} for tag in tags],
    }


def citation_part(citation, kind, copy=None):
    source = citation.source
    if source.is_anonymous:
        return {
            "anonymous": True,
            "kind": kind,
            "note": citation.anonymity_note,
            "supports": citation.supports,
        }
    return {
        "anonymous": False,
        "name": source.name,
        "slug": source.slug,
        "kind": kind,
        "supports": citation.supports,
        "link": citation.url or source.url,
        # The evidence locker's newest copy of the cited page, for "archived <date>".
        "archived": copy and {"key": copy.key, "captured_at": copy.captured_at.isoformat()},
    }


def corrections_published(parts, now):
    """The corrections readers may see at `now` (a scheduled one waits for its time), each
    with its pk, kind, note and published_at as a datetime."""
    shown = []
    for correction in parts.get("corrections", []):
        published_at = datetime.fromisoformat(correction["published_at"])
        if published_at <= now:
            shown.append(SimpleNamespace(**{**correction, "published_at": published_at}))
    return shown
