"""What tests/test_worker.py sets up in its own database before a real worker process runs:
a published story in World with a lead picture (its renditions and card are a job's), a
reader of World's alerts and the digest, an Editor's alert, a
story scheduled a few seconds ahead, and the repeating jobs. Run with `manage.py shell`."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from articles import workflow
from articles.models import Article
from newsletters import alerts
from newsletters.digest import next_digest_day
from newsletters.jobs import send_daily_digest
from newsroom.jobs import schedule_repeating_jobs
from tests.factories import (
    make_article,
    make_section,
    make_subscriber,
    make_user,
    picture_upload,
)


def set_up(*, scheduled_in_seconds):
    world = make_section(name="World", slug="world")
    editor = make_user(username="editor", is_staff=True, email="desk@example.com")
    editor.groups.add(Group.objects.get(name="Editor"))
    make_subscriber(email="reader@example.com", sections=[world])
    story = make_article(
        headline="Worker story",
        status="draft",
        section=world,
        hero_image=picture_upload(size=(2000, 1200)),
        hero_alt="A quay at dawn",
    )
    workflow.publish_articles([story], user=editor)
    alerts.queue_alert(Article.objects.get(pk=story.pk), user=editor)
    later = make_article(
        headline="Later story",
        status="draft",
        section=world,
        published_at=timezone.now() + timedelta(seconds=scheduled_in_seconds),
    )
    workflow.publish_articles([later], user=editor)
    # The coming digest, whose 24 hours hold a story published now, whatever the time of day.
    send_daily_digest.enqueue(next_digest_day(timezone.now()).isoformat())
    schedule_repeating_jobs()
