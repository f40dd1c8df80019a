"""The newsletters' background jobs (newsroom/jobs.py: retries, repeating jobs)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from newsroom.jobs import job

from . import digest, mail
from .models import Mailing, Subscriber


@job(attempts=6, backoff_seconds=60)
def send_alert(mailing_id):
    """Send a breaking alert to the readers of its story's section, once it is live. A story
    unpublished (or deleted) before this runs cancels the alert: nothing is sent."""
    mailing = Mailing.objects.select_related("article__section").get(pk=mailing_id)
    if mailing.status in (Mailing.Status.SENT, Mailing.Status.CANCELLED):
        return {"status": mailing.status}
    article = mailing.article
    if article is None or not article.is_published():
        Mailing.objects.filter(pk=mailing.pk).update(
            status=Mailing.Status.CANCELLED, finished_at=timezone.now()
        )
        return {"status": Mailing.Status.CANCELLED}
    recipients = Subscriber.objects.for_alerts_in(article.section)
    sent = mail.send_mailing(
        mailing, recipients, lambda subscriber, **to: mail.alert_message(article, **to)
    )
    return {"status": Mailing.Status.SENT, "sent": sent}


@job(attempts=6, backoff_seconds=60)
def send_daily_digest(day=None):
    """Send the digest of `day` (by default, the one whose time has just come) to readers who
    asked for it: the day's stories in the sections each reader chose (every section, if
    none), and nothing to a reader whose sections had none. Once per day, however often it
    runs."""
    day = digest.day_due(timezone.now()) if day is None else date.fromisoformat(day)
    stories = list(digest.stories_of(day))
    try:
        with transaction.atomic():
            mailing, _ = Mailing.objects.get_or_create(kind=Mailing.Kind.DIGEST, day=day)
    except IntegrityError:
        mailing = Mailing.objects.get(kind=Mailing.Kind.DIGEST, day=day)
    if mailing.status == Mailing.Status.SENT:
        return {"day": day.isoformat(), "status": mailing.status}
    if not stories:
        Mailing.objects.filter(pk=mailing.pk).update(
            status=Mailing.Status.CANCELLED, finished_at=timezone.now()
        )
        return {"day": day.isoformat(), "status": "no stories"}

    def digest_for(subscriber, **to):
        chosen = subscriber.digest_stories(stories)
        return mail.digest_message(chosen, day=day, **to) if chosen else None

    sent = mail.send_mailing(
        mailing, Subscriber.objects.for_digest().prefetch_related("digest_sections"), digest_for
    )
    return {"day": day.isoformat(), "sent": sent}
