"""Every way into the newsroom's articles (the doors: the change form, the list actions,
restore and recover, imports, "Add as citation", the other records' admins) keeps the same
rules (permission, embargo, anonymous-source sign-off, sourcing confirmation, undescribed
pictures, version check, revision recorded, cache retired). One test per door and rule; a
new door joins here before it ships."""

from datetime import timedelta
from io import StringIO

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, Author, Citation
from articles.sourcing import sign_off_anonymous_sources
from articles.workflow import RestoreRefused, restore_version
from tests.factories import make_article, make_author, make_source

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password nobody uses"


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


# import_articles


def run_import(*args):
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=stdout, stderr=stderr)
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue() + str(error)
    return stdout.getvalue(), stderr.getvalue()


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


ANONYMOUS_MARKDOWN = """\
---
title: Ministry leak
sources: [Ministry insider]
---
The plan was approved on Monday.
"""


def test_import_holds_a_story_citing_an_unsigned_anonymous_source_for_review(tmp_path, editor):
    make_source(name="Ministry insider", is_anonymous=True)
    path = write(tmp_path, "leak.md", ANONYMOUS_MARKDOWN)

    stdout, _ = run_import(path, "--user", editor.username)

    article = Article.objects.get(headline="Ministry leak")
    assert article.status == Article.Status.IN_REVIEW
    assert "in review, not published: Ministry leak" in stdout
    assert workflow.UNSIGNED_ANONYMOUS_SOURCE in stdout
    assert not Article.objects.published().exists()


def test_an_editor_who_signs_off_publishes_anyway_and_is_named_for_it(tmp_path, editor):
    make_source(name="Ministry insider", is_anonymous=True)
    path = write(tmp_path, "leak.md", ANONYMOUS_MARKDOWN)

    run_import(path, "--user", editor.username, "--publish-anyway")

    article = Article.objects.get(headline="Ministry leak")
    assert article.status == Article.Status.PUBLISHED
    assert article.anonymous_sources_approved_by == editor


@pytest.mark.parametrize("blocks", [False, True])
def test_import_holds_vague_claims_for_review(tmp_path, editor, settings, blocks):
    settings.NEWSROOM_SOURCING_BLOCKS_PUBLISH = blocks
    path = write(tmp_path, "rumour.txt", "Rumour\n\nAnalysts suggest a deal is near.\n")

    stdout, _ = run_import(path, "--user", editor.username)

    assert Article.objects.get().status == Article.Status.IN_REVIEW
    assert workflow.UNSOURCED_CLAIMS in stdout


@pytest.mark.parametrize("blocks", [False, True])
def test_publish_anyway_confirms_vague_claims_unless_the_newsroom_blocks_them(
    tmp_path, editor, settings, blocks
):
    settings.NEWSROOM_SOURCING_BLOCKS_PUBLISH = blocks
    path = write(tmp_path, "rumour.txt", "Rumour\n\nAnalysts suggest a deal is near.\n")

    run_import(path, "--user", editor.username, "--publish-anyway")

    expected = Article.Status.IN_REVIEW if blocks else Article.Status.PUBLISHED
    assert Article.objects.get().status == expected


def test_a_writers_import_arrives_in_review_as_theirs(tmp_path, writer):
    path = write(tmp_path, "ports.txt", "Ports reopen\n\nShips sailed on Monday.\n")

    stdout, _ = run_import(path, "--user", writer.username)

    article = Article.objects.get()
    assert (article.status, article.created_by) == (Article.Status.IN_REVIEW, writer)
    assert "may not publish or archive: sent for review" in stdout


def test_a_writer_may_not_publish_anyway(tmp_path, writer):
    path = write(tmp_path, "ports.txt", "Ports reopen\n\nShips sailed on Monday.\n")

    _, errors = run_import(path, "--user", writer.username, "--publish-anyway")

    assert "--publish-anyway is for Editors" in errors
    assert not Article.objects.exists()


def test_import_needs_to_know_who_imports(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSROOM_IMPORT_USER", raising=False)
    path = write(tmp_path, "ports.txt", "Ports reopen\n\nShips sailed on Monday.\n")

    _, errors = run_import(path)

    assert "Say who imports: --user USERNAME" in errors
    assert not Article.objects.exists()


def test_import_never_overwrites_a_colleagues_draft(tmp_path, writer, editor):
    draft = make_article(
        status=Article.Status.DRAFT, headline="Ports reopen", body="The writer's own draft."
    )
    draft.created_by = writer
    draft.save()
    path = write(tmp_path, "ports.txt", "Ports reopen\n\nShips sailed on Monday.\n")

    _, errors = run_import(path, "--user", editor.username)

    draft.refresh_from_db()
    assert (draft.status, draft.body) == (Article.Status.DRAFT, "The writer's own draft.")
    assert f"the address /articles/{draft.slug}/ belongs to “Ports reopen”" in errors
    assert "an editor in the admin made, not this file" in errors


def test_two_files_with_one_headline_do_not_overwrite_each_other(tmp_path, editor):
    write(tmp_path, "a.txt", "Ports reopen\n\nFirst file.\n")
    write(tmp_path, "b.txt", "Ports reopen\n\nSecond file.\n")

    _, errors = run_import(tmp_path, "--user", editor.username)

    assert Article.objects.get().body == "First file."
    assert "b.txt: the address" in errors
    assert "the file a.txt made" in errors


def test_importing_a_file_again_updates_its_own_article_with_a_revision(tmp_path, editor):
    path = write(tmp_path, "ports.txt", "Ports reopen\n\nShips sailed on Monday.\n")
    run_import(path, "--user", editor.username)
    write(tmp_path, "ports.txt", "Ports reopen\n\nShips sailed on Tuesday.\n")

    stdout, _ = run_import(path, "--user", editor.username)

    article = Article.objects.get()
    assert "updated: Ports reopen" in stdout
    versions = Version.objects.get_for_object(article)
    assert [version.field_dict["body"] for version in versions] == [
        "Ships sailed on Tuesday.",
        "Ships sailed on Monday.",
    ]
    assert {version.revision.user for version in versions} == {editor}
    assert versions[0].revision.comment == "Imported from ports.txt."


def test_import_does_not_put_new_problems_on_a_live_story(tmp_path, editor):
    path = write(tmp_path, "ports.txt", "Ports reopen\n\nShips sailed on Monday.\n")
    run_import(path, "--user", editor.username)
    write(tmp_path, "ports.txt", "Ports reopen\n\nAnalysts suggest ships sailed.\n")

    _, errors = run_import(path, "--user", editor.username)

    article = Article.objects.get()
    assert (article.status, article.body) == (Article.Status.PUBLISHED, "Ships sailed on Monday.")
    assert "not updated: “Ports reopen” is live" in errors


def test_a_writer_cannot_change_a_published_story_by_import(tmp_path, writer, editor):
    path = write(tmp_path, "ports.txt", "Ports reopen\n\nShips sailed on Monday.\n")
    run_import(path, "--user", editor.username)
    write(tmp_path, "ports.txt", "Ports reopen\n\nSomething else.\n")

    _, errors = run_import(path, "--user", writer.username)

    assert Article.objects.get().body == "Ships sailed on Monday."
    assert f"{writer.username} may not change “Ports reopen”" in errors


# Public profiles


def test_an_author_a_writer_adds_stays_unseen_until_a_published_story_carries_them(client, writer):
    client.force_login(writer)
    response = client.post(
        reverse("admin:articles_author_add"),
        {"name": "Fake Expert", "slug": "fake-expert", "bio": "[Buy now](https://spam.example)"},
    )
    assert response.status_code == 302
    client.logout()
    author = Author.objects.get(slug="fake-expert")
    assert not author.profile_public

    assert client.get(author.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:author-detail", args=["fake-expert"])).status_code == 404
    assert client.get(reverse("api:author-list")).json()["items"] == []

    with workflow.editorial_change(workflow.SYSTEM, "A story with the byline goes out."):
        make_article(authors=[author])
    assert client.get(author.get_absolute_url()).status_code == 200


def test_only_someone_who_may_publish_makes_a_profile_public(client, writer, editor):
    author = make_author(name="New Hire")
    client.force_login(writer)
    client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "New Hire", "slug": author.slug, "profile_public": "on"},
    )
    author.refresh_from_db()
    assert not author.profile_public

    client.force_login(editor)
    client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "New Hire", "slug": author.slug, "profile_public": "on"},
    )
    author.refresh_from_db()
    assert author.profile_public
    client.logout()
    assert client.get(author.get_absolute_url()).status_code == 200


def test_a_writer_may_not_change_a_public_profile(client, writer):
    author = make_author(name="Staffer", profile_public=True)
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "Defaced", "slug": author.slug},
    )

    assert response.status_code == 403
    author.refresh_from_db()
    assert author.name == "Staffer"


# Delete


def test_a_deleted_story_readers_saw_is_gone_at_its_addresses(client, editor):
    article = make_article(headline="Retracted", slug="retracted")
    article.slug = "retracted-story"
    article.save()  # readers knew it under both addresses
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    client.logout()
    for slug in ("retracted", "retracted-story"):
        response = client.get(reverse("articles:article-detail", args=[slug]))
        assert response.status_code == 410
        assert "This story has been removed" in response.content.decode()


def test_a_deleted_draft_leaves_no_trace_at_its_address(client, editor):
    draft = make_article(status=Article.Status.DRAFT, slug="scoop")
    client.force_login(editor)

    client.post(reverse("admin:articles_article_delete", args=[draft.pk]), {"post": "yes"})

    client.logout()
    assert client.get(reverse("articles:article-detail", args=["scoop"])).status_code == 404


def test_a_writer_cannot_delete_a_live_story(writer):
    article = make_article(headline="Live")

    with pytest.raises(PermissionDenied):
        workflow.delete_articles([article], user=writer)

    assert Article.objects.filter(pk=article.pk).exists()


# Files of a failed change


def test_a_change_that_fails_leaves_no_picture_behind(settings):
    from tests.test_images import image_bytes, upload

    article = make_article(status=Article.Status.DRAFT)
    media = settings.MEDIA_ROOT
    before = sorted(path for path in media.rglob("*") if path.is_file())

    with pytest.raises(RuntimeError):
        with workflow.editorial_change(workflow.SYSTEM, "Doomed."):
            article.hero_image = upload(image_bytes(size=(1600, 900)))
            article.hero_alt = "A ship"
            article.save()
            assert sorted(path for path in media.rglob("*") if path.is_file()) != before
            raise RuntimeError("a later step fails")

    assert sorted(path for path in media.rglob("*") if path.is_file()) == before


def test_deleting_a_story_scheduled_for_later_leaves_no_trace(client, editor):
    scoop = make_article(slug="secret-scoop", published_at=timezone.now() + timedelta(days=30))

    workflow.delete_articles([scoop], user=editor)

    assert client.get(reverse("articles:article-detail", args=["secret-scoop"])).status_code == 404


def test_a_recovered_story_published_again_takes_back_its_earlier_address(client, editor):
    article = make_article(headline="Bridge", slug="bridge")
    article.slug = "bridge-renamed"
    article.save()
    remember_as_it_is(article)
    pk = article.pk
    workflow.delete_articles([article], user=editor)
    assert client.get("/articles/bridge/").status_code == 410

    recovered = workflow.recover_article(
        Version.objects.get_deleted(Article).get(object_id=pk), user=editor
    )
    workflow.publish_articles([recovered], user=editor)

    assert client.get("/articles/bridge-renamed/").status_code == 200
    response = client.get("/articles/bridge/")
    assert (response.status_code, response["Location"]) == (301, "/articles/bridge-renamed/")


def test_restore_keeps_the_sign_off_as_it_stands(editor):
    alpha = make_source(name="Anon Alpha", is_anonymous=True)
    beta = make_source(name="Anon Beta", is_anonymous=True)
    article = make_article(status=Article.Status.DRAFT)
    cite(article, alpha)
    sign_off_anonymous_sources(article, by=editor, sources=[alpha])
    article.save()
    citing_alpha = remember_as_it_is(article)
    article.citations.all().delete()
    cite(article, beta)
    sign_off_anonymous_sources(article, by=editor, sources=[beta])
    article.publish()

    with pytest.raises(RestoreRefused, match="Anon Alpha"):
        restore_version(article, citing_alpha, user=editor)

    article.refresh_from_db()
    assert article.anonymous_sources_signed_off == [beta.pk]


def test_a_private_profile_has_no_feed_and_a_public_one_is_in_the_sitemap(client):
    private = make_author(name="Private Pat")
    public = make_author(name="Public Paula", profile_public=True)

    assert client.get(f"/authors/{private.slug}/feed/").status_code == 404
    assert client.get(f"/authors/{private.slug}/feed/atom/").status_code == 404
    sitemap = client.get("/sitemap-authors.xml").content.decode()
    assert public.slug in sitemap
    assert private.slug not in sitemap


def remember_as_it_is(article):
    with reversion.create_revision():
        reversion.add_to_revision(article)
    return Version.objects.get_for_object(article).first()


def test_recover_says_when_another_article_took_the_address(editor):
    article = make_article(slug="claims", status=Article.Status.DRAFT)
    version = remember_as_it_is(article)
    workflow.delete_articles([article], user=editor)
    make_article(slug="claims", headline="The new one", status=Article.Status.DRAFT)

    with pytest.raises(workflow.RecoverRefused, match="“The new one”"):
        workflow.recover_article(version, user=editor)


def test_the_page_admin_refuses_control_characters_in_a_title(admin_client):
    from articles.models import Page

    page = Page.objects.create(title="About us", slug="about", kind="about", body="Us.")
    response = admin_client.post(
        reverse("admin:articles_page_change", args=[page.pk]),
        {"title": "About\x01us", "slug": "about", "kind": "about", "body": "Us."},
    )

    assert response.status_code == 200
    page.refresh_from_db()
    assert page.title == "About us"
