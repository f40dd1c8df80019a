"""Test data builders: keyword-only, with defaults for whatever a test does not care about."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from articles.models import (
    Article,
    Author,
    Byline,
    Citation,
    Correction,
    ErrorReport,
    Page,
    Section,
    Source,
    Tag,
)

_counter = itertools.count(1)


def _unique(prefix):
    return f"{prefix} {next(_counter)}"


def make_section(*, name=None, slug=None, **fields):
    name = name or _unique("Section")
    return Section.objects.create(name=name, slug=slug or slugify(name), **fields)


def make_tag(*, name=None, slug=None):
    name = name or _unique("Tag")
    return Tag.objects.create(name=name, slug=slug or slugify(name))


def make_author(*, name=None, slug=None, **fields):
    name = name or _unique("Reporter")
    return Author.objects.create(name=name, slug=slug or slugify(name), **fields)


def make_source(*, name=None, slug=None, **fields):
    name = name or _unique("Source")
    return Source.objects.create(name=name, slug=slug or slugify(name), **fields)


def make_article(
    *,
    headline=None,
    slug=None,
    body="Body text.",
    status=Article.Status.PUBLISHED,
    published_at=None,
    authors=(),
    sources=(),
    tags=(),
    **fields,
):
    """An article, published an hour ago unless told otherwise."""
    headline = headline or _unique("Headline")
    if published_at is None and status == Article.Status.PUBLISHED:
        published_at = timezone.now() - timedelta(hours=1)
    article = Article.objects.create(
        headline=headline,
        slug=slug or slugify(headline),
        body=body,
        status=status,
        published_at=published_at,
        **fields,
    )
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    for position, source in enumerate(sources):
        Citation.objects.create(article=article, source=source, position=position)
    article.tags.set(tags)
    return article


def picture_upload(*, size=(1200, 800), color="steelblue", name="picture.jpg"):
    """A JPEG upload of one colour, as a hero picture (a job makes its renditions)."""
    content = io.BytesIO()
    Image.new("RGB", size, color).save(content, "JPEG")
    return SimpleUploadedFile(name, content.getvalue(), content_type="image/jpeg")


def make_correction(*, article, note="An earlier version misspelt a name.", **fields):
    return Correction.objects.create(article=article, note=note, **fields)


def make_user(*, username=None, password="correct horse battery staple", **fields):
    return get_user_model().objects.create_user(
        username=username or _unique("user").replace(" ", ""), password=password, **fields
    )


def make_member(group, **fields):
    """A staff account in the Writer or Editor group that migration 0004 makes."""
    from django.contrib.auth.models import Group

    user = make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


UNPUBLISHED_KINDS = ("draft", "review", "archived", "scheduled")


def make_unpublished_article(*, kind, **fields):
    """An article readers must not see: draft, in review, archived, or scheduled for tomorrow."""
    if kind == "scheduled":
        when = timezone.now() + timedelta(days=1)
        return make_article(status=Article.Status.PUBLISHED, published_at=when, **fields)
    published_at = timezone.now() - timedelta(days=1) if kind == "archived" else None
    return make_article(status=Article.Status(kind), published_at=published_at, **fields)


def make_page(*, title=None, slug=None, kind="other", body="About this page.", **fields):
    """An about or policy page, published unless told otherwise."""
    title = title or _unique("Page")
    return Page.objects.create(
        title=title, slug=slug or slugify(title), kind=kind, body=body, **fields
    )


def run_queued_jobs():
    """Run every job due now with the real worker's code, in this process, until none is
    left (django-tasks-db's db_worker in batch mode); jobs scheduled later stay queued."""
    from unittest import mock

    from django.core.management import call_command

    # The worker closes connections it takes for stale between jobs; a test's connection is
    # inside the transaction that undoes the test, so it must stay open.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            queue_name="*",
            verbosity=0,
        )


def pictures_made(record):
    """`record` (an article or author) once the job that makes its renditions and social card
    has run, as pages then see it."""
    run_queued_jobs()
    record.refresh_from_db()
    return record


def make_subscriber(*, email=None, wants_digest=True, sections=(), digest_sections=(), **fields):
    """A reader who confirmed their subscription (`sections`: their breaking alerts)."""
    from newsletters.models import Subscriber
    from newsletters.subscribing import consent_text

    subscriber = Subscriber.objects.create(
        email=email or _unique("reader").replace(" ", "") + "@example.com",
        wants_digest=wants_digest,
        confirmed_at=timezone.now(),
        consent=consent_text(),
        **fields,
    )
    subscriber.alert_sections.set(sections)
    subscriber.digest_sections.set(digest_sections)
    return subscriber


def make_error_report(*, article, message="The minister's name is misspelt.", **fields):
    return ErrorReport.objects.create(
        article=article, message=message, sender=fields.pop("sender", "a" * 64), **fields
    )
