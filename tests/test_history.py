"""The history as editors read it: publishing, unpublishing and scheduling named as such,
who cited a source, a restore page whose diff leaves out what a restore keeps."""

from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article
from tests.factories import make_article
from tests.test_workflow import change_form_data, change_url, split_datetime

pytestmark = pytest.mark.django_db


def latest_comment(article):
    return Version.objects.get_for_object(article).first().revision.get_comment()


def save(client, article, **fields):
    response = client.post(change_url(article), change_form_data(client, article, **fields))
    assert response.status_code == 302
    return latest_comment(article)


def test_publishing_in_the_form_is_called_publishing(client, editor):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)

    comment = save(
        client, draft, status="published", **split_datetime("published_at", timezone.now())
    )

    assert comment == "Published."


def test_scheduling_names_the_time_in_the_newsrooms_zone(client, editor, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    draft = make_article(status=Article.Status.DRAFT)
    when = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    client.force_login(editor)

    comment = save(client, draft, status="published", **split_datetime("published_at", when))

    local = timezone.localtime(when)
    assert comment == f"Scheduled for {local:%-d %b %Y %H:%M} {local.tzname()}."


def test_unpublishing_and_an_edit_are_told_apart(client, editor):
    live = make_article()
    client.force_login(editor)

    assert save(client, live, headline="New headline") == "Changed Headline."
    assert save(client, live, status="draft") == "Unpublished (back to draft)."
    assert "Changed Status" not in " ".join(
        version.revision.get_comment() for version in Version.objects.get_for_object(live)
    )


def test_sending_for_review_is_named(client, writer):
    draft = make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)

    assert save(client, draft, status="review", dek="Ready") == "Sent for review. Changed Dek."


def test_list_actions_name_scheduling(editor):
    later = make_article(
        status=Article.Status.DRAFT, published_at=timezone.now() + timedelta(hours=3)
    )

    workflow.publish_articles([later], user=editor)

    assert latest_comment(later).startswith("Scheduled for ")


def test_the_history_shows_who_cited_a_source(client, editor):
    editor.first_name, editor.last_name = "Edna", "Ross"
    editor.save()
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)

    client.post(
        reverse("admin:articles_article_sourcing_cite", args=[article.pk]),
        {"party": "the Interior Ministry", "sentence": "The Interior Ministry said so."},
    )
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))

    content = history.content.decode()
    assert "Edna Ross" in content
    assert "Cited “Interior Ministry” (a new source) with Add as citation." in content


def test_the_restore_diff_does_not_show_the_address_changing(client, editor):
    article = make_article(status=Article.Status.DRAFT, headline="First", slug="first")
    with reversion.create_revision():
        reversion.add_to_revision(article)
    version = Version.objects.get_for_object(article).first()
    article.headline, article.slug = "Second", "second"
    article.save()
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_revision", args=[article.pk, version.pk]))

    labels = [change["label"] for change in response.context["changes"]]
    assert "Headline" in labels
    assert "Address (slug)" not in labels  # a restore keeps the address, as the page says
    assert "address" in response.content.decode()
    workflow.restore_version(article, version, user=editor)
    article.refresh_from_db()
    assert (article.headline, article.slug) == ("First", "second")


def test_diffs_are_coloured_as_well_as_struck_through(client, editor):
    article = make_article(status=Article.Status.DRAFT, headline="First")
    with reversion.create_revision():
        reversion.add_to_revision(article)
    version = Version.objects.get_for_object(article).first()
    article.headline = "Second"
    article.save()
    client.force_login(editor)

    content = client.get(
        reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    ).content.decode()

    assert "css/admin-history.css" in content
    assert '<div class="revision-diff__line revision-diff__line--removed">' in content
    assert "<del>− Second</del></div>" in content
