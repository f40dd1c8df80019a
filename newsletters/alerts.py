"""Breaking alerts, as editors send them from the admin: preview, test, send."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from articles.workflow import can_publish

from . import mail
from .jobs import send_alert
from .models import Mailing, Subscriber


class AlertRefused(Exception):
    """The story cannot be sent as an alert; the message says why."""


def check_alert(article, *, user):
    """Raise PermissionDenied unless `user` may send alerts (Editors: those who publish), and
    AlertRefused unless `article` is published or scheduled."""
    if not can_publish(user):
        raise PermissionDenied
    if article.status != Article.Status.PUBLISHED or article.published_at is None:
        raise AlertRefused("Only a published or scheduled story can be sent as an alert.")


def recipients_of(article):
    return Subscriber.objects.for_alerts_in(article.section)


def send_test(article, *, user):
    """Send the alert to `user` alone, at once: what readers will get, without unsubscribe."""
    check_alert(article, user=user)
    if not user.email:
        raise AlertRefused("Your account has no email address to send a test to.")
    mail.alert_message(article, to=user.email).send()


def queue_alert(article, *, user):
    """Queue the alert to the readers of the story's section: sent when the story is live
    (now, or at its scheduled time); unpublished by then, it sends nothing."""
    check_alert(article, user=user)
    with transaction.atomic():
        if Mailing.objects.filter(
            kind=Mailing.Kind.ALERT,
            article=article,
            status__in=[Mailing.Status.QUEUED, Mailing.Status.SENDING, Mailing.Status.SENT],
        ).exists():
            raise AlertRefused("An alert about this story was already sent or is on its way.")
        mailing = Mailing.objects.create(kind=Mailing.Kind.ALERT, article=article, created_by=user)
        # The job is a row in the same database: it exists only if this transaction commits.
        when = article.published_at if article.published_at > timezone.now() else None
        send_alert.using(run_after=when).enqueue(mailing.pk)
    return mailing
