"""Readers' reports of errors in a story: the Trust Project's actionable feedback."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .article import Article
from .article_parts import Correction

MESSAGE_MAX_LENGTH = 2000


class ErrorReportStatus(models.TextChoices):
    NEW = "new", "New"
    CHECKING = "checking", "Checking"
    CORRECTED = "corrected", "Corrected"
    NO_CHANGE = "no_change", "No change"


# The statuses that settle a report: the reader who left an address is told which.
SETTLED = (ErrorReportStatus.CORRECTED, ErrorReportStatus.NO_CHANGE)


class ErrorReport(models.Model):
    """What a reader says is wrong in a story, for the desk to check."""

    Status = ErrorReportStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="error_reports")
    message = models.TextField(
        max_length=MESSAGE_MAX_LENGTH, help_text="What the reader says is wrong, as they wrote it."
    )
    evidence_url = models.URLField(
        "evidence", max_length=500, blank=True, help_text="A link the reader gave as evidence."
    )
    email = models.EmailField(
        blank=True, help_text="Where to tell the reader the outcome; never shown to anyone else."
    )
    status = models.CharField(
        max_length=20,
        choices=ErrorReportStatus.choices,
        default=ErrorReportStatus.NEW,
        help_text="Corrected or No change settles the report, and tells the reader (if they "
        "left an address).",
    )
    correction = models.ForeignKey(
        Correction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="error_reports",
        editable=False,
        help_text="The correction this report led to.",
    )
    # A keyed hash of the sender's address, to limit how many reports one sender files;
    # the address itself is not kept.
    sender = models.CharField(max_length=64, editable=False, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reader_told_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the reader was told the outcome."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ErrorReportStatus.values), name="error_report_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="error_report_queue")]

    def __str__(self):
        return f"Report on “{self.article}” ({self.created_at:%d %b %Y %H:%M})"

    def is_settled(self):
        return self.status in SETTLED
