"""The evidence locker's records: the archived copies of cited pages, and what watching each
cited page has found since (articles/evidence/ does the fetching, storing and comparing)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..addresses import address
from .article_parts import Citation


def new_key():
    return secrets.token_urlsafe(12)


class ArchivedCopyQuerySet(models.QuerySet):
    def with_public_story(self):
        """Copies of a citation on the record in a story readers can read. An anonymous
        source's copy is the newsroom's only."""
        from .article import Article  # article.py is imported before this module.

        return self.filter(
            citation__source__is_anonymous=False,
            citation__article__in=Article.objects.published(),
        )

    def public(self):
        """Copies readers may replay: those of with_public_story() not withdrawn."""
        return self.with_public_story().filter(withdrawn_at=None)


class ArchivedCopy(models.Model):
    """A cited page as the newsroom fetched it: a WARC record in the media storage, with its
    fingerprint. Kept when its citation is removed: it is what a story once rested on."""

    key = models.SlugField(
        max_length=32,
        unique=True,
        default=new_key,
        editable=False,
        help_text="The copy's address on the site: random, so that copies cannot be counted.",
    )
    citation = models.ForeignKey(
        Citation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="archived_copies",
        help_text="The citation this copy was made for (empty once the citation is removed).",
    )
    requested_url = models.URLField(
        "address cited", max_length=2000, help_text="The address that was cited."
    )
    final_url = models.URLField(
        "found at", max_length=2000, help_text="Where the page was found, after any redirects."
    )
    status_code = models.PositiveSmallIntegerField(
        "HTTP status", help_text="The HTTP status of the answer."
    )
    content_type = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(help_text="Bytes in the body.")
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        db_index=True,
        help_text="SHA-256 of the body as it came: its fingerprint.",
    )
    warc_file = models.FileField(
        max_length=300, help_text="The WARC record: the response's headers and body, as sent."
    )
    captured_at = models.DateTimeField("archived", help_text="When the page was fetched.")
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.TextField(
        blank=True,
        editable=False,
        help_text="Why readers no longer see this copy (a takedown request, say).",
    )

    objects = ArchivedCopyQuerySet.as_manager()

    class Meta:
        ordering = ["-captured_at", "-id"]
        verbose_name_plural = "archived copies"
        indexes = [models.Index(fields=["citation", "-captured_at"], name="archived_copy_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at=None) | ~Q(withdrawal_reason=""),
                name="archived_copy_withdrawal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.requested_url} ({self.captured_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return address("articles:archived-copy", self.key)

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_html(self):
        return self.content_type in ("text/html", "application/xhtml+xml")


class WatchState(models.TextChoices):
    UNCHECKED = "unchecked", "Not checked yet"
    LIVE = "live", "Live, unchanged"
    CHANGED = "changed", "Changed"
    MOVED = "moved", "Moved"
    GONE = "gone", "Gone"
    UNREACHABLE = "unreachable", "Could not be checked"


class CitationWatchQuerySet(models.QuerySet):
    def needing_attention(self):
        """Cited pages that are no longer what the story rested on."""
        return self.filter(state__in=CitationWatch.ATTENTION)


class CitationWatch(models.Model):
    """What the evidence locker knows of one citation's page: the last capture's outcome,
    and what the last check found, against the newest archived copy."""

    State = WatchState
    ATTENTION = (WatchState.CHANGED, WatchState.MOVED, WatchState.GONE)

    citation = models.OneToOneField(Citation, on_delete=models.CASCADE, related_name="watch")
    capture_error = models.CharField(
        max_length=500, blank=True, help_text="Why the last capture failed (empty if it worked)."
    )
    capture_tried_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.UNCHECKED)
    checked_at = models.DateTimeField(null=True, blank=True, db_index=True)
    current_url = models.URLField(
        max_length=2000, blank=True, help_text="Where the page is now found."
    )
    current_sha256 = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=500, blank=True, help_text="What the check saw.")
    diff = models.TextField(blank=True, help_text="The text that changed, for a web page.")
    noted_at = models.DateTimeField(
        null=True, blank=True, help_text="When a correction note on this change was added."
    )

    objects = CitationWatchQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=WatchState.values), name="citation_watch_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.citation}: {self.get_state_display()}"

    @property
    def needs_attention(self):
        return self.state in self.ATTENTION
