"""Previews: staff see unpublished articles as readers will, and share signed, expiring links."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article
from articles.preview import article_for_preview_token, preview_link, preview_link_token
from tests.factories import make_article, make_unpublished_article, make_user

pytestmark = pytest.mark.django_db


def make_staff(
    *, codenames=("view_article", "change_article", "edit_others_article", "publish_article")
):
    user = make_user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return user


def staff_preview_url(article):
    return reverse("articles:article-preview", kwargs={"pk": article.pk})


def shared_preview_url(article):
    return reverse("articles:article-preview-shared", kwargs={"token": preview_link_token(article)})


def move_clock(monkeypatch, *, by):
    """Make signing (and so link expiry) see a time `by` from now."""
    later = time.time() + by.total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)


@pytest.mark.parametrize("kind", ["draft", "review", "scheduled"])
def test_staff_with_change_permission_preview_an_unpublished_article(client, kind):
    article = make_unpublished_article(kind=kind, headline="Council budget leaked", body="**Big**")
    client.force_login(make_staff())

    response = client.get(staff_preview_url(article))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "articles/article_detail.html"
    assert response.context["is_preview"] is True
    assert b"Council budget leaked" in response.content
    assert b"<strong>Big</strong>" in response.content
    assert b"Preview \xe2\x80\x94 not published" in response.content


def test_public_article_page_has_no_preview_banner(client):
    article = make_article()

    response = client.get(article.get_absolute_url())

    assert b"not published" not in response.content
    assert b"noindex" not in response.content


def test_writers_preview_their_own_draft_but_not_someone_elses(client):
    writer = make_staff(codenames=["view_article", "change_article"])
    own = make_unpublished_article(kind="draft", created_by=writer)
    others = make_unpublished_article(kind="draft", created_by=make_user())
    client.force_login(writer)

    assert client.get(staff_preview_url(own)).status_code == 200
    assert client.get(staff_preview_url(others)).status_code == 404


def test_staff_preview_is_a_404_for_readers(client):
    article = make_unpublished_article(kind="draft")
    client.force_login(make_user())

    assert client.get(staff_preview_url(article)).status_code == 404


def test_staff_preview_is_a_404_for_anonymous_visitors(client):
    article = make_unpublished_article(kind="draft")

    assert client.get(staff_preview_url(article)).status_code == 404


def test_staff_preview_is_a_404_for_staff_who_may_only_view_articles(client):
    article = make_unpublished_article(kind="draft")
    client.force_login(make_staff(codenames=["view_article"]))

    assert client.get(staff_preview_url(article)).status_code == 404


def test_staff_preview_of_a_missing_article_is_a_404(admin_client):
    assert (
        admin_client.get(reverse("articles:article-preview", kwargs={"pk": 999})).status_code == 404
    )


def test_shared_link_shows_the_draft_without_an_account(client):
    article = make_unpublished_article(kind="draft", headline="Embargoed ferry report")

    response = client.get(shared_preview_url(article))

    assert response.status_code == 200
    assert b"Embargoed ferry report" in response.content
    assert b"Preview \xe2\x80\x94 not published" in response.content


def test_preview_pages_are_kept_out_of_search_engines(client):
    article = make_unpublished_article(kind="draft")

    response = client.get(shared_preview_url(article))

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert b'<meta name="robots" content="noindex">' in response.content


def test_preview_pages_are_never_cached(admin_client):
    article = make_unpublished_article(kind="review")

    for url in (staff_preview_url(article), shared_preview_url(article)):
        cache_control = admin_client.get(url)["Cache-Control"]
        assert "no-store" in cache_control
        assert "private" in cache_control


def test_preview_pages_do_not_send_the_link_on_as_a_referrer(client):
    article = make_unpublished_article(kind="draft")

    assert client.get(shared_preview_url(article))["Referrer-Policy"] == "no-referrer"


def test_shared_link_works_until_it_expires(client, monkeypatch, settings):
    settings.NEWSROOM_PREVIEW_MAX_AGE = timedelta(days=7)
    article = make_unpublished_article(kind="draft")
    url = shared_preview_url(article)

    move_clock(monkeypatch, by=timedelta(days=6, hours=23))
    assert client.get(url).status_code == 200
    move_clock(monkeypatch, by=timedelta(days=7, minutes=1))
    assert client.get(url).status_code == 404


def test_shared_link_lifetime_follows_the_setting(client, monkeypatch, settings):
    settings.NEWSROOM_PREVIEW_MAX_AGE = timedelta(hours=1)
    article = make_unpublished_article(kind="draft")
    url = shared_preview_url(article)

    move_clock(monkeypatch, by=timedelta(hours=2))

    assert client.get(url).status_code == 404


def test_preview_link_reports_when_it_expires(settings):
    settings.NEWSROOM_PREVIEW_MAX_AGE = timedelta(days=7)
    article = make_unpublished_article(kind="draft")

    path, expires_at = preview_link(article)

    assert path.startswith("/preview/")
    assert timedelta(days=7) - timedelta(minutes=1) < expires_at - article.created_at
    assert expires_at - article.created_at < timedelta(days=7, minutes=1)


def test_resetting_preview_links_revokes_the_old_ones(client):
    article = make_unpublished_article(kind="draft")
    old_url = shared_preview_url(article)

    article.reset_preview_links()

    assert client.get(old_url).status_code == 404
    article.refresh_from_db()
    assert client.get(shared_preview_url(article)).status_code == 200


@pytest.mark.parametrize(
    "token",
    ["nonsense", "1:abc", "1:abc:1aBcDe:forged-signature", ":::", "%00"],
)
def test_bad_tokens_are_a_404(client, token):
    make_unpublished_article(kind="draft")

    assert client.get(f"/preview/{token}/").status_code == 404


def test_a_token_signed_for_one_article_cannot_open_another(client):
    first = make_unpublished_article(kind="draft", headline="First draft")
    second = make_unpublished_article(kind="draft", headline="Second draft")
    # Same token value, other article: the signature no longer matches the content.
    token = preview_link_token(first).replace(f"{first.pk}:", f"{second.pk}:", 1)

    assert client.get(f"/preview/{token}/").status_code == 404
    assert article_for_preview_token(token) is None


def test_a_token_for_a_deleted_article_opens_nothing(client):
    article = make_unpublished_article(kind="draft")
    url = shared_preview_url(article)
    Article.objects.filter(pk=article.pk).delete()

    assert client.get(url).status_code == 404
