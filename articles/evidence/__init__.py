"""The evidence locker: the pages stories cite, archived, fingerprinted and watched.

- fetching.py: `fetch()`, safe fetching (public addresses only, checked on every hop and
  pinned against DNS rebinding; size and time limits; robots.txt).
- archiving.py: the WARC records (warcio) in the media storage, written and read back.
- capturing.py: `capture_citation(citation_id)`, one citation's page kept as a copy.
- watching.py: `watch_citations()`, the due pages checked: live, changed, moved or gone.
- replay.py: what a reader's replay page and its sandboxed frame are served.

Captures start after the change that asks for them commits, as one background job per
citation (articles/jobs.py: capture_cited_page); watching is a repeating job, hourly
(watch_cited_pages). `manage.py capture_evidence` and `manage.py watch_evidence` run the
same functions at once, from a shell.
"""

from django.conf import settings
from django.db import transaction


def capture_after_commit(citation_ids):
    """Capture the pages of these citations once the current transaction commits (at once
    outside one), unless NEWSROOM_EVIDENCE_CAPTURE is off."""
    ids = sorted(set(citation_ids))
    if ids and settings.NEWSROOM_EVIDENCE_CAPTURE:
        transaction.on_commit(lambda: run_captures(ids))


def run_captures(citation_ids):
    """Queue one capture job per citation: the editor's save never waits for a fetch."""
    from ..jobs import capture_cited_page  # the jobs import this package's parts

    for citation_id in citation_ids:
        capture_cited_page.enqueue(citation_id)
