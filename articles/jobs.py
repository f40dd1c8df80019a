"""The articles' background jobs (newsroom/jobs.py: retries, repeating jobs).

Enqueued by articles/workflow.py inside the editorial change's transaction: the job is a row
in the same database, so it exists exactly when the change commits.
"""

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from newsroom.jobs import job

from . import images, websub
from .caching import content_changed
from .evidence import capture_after_commit
from .evidence.capturing import capture_citation
from .evidence.watching import watch_citations
from .images import delete_unused, find_unused
from .importing import ArticleFileError, import_file
from .models import Article, Author

PRUNE_EVERY = timedelta(days=7)
WATCH_EVERY = timedelta(hours=1)


@job(attempts=8, backoff_seconds=30)
def story_went_live(article_id, published_at, scheduled=False):
    """What happens when a story goes live (now, or at its scheduled time): the hub hears
    that its feeds changed, and a scheduled story's cited pages are archived again as they
    stand when readers first see it (publishing at once archived them already). Nothing, if
    it was unpublished, deleted or rescheduled since."""
    article = Article.objects.select_related("section").filter(pk=article_id).first()
    expected = datetime.fromisoformat(published_at)
    if article is None or not article.is_published() or article.published_at != expected:
        return {"status": "withdrawn"}
    if scheduled:
        capture_after_commit(article.citations.exclude(url="").values_list("pk", flat=True))
    return {"status": "announced", "pinged": websub.ping(websub.feed_urls_for(article))}


@job(attempts=8, backoff_seconds=30)
def feeds_changed(feed_urls):
    """Tell the hub that these feeds changed (a story left them, or was updated)."""
    return {"pinged": websub.ping(feed_urls)}


# A picture gone from storage will not come back by trying again: the job fails for good.
@job(attempts=5, backoff_seconds=30, give_up_on=(FileNotFoundError,))
def make_article_pictures(article_id):
    """Draw a saved story's hero renditions and crops and its social card (the save left
    them to this job, articles/images/deferred.py), then let pages use them. Marks them
    ready only if the story still shows what was drawn: a later save queued its own job."""
    article = Article.objects.select_related("section").filter(pk=article_id).first()
    if article is None:
        return {"status": "deleted"}
    images.make_article_pictures(article)
    as_drawn = Article.objects.filter(
        pk=article.pk,
        hero_image=article.hero_image.name,
        headline=article.headline,
        section=article.section_id,
    )
    ready = let_pages_use(as_drawn, social_image=article.social_image.name, pictures_ready=True)
    return {"status": "ready" if ready else "changed since"}


@job(attempts=5, backoff_seconds=30, give_up_on=(FileNotFoundError,))
def make_author_photo(author_id):
    """Make a saved portrait's renditions, then let the author's page use them."""
    author = Author.objects.filter(pk=author_id).first()
    if author is None:
        return {"status": "deleted"}
    images.make_author_photo(author)
    as_drawn = Author.objects.filter(pk=author.pk, photo=author.photo.name)
    return {"status": "ready" if let_pages_use(as_drawn, photo_ready=True) else "changed since"}


def let_pages_use(as_drawn, **ready):
    """Mark the rows of `as_drawn` (still showing the pictures just drawn) `ready`, and
    retire the cached pages that show them without: one transaction that raises the content
    generation first, as every write does (workflow.readers_see_a_change). Pictures are
    derived files, not an editorial change: no revision. False if no row was still as drawn."""
    with transaction.atomic():
        content_changed()
        if as_drawn.update(**ready):
            return True
        transaction.set_rollback(True)  # nothing changed for readers
        return False


@job(attempts=4, backoff_seconds=120)
def capture_cited_page(citation_id):
    """Archive one cited page (articles/evidence/), after the change that cited it commits.
    A fetch that is refused or fails is recorded for editors by capture_citation itself."""
    copy = capture_citation(citation_id)
    return {"archived": copy is not None}


def next_watch_time(now):
    return now + WATCH_EVERY


@job(attempts=3, backoff_seconds=300)
def watch_cited_pages():
    """Hourly: check the cited pages that are due (`watch_evidence`): live, changed, moved,
    gone. Pages on one host are spaced out politely, so a run may take a while."""
    watches = watch_citations()
    return dict(Counter(str(watch.state) for watch in watches))


def next_pruning_time(now):
    return now + PRUNE_EVERY


@job(attempts=3, backoff_seconds=300)
def prune_media(older_than_days=7):
    """Weekly: delete the pictures and renditions nothing names any more (`prune_media`)."""
    sweep = find_unused(older_than=timedelta(days=older_than_days))
    delete_unused(sweep)
    return {"deleted": len(sweep.unused), "bytes": sweep.size}


@job(attempts=3, backoff_seconds=60, give_up_on=(ArticleFileError, PermissionDenied))
def import_article_file(path, *, username, default_status, publish_anyway=False):
    """`import_articles --background`: import one file as `username`, as the command would.
    A file that is malformed or refused fails for good, with the reason, in the admin."""
    user = get_user_model().objects.get(username=username, is_active=True)
    result = import_file(
        Path(path), user=user, default_status=default_status, publish_anyway=publish_anyway
    )
    return {
        "action": result.label,
        "headline": result.headline,
        "status": result.status,
        "held_back": list(result.held_back),
    }


def enqueue_went_live(article):
    """Queue story_went_live for `article`, at its publication time."""
    when = article.published_at if article.published_at > timezone.now() else None
    story_went_live.using(run_after=when).enqueue(
        article.pk, article.published_at.isoformat(), scheduled=when is not None
    )
