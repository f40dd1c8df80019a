"""Revisions in the admin: every save is kept, compared, restorable; no edit overwrites another."""

import re

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.forms import SplitDateTimeWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, Byline
from articles.revisions import EditConflict
from articles.workflow import restore_version
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_section,
    make_source,
    make_tag,
    make_user,
)
from tests.test_admin import rendered_inline_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def revision_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def compare_url(article):
    return reverse("admin:articles_article_compare", args=[article.pk])


def change_form_data(client, article, **fields):
    """POST data for the article's change form as the admin rendered it, plus `fields`."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    return rendered_form_data(response, **fields)


def rendered_form_data(response, **fields):
    """POST data for the article form `response` rendered, plus `fields`."""
    form = response.context["adminform"].form
    data = rendered_inline_data(response)
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False or value == "":
            continue
        if isinstance(field.widget, SplitDateTimeWidget):
            if isinstance(value, list):  # A form shown again: the date and time as posted.
                data[f"{name}_0"], data[f"{name}_1"] = (part or "" for part in value)
                continue
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
        else:
            data[name] = value
    data.update(fields)
    return data


def make_editor():
    editor = make_user(is_staff=True, first_name="Ada", last_name="Okafor")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=[
                "view_article",
                "change_article",
                "add_article",
                "edit_others_article",
                "publish_article",
                "view_byline",
                "add_byline",
                "change_byline",
                "delete_byline",
                "view_citation",
                "add_citation",
                "change_citation",
                "delete_citation",
                "view_correction",
                "add_correction",
                "change_correction",
            ],
        )
    )
    return editor


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def versions_of(article):
    return list(Version.objects.get_for_object(article).select_related("revision__user"))


def save_in_admin(client, article, **fields):
    response = client.post(change_url(article), change_form_data(client, article, **fields))
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def test_an_admin_save_records_a_revision_with_user_comment_and_bylines(admin_client):
    author = make_author(name="Lena Fischer")
    article = make_article(status=Article.Status.DRAFT, authors=[author])

    save_in_admin(admin_client, article, headline="Ferry strike ends")

    version, before = versions_of(article)
    assert before.revision.get_comment() == "Recorded before an edit in the admin."
    assert version.revision.user.username == "admin"
    assert "Headline" in version.revision.get_comment()
    assert version.field_dict["headline"] == "Ferry strike ends"
    bylines = [v for v in version.revision.version_set.all() if v._model is Byline]
    assert [v.field_dict["author_id"] for v in bylines] == [author.pk]


def test_every_save_adds_a_revision(admin_client):
    article = make_article(status=Article.Status.DRAFT)

    save_in_admin(admin_client, article, headline="First")
    save_in_admin(admin_client, article, headline="Second")

    assert [v.field_dict["headline"] for v in versions_of(article)] == [
        "Second",
        "First",
        article.headline,
    ]


def test_history_lists_versions_newest_first_with_links(admin_client):
    article = make_article(status=Article.Status.DRAFT)
    save_in_admin(admin_client, article, headline="First")
    save_in_admin(admin_client, article, headline="Second")
    newer, older = versions_of(article)[:2]

    response = admin_client.get(history_url(article))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index(revision_url(article, newer)) < content.index(revision_url(article, older))


def test_compare_shows_the_text_changes_between_two_versions_escaped(admin_client):
    article = make_article(status=Article.Status.DRAFT, body="Line one\nLine two")
    save_in_admin(admin_client, article)
    save_in_admin(admin_client, article, body="Line one\nLine <b>2</b>", dek="New dek")
    newer, older = versions_of(article)[:2]

    response = admin_client.get(compare_url(article), {"from": older.pk, "to": newer.pk})

    assert response.status_code == 200
    content = response.content.decode()
    assert "− Line two" in content
    assert "+ Line &lt;b&gt;2&lt;/b&gt;" in content
    assert "+ New dek" in content
    assert "<b>2</b>" not in content


def test_compare_without_two_versions_goes_back_to_the_history(admin_client):
    article = make_article(status=Article.Status.DRAFT)
    save_in_admin(admin_client, article)

    response = admin_client.get(compare_url(article), {"from": "x"})

    assert response.status_code == 302
    assert response["Location"] == history_url(article)


def test_compare_refuses_a_version_of_another_article(admin_client):
    article = make_article(status=Article.Status.DRAFT)
    other = make_article(status=Article.Status.DRAFT)
    save_in_admin(admin_client, article)
    save_in_admin(admin_client, other)
    own, foreign = versions_of(article)[0], versions_of(other)[0]

    response = admin_client.get(compare_url(article), {"from": own.pk, "to": foreign.pk})

    assert response.status_code == 302


def test_revision_page_shows_the_version_and_its_difference_from_now(admin_client):
    article = make_article(status=Article.Status.DRAFT, body="Old body")
    save_in_admin(admin_client, article)
    save_in_admin(admin_client, article, body="New body")
    _, older = versions_of(article)[:2]

    response = admin_client.get(revision_url(article, older))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Old body" in content
    # What a restore would do: the text as it is now goes, the version's comes back.
    assert "− New body" in content
    assert "+ Old body" in content
    assert "Restore this version" in content


def test_revision_page_shows_changes_of_section_tags_and_picture(admin_client):
    world, business = make_section(name="World"), make_section(name="Business")
    ports, strikes = make_tag(name="Ports"), make_tag(name="Strikes")
    article = make_article(status=Article.Status.DRAFT, section=world, tags=[ports])
    save_in_admin(admin_client, article)
    Article.objects.filter(pk=article.pk).update(
        section=business, hero_image="heroes/quay.jpg", hero_alt="Cranes idle at the quay"
    )
    article.tags.set([ports, strikes])
    older = versions_of(article)[0]

    response = admin_client.get(revision_url(article, older))

    # What a restore would change: back to World, without Strikes and without the picture.
    changes = {change["label"]: change["lines"] for change in response.context["changes"]}
    assert changes["Section"] == [("removed", "Business"), ("added", "World")]
    assert changes["Tags"] == [("context", "Ports"), ("removed", "Strikes")]
    assert changes["Picture"] == [
        ("removed", "quay.jpg"),
        ("removed", "Description: Cranes idle at the quay"),
    ]
    snapshot = dict(response.context["snapshot"])
    assert (snapshot["Section"], snapshot["Tags"], snapshot["Picture"]) == ("World", "Ports", "")


def test_restore_brings_back_section_tags_and_picture(admin_client):
    world, business = make_section(name="World"), make_section(name="Business")
    ports, strikes = make_tag(name="Ports"), make_tag(name="Strikes")
    article = make_article(
        status=Article.Status.DRAFT, section=world, tags=[ports], hero_image="heroes/a.jpg"
    )
    with reversion.create_revision():  # No picture file exists for the admin form to post.
        reversion.add_to_revision(article)
    [original] = versions_of(article)
    Article.objects.filter(pk=article.pk).update(section=business, hero_image="heroes/b.jpg")
    article.tags.set([strikes])

    assert admin_client.post(revision_url(article, original)).status_code == 302

    article.refresh_from_db()
    assert (article.section, article.hero_image.name) == (world, "heroes/a.jpg")
    assert list(article.tags.all()) == [ports]


def test_line_ends_changed_by_the_browser_are_no_difference(admin_client):
    article = make_article(status=Article.Status.DRAFT, body="First paragraph.\n\nSecond.")
    save_in_admin(admin_client, article, body="First paragraph.\r\n\r\nSecond.")
    recorded_before = versions_of(article)[-1]

    response = admin_client.get(revision_url(article, recorded_before))

    assert "\r\n" in Article.objects.get(pk=article.pk).body
    assert response.context["changes"] == []


def test_restore_brings_back_body_and_bylines_as_a_new_revision(admin_client):
    first, second = make_author(name="First Writer"), make_author(name="Second Writer")
    article = make_article(status=Article.Status.DRAFT, body="Original body", authors=[first])
    save_in_admin(admin_client, article)
    article.bylines.all().delete()
    Byline.objects.create(article=article, author=second)
    save_in_admin(admin_client, article, body="Rewritten body")
    original = versions_of(article)[-1]

    response = admin_client.post(revision_url(article, original))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Original body"
    assert "Original body" in article.body_html
    assert [b.author for b in article.bylines.all()] == [first]
    restored, replaced, *_ = versions_of(article)
    assert restored.revision.get_comment().startswith("Restored the version of")
    assert restored.field_dict["body"] == "Original body"
    # Nothing is lost: the text it replaced is still in the history.
    assert replaced.field_dict["body"] == "Rewritten body"


def test_restore_keeps_status_address_and_preview_links(admin_client, admin_user):
    article = make_article(status=Article.Status.DRAFT, slug="first-slug")
    save_in_admin(admin_client, article)
    article.publish()
    article.reset_preview_links()
    Article.objects.filter(pk=article.pk).update(slug="second-slug")
    article.refresh_from_db()
    old = versions_of(article)[0]

    restore_version(article, old, user=admin_user)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.slug == "second-slug"
    assert article.preview_token != old.field_dict["preview_token"]


def test_restore_records_unsaved_history_first(admin_client, admin_user):
    article = make_article(status=Article.Status.DRAFT, body="Admin text")
    save_in_admin(admin_client, article)
    # An edit outside the admin (an import, a script) leaves no revision behind.
    Article.objects.filter(pk=article.pk).update(body="Imported text")
    old = versions_of(article)[0]

    restore_version(article, old, user=admin_user)

    assert [v.field_dict["body"] for v in versions_of(article)] == [
        "Admin text",
        "Imported text",
        "Admin text",
        "Admin text",
    ]


def test_restore_leaves_other_articles_saved_in_the_same_revision_alone(admin_user):
    first = make_article(status=Article.Status.DRAFT, body="First, old")
    second = make_article(status=Article.Status.DRAFT, body="Second, old")
    with reversion.create_revision():  # As a list action saving both would.
        first.save()
        second.save()
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(body="Changed since")
    first.refresh_from_db()

    restore_version(first, versions_of(first)[0], user=admin_user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.body, second.body) == ("First, old", "Changed since")


def test_restore_needs_change_permission_on_that_article(client):
    article = make_article(status=Article.Status.DRAFT, body="Original")
    admin = make_user(is_staff=True, is_superuser=True)
    save_in_admin(logged_in(admin), article)
    save_in_admin(logged_in(admin), article, body="Newer")
    _, original = versions_of(article)[:2]
    viewer = make_user(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_article"))
    client.force_login(viewer)

    assert client.get(revision_url(article, original)).status_code == 200
    response = client.post(revision_url(article, original))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body == "Newer"


def test_a_writer_cannot_restore_someone_elses_article(client):
    article = make_article(status=Article.Status.DRAFT, body="Original")
    admin = logged_in(make_user(is_staff=True, is_superuser=True))
    save_in_admin(admin, article)
    save_in_admin(admin, article, body="Newer")
    _, original = versions_of(article)[:2]
    writer = make_user(is_staff=True)
    writer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client.force_login(writer)

    assert client.post(revision_url(article, original)).status_code == 403
    article.refresh_from_db()
    assert article.body == "Newer"


def test_second_of_two_concurrent_edits_is_refused_and_keeps_its_text():
    article = make_article(status=Article.Status.DRAFT, body="Shared start")
    first, second = logged_in(make_editor()), logged_in(make_editor())
    first_data = change_form_data(first, article, body="First editor's text")
    second_data = change_form_data(second, article, body="Second editor's text")

    assert first.post(change_url(article), first_data).status_code == 302
    response = second.post(change_url(article), second_data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    [message] = errors
    assert "Ada Okafor changed this article at" in message
    assert "your own changes are kept below" in message
    assert "First editor&#x27;s text" in message or "First editor's text" in message
    assert "Second editor&#x27;s text" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "First editor's text"
    assert article.version == 2


def refused_after_a_colleagues_save(article, theirs, mine):
    """Two editors open `article`; the first saves `theirs`, then the second posts `mine` from
    the page opened before. Returns the second editor's client and the refused response."""
    first, second = logged_in(make_editor()), logged_in(make_editor())
    first_data = change_form_data(first, article, **theirs)
    second_data = change_form_data(second, article, **mine)
    assert first.post(change_url(article), first_data).status_code == 302
    refused = second.post(change_url(article), second_data)
    assert refused.status_code == 200
    return second, refused


def test_a_conflict_names_the_section_and_tags_the_other_editor_changed():
    world, business = make_section(name="World"), make_section(name="Business")
    ports, strikes = make_tag(name="Ports"), make_tag(name="Strikes")
    article = make_article(status=Article.Status.DRAFT, section=world, tags=[ports])

    _, response = refused_after_a_colleagues_save(
        article,
        theirs={"section": business.pk, "tags": [ports.pk, strikes.pk]},
        mine={"body": "Second editor's text"},
    )

    [message] = response.context["adminform"].form.non_field_errors()
    assert "Section:" in message and "− World" in message and "+ Business" in message
    assert "Tags:" in message and "+ Strikes" in message
    article.refresh_from_db()
    assert article.section == business


def test_saving_again_after_a_conflict_keeps_what_only_the_colleague_changed():
    world, business = make_section(name="World"), make_section(name="Business")
    ports, strikes = make_tag(name="Ports"), make_tag(name="Strikes")
    article = make_article(
        status=Article.Status.DRAFT, dek="Old dek", summary="Old summary", section=world
    )
    article.tags.set([ports])
    second, refused = refused_after_a_colleagues_save(
        article,
        theirs={"dek": "Their dek", "section": business.pk, "tags": [ports.pk, strikes.pk]},
        mine={"summary": "My summary"},
    )

    response = second.post(change_url(article), rendered_form_data(refused))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.dek, article.summary, article.section) == ("Their dek", "My summary", business)
    assert set(article.tags.all()) == {ports, strikes}


def test_where_both_changed_a_field_saving_again_keeps_the_editors_own():
    article = make_article(status=Article.Status.DRAFT, dek="Old dek")
    second, refused = refused_after_a_colleagues_save(
        article, theirs={"dek": "Their dek"}, mine={"dek": "My dek"}
    )

    response = second.post(change_url(article), rendered_form_data(refused))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.dek == "My dek"


def test_after_a_conflict_saving_again_goes_through():
    article = make_article(status=Article.Status.DRAFT, body="Shared start")
    first, second = logged_in(make_editor()), logged_in(make_editor())
    second_data = change_form_data(second, article, body="Second editor's text")
    save_in_admin(first, article, body="First editor's text")
    refused = second.post(change_url(article), second_data)
    form = refused.context["adminform"].form

    second_data["base_version"] = form["base_version"].value()
    response = second.post(change_url(article), second_data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Second editor's text"


def test_a_save_from_an_outdated_version_writes_nothing():
    # The form's check passed, but another editor saved before this save's write.
    article = make_article(status=Article.Status.DRAFT, body="Before")
    Article.objects.filter(pk=article.pk).update(body="Theirs", version=5)
    article.body = "Mine"

    with pytest.raises(EditConflict):
        workflow.claim_next_version(article, 1)

    article.refresh_from_db()
    assert (article.body, article.version) == ("Theirs", 5)


def test_change_form_carries_the_version_it_was_opened_at(admin_client):
    article = make_article(status=Article.Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(version=7)

    response = admin_client.get(change_url(article))

    assert 'name="base_version" value="7"' in response.content.decode()


def shared_link_on(response):
    match = re.search(r'value="(http://testserver/preview/[^"]+)"', response.content.decode())
    assert match, "no shareable preview link on the page"
    return match.group(1)


def test_change_form_links_to_preview_and_shows_a_shareable_link(admin_client, client):
    article = make_article(status=Article.Status.DRAFT, headline="Budget leak")

    response = admin_client.get(change_url(article))

    assert f'href="/preview/{article.pk}/"' in response.content.decode()
    assert "Anyone with this link can read the article" in response.content.decode()
    assert b"Budget leak" in client.get(shared_link_on(response)).content


def test_reset_preview_links_asks_first(admin_client):
    article = make_article(status=Article.Status.DRAFT)
    token = article.preview_token

    response = admin_client.get(
        reverse("admin:articles_article_reset_preview_links", args=[article.pk])
    )

    assert response.status_code == 200
    assert b"will stop working" in response.content
    article.refresh_from_db()
    assert article.preview_token == token


def test_reset_preview_links_revokes_shared_links(admin_client, client):
    article = make_article(status=Article.Status.DRAFT)
    share_url = shared_link_on(admin_client.get(change_url(article)))

    response = admin_client.post(
        reverse("admin:articles_article_reset_preview_links", args=[article.pk])
    )

    assert response.status_code == 302
    assert client.get(share_url).status_code == 404
    assert client.get(shared_link_on(admin_client.get(change_url(article)))).status_code == 200


def test_reset_preview_links_needs_change_permission(client):
    article = make_article(status=Article.Status.DRAFT)
    token = article.preview_token
    viewer = make_user(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_article"))
    client.force_login(viewer)

    response = client.post(reverse("admin:articles_article_reset_preview_links", args=[article.pk]))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.preview_token == token


def delete_in_admin(client, article):
    """Delete the article in the admin; returns the version "Recover deleted articles" lists."""
    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    (deleted,) = Version.objects.get_deleted(Article)
    return deleted


def recover_url(version):
    return reverse("admin:articles_article_recover", args=[version.pk])


def test_a_recovered_article_gets_new_preview_links(admin_client, client):
    article = make_article(status=Article.Status.DRAFT, headline="Budget leak")
    save_in_admin(admin_client, article)
    old_link = shared_link_on(admin_client.get(change_url(article)))
    deleted = delete_in_admin(admin_client, article)

    response = admin_client.post(recover_url(deleted))

    assert response.status_code == 302
    assert client.get(old_link).status_code == 404
    new_link = shared_link_on(admin_client.get(change_url(article)))
    assert b"Budget leak" in client.get(new_link).content


def test_the_recover_page_shows_the_deleted_article_and_that_it_comes_back_a_draft(
    admin_client,
):
    article = make_article(headline="Budget leak", body="Analysts suggest it matters.")
    save_in_admin(admin_client, article)
    deleted = delete_in_admin(admin_client, article)
    assert deleted.field_dict["status"] == Article.Status.PUBLISHED

    response = admin_client.get(recover_url(deleted))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Analysts suggest it matters." in content
    assert 'value="Recover as a draft"' in content
    assert not Article.objects.exists()  # Only the button brings it back.


def test_a_recovered_published_article_comes_back_as_a_draft(admin_client, client):
    article = make_article(headline="Budget leak", body="The leaked budget.")
    save_in_admin(admin_client, article)
    deleted = delete_in_admin(admin_client, article)

    # Even a post that asks for its old status (an older page, a script) cannot publish it.
    response = admin_client.post(recover_url(deleted), {"status": "published"}, follow=True)

    assert response.redirect_chain == [(change_url(article), 302)]
    assert [str(message) for message in response.context["messages"]][-1] == (
        "“Budget leak” was recovered as a draft, with new preview links: links shared before "
        "it was deleted no longer work."
    )
    recovered = Article.objects.get(pk=article.pk)
    assert (recovered.status, recovered.body) == (Article.Status.DRAFT, "The leaked budget.")
    assert client.get(recovered.get_absolute_url()).status_code == 404
    version = Version.objects.get_for_object(recovered).first()
    assert version.revision.comment == "Recovered after deletion, as a draft."


def test_a_successful_save_tells_the_browser_to_forget_unsaved_text(admin_client):
    article = make_article(status=Article.Status.DRAFT)

    response = save_in_admin(admin_client, article, headline="Saved")

    assert response.cookies["newsroom_saved_article"].value == str(article.pk)


def test_a_refused_save_keeps_the_unsaved_text(admin_client):
    article = make_article(status=Article.Status.DRAFT)
    data = change_form_data(admin_client, article, headline="")

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "newsroom_saved_article" not in response.cookies


def test_recovering_a_deleted_article_leaves_the_others_saved_with_it_alone(admin_client):
    # A list action saves every article it changes in one revision.
    source = make_source(name="Port authority")
    kept = make_article(status=Article.Status.DRAFT, headline="Ferries resume", sources=[source])
    gone = make_article(status=Article.Status.DRAFT, headline="Quay closes", sources=[source])
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [kept.pk, gone.pk], "publish_anyway": 1},
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=kept.pk).is_published()
    # Since then, one story was edited and given a correction; the other was deleted.
    save_in_admin(admin_client, kept, headline="Ferries resume on Monday")
    make_correction(article=kept, note="An earlier version gave the wrong day.")
    deleted = delete_in_admin(admin_client, gone)

    response = admin_client.post(recover_url(deleted))

    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.headline == "Ferries resume on Monday"
    assert kept.is_published()
    assert kept.corrections.count() == 1
    recovered = Article.objects.get(headline="Quay closes")
    assert recovered.status == Article.Status.DRAFT
    assert [citation.source for citation in recovered.citations.all()] == [source]
