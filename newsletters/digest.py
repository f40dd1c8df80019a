"""The daily digest: when it goes out, and which stories it carries."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import Article


def digest_clock():
    """NEWSROOM_DIGEST_TIME ("HH:MM", in the site's time zone) as a time."""
    return time.fromisoformat(settings.NEWSROOM_DIGEST_TIME)


def digest_moment(day):
    """When the digest of `day` goes out."""
    return timezone.make_aware(datetime.combine(day, digest_clock()))


def next_digest_time(now):
    """The first digest time after `now`."""
    today = timezone.localdate(now)
    moment = digest_moment(today)
    return moment if moment > now else digest_moment(today + timedelta(days=1))


def stories_of(day, *, now=None):
    """The stories published in the 24 hours up to the digest time of `day`, oldest first;
    sent early (`send_digest`), only those live by `now`: never a scheduled one."""
    end = digest_moment(day)
    now = timezone.now() if now is None else now
    return (
        Article.objects.published(now=min(end, now))
        .filter(published_at__gt=end - timedelta(days=1))
        .select_related("section")
        .order_by("published_at")
    )


def day_due(now):
    """The day of the latest digest time at or before `now`."""
    today = timezone.localdate(now)
    return today if digest_moment(today) <= now else today - timedelta(days=1)


def next_digest_day(now):
    """The day of the first digest time after `now`."""
    return timezone.localdate(next_digest_time(now))
