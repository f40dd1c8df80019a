"""Every way into the newsroom's articles (the doors: the change form, the list actions,
restore and recover, imports, "Add as citation", the other records' admins) keeps the same
rules (permission, embargo, anonymous-source sign-off, sourcing confirmation, undescribed
pictures, version check, revision recorded, cache retired). One test per door and rule; a
new door joins here before it ships."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.factories import make_article, make_user

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
    import reversion

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
