"""Capturing a citation's page: fetch it safely, keep it as a WARC record, remember it."""

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .. import caching
from ..models import ArchivedCopy, Article, Citation, CitationWatch
from . import archiving
from .fetching import FetchFailed, FetchRefused, fetch

logger = logging.getLogger(__name__)


def honours_robots(citation):
    """Whether robots.txt is honoured for `citation`'s page: always, unless an Editor gave
    its source a reason to override it."""
    return not citation.source.robots_override_reason.strip()


def capture_citation(citation_id):
    """Fetch the page citation `citation_id` links to and keep it as an archived copy.

    Returns the new ArchivedCopy; None when there is nothing to capture (no such citation,
    no address, or the page is byte for byte the newest copy already kept) or the capture
    failed, which is recorded on the citation's watch for editors. Never raises for a page
    that cannot be fetched: a job calls this, and the next run tries again."""
    citation = Citation.objects.select_related("source").filter(pk=citation_id).first()
    if citation is None or not citation.url:
        return None
    watch, _ = CitationWatch.objects.get_or_create(citation=citation)
    watch.capture_tried_at = timezone.now()
    try:
        fetched = fetch(citation.url, honour_robots=honours_robots(citation))
        if not 200 <= fetched.status < 300:
            raise FetchFailed(f"the page answered {fetched.status} {fetched.reason}".strip())
    except (FetchRefused, FetchFailed) as error:
        watch.capture_error = str(error)[:500]
        watch.save(update_fields=["capture_tried_at", "capture_error"])
        logger.info("Not captured: citation %s, %s: %s", citation.pk, citation.url, error)
        return None
    sha256 = archiving.fingerprint(fetched.body)
    newest = citation.archived_copies.first()
    if newest and newest.sha256 == sha256 and newest.final_url == fetched.final_url:
        watch.capture_error = ""
        watch.save(update_fields=["capture_tried_at", "capture_error"])
        return None
    return keep(citation, watch, fetched, sha256=sha256)


def keep(citation, watch, fetched, *, sha256):
    """Store `fetched` as `citation`'s newest archived copy, the reference later checks
    compare with; its story's page then links to it."""
    copy = ArchivedCopy(
        citation=citation,
        requested_url=fetched.requested_url,
        final_url=fetched.final_url,
        status_code=fetched.status,
        content_type=fetched.content_type[:200],
        size=len(fetched.body),
        sha256=sha256,
        captured_at=fetched.fetched_at,
    )
    name = archiving.store(
        archiving.warc_bytes(fetched, sha256=sha256), key=copy.key, when=fetched.fetched_at
    )
    try:
        with transaction.atomic():
            # The story's "How we sourced this" box now says "archived <date>".
            caching.content_changed()
            copy.warc_file.name = name
            copy.save()
            watch.capture_error = ""
            watch.state = CitationWatch.State.LIVE
            watch.checked_at = fetched.fetched_at
            watch.current_url = fetched.final_url
            watch.current_sha256 = sha256
            watch.detail = "Archived."
            watch.diff = ""
            watch.noted_at = None
            watch.save()
            Article.objects.filter(pk=citation.article_id).refresh_derived()
    except BaseException:
        default_storage.delete(name)
        raise
    return copy
