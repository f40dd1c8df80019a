"""Every way into the newsroom's articles (the doors: the change form, the list actions,
restore and recover, imports, "Add as citation", the other records' admins) keeps the same
rules (permission, embargo, anonymous-source sign-off, sourcing confirmation, undescribed
pictures, version check, revision recorded, cache retired). One test per door and rule; a
new door joins here before it ships."""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.admin.revisions import RestoreRefused, restore_version
from articles.models import Article, Citation
from articles.sourcing import sign_off_anonymous_sources
from tests.factories import make_article, make_source, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password nobody uses"


def make_member(group):
    user = make_user(is_staff=True, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer():
    return make_member("Writer")


@pytest.fixture
def editor():
    return make_member("Editor")


def first_version(article):
    return Version.objects.get_for_object(article).order_by("pk").first()


# Recover


def test_recover_refuses_a_version_of_an_article_that_still_exists(client, writer, editor):
    article = make_article(status=Article.Status.DRAFT, headline="Draft by the writer")
    article.created_by = writer
    article.save()
    with reversion.create_revision():
        reversion.add_to_revision(article)
    article.publish()  # An Editor published it since.
    url = reverse("admin:articles_article_recover", args=[first_version(article).pk])
    client.force_login(writer)

    assert client.get(url).status_code == 404
    response = client.post(url, {"headline": "Rewritten", "slug": article.slug, "status": "draft"})

    assert response.status_code == 404
    article.refresh_from_db()
    assert (article.status, article.headline) == (Article.Status.PUBLISHED, "Draft by the writer")


# Restore


def cite(article, source):
    Citation.objects.create(article=article, source=source, position=article.citations.count())


def test_restore_does_not_carry_a_sign_off_over_to_a_source_it_never_covered(writer, editor):
    secret_b = make_source(name="Source B", is_anonymous=True)
    secret_a = make_source(name="Source A", is_anonymous=True)
    article = make_article(status=Article.Status.DRAFT, headline="Leak")
    article.created_by = writer
    article.save()
    cite(article, secret_b)
    with reversion.create_revision():
        reversion.add_to_revision(article)
    article.citations.all().delete()
    cite(article, secret_a)
    sign_off_anonymous_sources(article, by=editor, sources=[secret_a])
    article.save()
    citing_b = first_version(article)

    restore_version(article, citing_b, user=writer)
    result = workflow.publish_articles(Article.objects.filter(pk=article.pk), user=editor)

    article.refresh_from_db()
    assert [citation.source for citation in article.citations.all()] == [secret_b]
    assert article.status == Article.Status.DRAFT
    assert result.skipped == [
        (article, "it cites an anonymous source that no Editor has signed off")
    ]


def test_restore_refuses_to_show_readers_an_anonymous_source_nobody_signed_off(editor):
    secret = make_source(name="Source B", is_anonymous=True)
    article = make_article(headline="Live story", body="Named text.")
    cite(article, secret)
    with reversion.create_revision():
        reversion.add_to_revision(article)
    article.citations.all().delete()
    citing_secret = first_version(article)

    with pytest.raises(RestoreRefused, match="Source B"):
        restore_version(article, citing_secret, user=editor)

    assert not article.citations.exists()


def test_restore_needs_the_right_to_change_the_story(writer):
    article = make_article(headline="Live story")
    article.created_by = writer
    article.save()
    with reversion.create_revision():
        reversion.add_to_revision(article)

    with pytest.raises(PermissionDenied):
        restore_version(article, first_version(article), user=writer)
