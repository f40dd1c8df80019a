"""Readers' error reports: taking them in within limits, and telling readers the outcome.

Filing a report changes nothing readers see, so it is not an editorial change; what the desk
does with it (settling it, or correcting the story) is, and goes through workflow.py.
"""

import hashlib
import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import ErrorReport

logger = logging.getLogger(__name__)

# One sender may file this many reports an hour; the whole site takes this many from
# everyone together, so that a flood from many addresses cannot bury the desk's queue.
REPORTS_PER_SENDER_PER_HOUR = 5
REPORTS_PER_HOUR = 300


class TooManyReports(Exception):
    """The sender, or everyone together, filed too many reports lately."""


def sender_of(request):
    """A keyed hash of the client's address (as the login lockout reads it behind proxies):
    enough to count a sender's reports, without keeping where they came from."""
    read_address = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    client = (read_address(request) if read_address else request.META.get("REMOTE_ADDR")) or ""
    return hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256).hexdigest()


def file_report(article, *, message, evidence_url="", email="", sender):
    """Record a reader's report on a published `article`; TooManyReports when the limits
    are reached."""
    since = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        recent = ErrorReport.objects.filter(created_at__gte=since)
        if recent.filter(sender=sender).count() >= REPORTS_PER_SENDER_PER_HOUR:
            raise TooManyReports
        if recent.count() >= REPORTS_PER_HOUR:
            raise TooManyReports
        return ErrorReport.objects.create(
            article=article, message=message, evidence_url=evidence_url, email=email, sender=sender
        )


def tell_reader(report, *, article_url=""):
    """Email the reader who left an address what became of their report, once it is settled.

    Called when the change that settled it commits; a mail server that fails is reported
    in the log and leaves reader_told_at empty, so the desk sees the reader was not told."""
    if not report.email or not report.is_settled() or report.reader_told_at:
        return False
    context = {
        "report": report,
        "article_url": article_url,
        "site_name": settings.NEWSROOM_SITE_NAME,
    }
    try:
        send_mail(
            subject=f"Your report on “{report.article.headline}”",
            message=render_to_string("articles/email/error_report_outcome.txt", context),
            from_email=None,
            recipient_list=[report.email],
        )
    except Exception:
        # The report is settled whatever the mail server does; the desk sees who was not told.
        logger.exception("Could not email the reader of error report %s", report.pk)
        return False
    ErrorReport.objects.filter(pk=report.pk).update(reader_told_at=timezone.now())
    return True
