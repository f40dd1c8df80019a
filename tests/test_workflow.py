"""The editorial workflow: what Writers and Editors may do, scheduling, embargoes, updates."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Byline, Citation
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_member,
    make_source,
    make_tag,
    make_user,
)
from tests.test_admin import form_errors, rendered_inline_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def whole_second(when):
    # The admin's time inputs stop at seconds; dates compared after a round trip must too.
    return when.replace(microsecond=0)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def change_form_data(client, article, **fields):
    """The change form as the admin rendered it for this user, plus `fields`."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = rendered_inline_data(response)
    for name in form.fields:
        value = form[name].value()
        if not (value is None or value is False or value == ""):
            data[form[name].html_name] = value
    # Date and time arrive from the browser as two inputs.
    for name, value in list(data.items()):
        if isinstance(value, datetime):
            del data[name]
            data.update(split_datetime(name, value))
    data.update(fields)
    return data


def split_datetime(name, when):
    local = timezone.localtime(when)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def status_choices(response):
    return [value for value, _ in response.context["adminform"].form.fields["status"].choices]


def action_names(response):
    action_form = response.context["action_form"]  # None when the user has no action at all
    if action_form is None:
        return []
    return [name for name, _ in action_form.fields["action"].choices if name]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Groups


def test_migration_gives_writers_writing_permissions_only():
    codenames = set(Group.objects.get(name="Writer").permissions.values_list("codename", flat=True))

    assert {"add_article", "change_article", "view_article", "view_correction"} <= codenames
    assert {"add_citation", "change_byline", "add_source", "view_section"} <= codenames
    # A wrong byline or citation row on their own draft is theirs to remove.
    assert {"delete_byline", "delete_citation"} <= codenames
    assert not codenames & {
        "publish_article",
        "edit_others_article",
        "approve_anonymous_sources",
        "delete_article",
        "add_correction",
        "change_section",
    }


def test_migration_gives_editors_every_newsroom_permission():
    codenames = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))

    assert {
        "publish_article",
        "edit_others_article",
        "approve_anonymous_sources",
        "delete_article",
        "add_correction",
        "change_section",
        "delete_source",
    } <= codenames


# Writers


def test_writer_creates_a_draft_that_is_theirs(client, writer):
    client.force_login(writer)
    data = rendered_inline_data(client.get(ADD))
    data.update(headline="Council meets", slug="council-meets", body="Text.", status="draft")

    response = client.post(ADD, data)

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="council-meets")
    assert article.created_by == writer
    assert article.last_edited_by == writer
    assert article.status == Article.Status.DRAFT


def test_writer_is_offered_only_draft_and_in_review(client, writer):
    client.force_login(writer)

    response = client.get(ADD)

    assert status_choices(response) == [Article.Status.DRAFT, Article.Status.IN_REVIEW]


def test_writer_sees_publication_date_and_embargo_read_only(client, writer):
    client.force_login(writer)

    response = client.get(ADD)

    fields = response.context["adminform"].form.fields
    assert "published_at" not in fields
    assert "embargo_until" not in fields
    assert "published_at" in response.context["adminform"].readonly_fields


def test_writer_submits_their_draft_for_review(client, writer):
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)

    response = client.post(change_url(article), change_form_data(client, article, status="review"))

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_writer_posting_published_gets_a_form_error_and_nothing_changes(client, writer):
    article = make_article(status=Article.Status.DRAFT, created_by=writer, headline="Old")
    client.force_login(writer)
    data = change_form_data(client, article, status="published", headline="New")

    response = client.post(change_url(article), data)

    assert response.status_code == 200
    assert form_errors(response)["status"] == [workflow.STATUS_REFUSED]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Old"
    assert article.published_at is None


def test_writer_posting_a_publication_date_changes_nothing(client, writer):
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)
    data = change_form_data(client, article)
    data.update(split_datetime("published_at", timezone.now() + timedelta(days=1)))
    data.update(split_datetime("embargo_until", timezone.now() + timedelta(days=1)))

    response = client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.published_at is None
    assert article.embargo_until is None


def test_writer_opens_someone_elses_article_read_only(client, writer):
    article = make_article(status=Article.Status.DRAFT, created_by=make_member("Writer"))
    client.force_login(writer)

    response = client.get(change_url(article))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert b'name="_save"' not in response.content


def test_writer_cannot_change_someone_elses_article(client, writer):
    other = make_member("Writer")
    article = make_article(status=Article.Status.DRAFT, created_by=other, headline="Theirs")
    client.force_login(other)
    data = change_form_data(client, article, headline="Mine now")
    client.force_login(writer)

    response = client.post(change_url(article), data)

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Theirs"


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.ARCHIVED])
def test_writer_cannot_change_their_own_article_once_it_went_out(client, writer, status):
    article = make_article(status=status, headline="As published", created_by=writer)
    article.published_at = whole_second(timezone.now() - timedelta(hours=1))
    article.save()
    client.force_login(writer)
    data = {"headline": "Rewritten", "slug": article.slug, "body": "x", "status": "draft"}

    response = client.post(change_url(article), data)

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.headline, article.status) == ("As published", status)


def test_writer_cannot_delete_their_own_draft(client, writer):
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_writer_does_not_see_the_workflow_actions(client, writer):
    make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert action_names(response) == []


@pytest.mark.parametrize("action", ["publish_selected", "archive_selected", "delete_selected"])
def test_writer_posting_an_action_changes_nothing(client, writer, action):
    draft = make_article(status=Article.Status.DRAFT, created_by=writer)
    live = make_article(created_by=writer)
    client.force_login(writer)

    client.post(
        CHANGELIST, {"action": action, "_selected_action": [draft.pk, live.pk], "post": "yes"}
    )

    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert live.status == Article.Status.PUBLISHED


def test_writer_posting_unpublish_leaves_the_article_published(client, writer):
    live = make_article(created_by=writer)
    client.force_login(writer)

    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [live.pk]})

    live.refresh_from_db()
    assert live.is_published()


# Editors


def test_editor_is_offered_every_status(client, editor):
    client.force_login(editor)

    response = client.get(ADD)

    assert status_choices(response) == list(Article.Status.values)


def test_editor_edits_a_writers_article(client, editor):
    article = make_article(status=Article.Status.IN_REVIEW, created_by=make_member("Writer"))
    client.force_login(editor)

    response = client.post(change_url(article), change_form_data(client, article, dek="Sharper"))

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.dek == "Sharper"
    assert article.last_edited_by == editor


def test_editor_publishes_from_the_form_and_the_date_is_set(client, editor):
    article = make_article(status=Article.Status.IN_REVIEW)
    client.force_login(editor)

    response = client.post(
        change_url(article), change_form_data(client, article, status="published")
    )

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.is_published()
    assert timezone.now() - article.published_at < timedelta(minutes=1)


def test_editor_sends_an_archived_article_back_to_draft(client, editor):
    article = make_article(status=Article.Status.ARCHIVED)
    client.force_login(editor)

    response = client.post(change_url(article), change_form_data(client, article, status="draft"))

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_editor_deletes_an_article(client, editor):
    article = make_article(created_by=make_member("Writer"))
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_superuser_may_do_everything():
    superuser = make_user(is_staff=True, is_superuser=True)
    article = make_article(created_by=make_member("Writer"))

    assert workflow.can_publish(superuser)
    assert workflow.can_change(superuser, article)
    assert workflow.can_delete(superuser, article)


def test_editor_without_edit_others_cannot_change_a_writers_draft():
    publisher = make_user(is_staff=True)
    publisher.groups.add(Group.objects.get(name="Writer"))
    publisher.user_permissions.add(
        *Group.objects.get(name="Editor").permissions.filter(codename="publish_article")
    )
    article = make_article(status=Article.Status.DRAFT, created_by=make_member("Writer"))

    assert not workflow.can_change(publisher, article)


# Actions


def post_action(client, action, *articles, confirmed=False):
    data = {"action": action, "_selected_action": [article.pk for article in articles]}
    if confirmed:  # As the confirmation page posts it.
        data["confirmation"] = "yes"
    return client.post(CHANGELIST, data, follow=True)


def test_editor_sees_publish_unpublish_and_archive(client, editor):
    client.force_login(editor)

    response = client.get(CHANGELIST)

    assert {"publish_selected", "unpublish_selected", "archive_selected"} <= set(
        action_names(response)
    )


def test_publish_action_publishes_and_says_what_it_skipped(client, editor):
    draft = make_article(status=Article.Status.DRAFT, headline="Fresh")
    live = make_article(headline="Old news")
    client.force_login(editor)

    response = post_action(client, "publish_selected", draft, live)

    draft.refresh_from_db()
    assert draft.is_published()
    assert messages_of(response) == [
        "Published 1: “Fresh”. Skipped 1: “Old news”: already published."
    ]


def test_publish_action_skips_an_article_with_an_undescribed_picture(client, editor):
    draft = make_article(
        status=Article.Status.DRAFT,
        headline="Quay",
        body="Dawn.\n\n![Describe the picture](/media/uploads/ab/quay.jpg)",
    )
    client.force_login(editor)

    response = post_action(client, "publish_selected", draft)

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert messages_of(response) == [
        "Nothing changed. Skipped 1: “Quay”: a picture in its body has no description."
    ]


def test_publish_action_schedules_an_article_dated_ahead(client, editor):
    when = whole_second(timezone.now() + timedelta(days=1))
    draft = make_article(status=Article.Status.DRAFT, published_at=when, headline="Tomorrow")
    client.force_login(editor)

    response = post_action(client, "publish_selected", draft)

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at == when
    assert messages_of(response) == ["Scheduled 1: “Tomorrow”."]


def test_publish_action_skips_an_embargoed_article_and_says_until_when(client, editor, settings):
    settings.TIME_ZONE = "UTC"
    embargo = datetime(2099, 3, 4, 9, 0, tzinfo=UTC)
    draft = make_article(status=Article.Status.DRAFT, embargo_until=embargo, headline="Report")
    client.force_login(editor)

    response = post_action(client, "publish_selected", draft)

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert messages_of(response) == [
        "Nothing changed. Skipped 1: “Report”: Embargoed until 4 Mar 2099 09:00 UTC: "
        "publish or schedule at or after that time."
    ]


def test_publish_action_asks_before_publishing_vague_claims(client, editor):
    draft = make_article(
        status=Article.Status.DRAFT, headline="Rumour", body="Analysts suggest a deal is near."
    )
    sourced = make_article(status=Article.Status.DRAFT, headline="Plain", body="It rained.")
    client.force_login(editor)

    response = post_action(client, "publish_selected", draft, sourced)

    draft.refresh_from_db()
    sourced.refresh_from_db()
    assert (draft.status, sourced.status) == (Article.Status.DRAFT, Article.Status.PUBLISHED)
    assert messages_of(response) == ["Published 1: “Plain”."]
    assert response.templates[0].name == "admin/articles/article/action_confirmation.html"
    page = response.content.decode()
    assert "Vague: “Analysts suggest a deal is near.”" in page
    assert [story["article"] for story in response.context["stories"]] == [draft]


def test_publish_action_publishes_vague_claims_once_the_editor_confirms(client, editor):
    draft = make_article(
        status=Article.Status.DRAFT, headline="Rumour", body="Analysts suggest a deal is near."
    )
    client.force_login(editor)

    response = post_action(client, "publish_selected", draft, confirmed=True)

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert messages_of(response) == ["Published 1: “Rumour”."]


def test_publish_action_cannot_confirm_claims_when_the_newsroom_blocks_them(
    client, editor, settings
):
    settings.NEWSROOM_SOURCING_BLOCKS_PUBLISH = True
    draft = make_article(
        status=Article.Status.DRAFT, headline="Rumour", body="Analysts suggest a deal is near."
    )
    client.force_login(editor)

    response = post_action(client, "publish_selected", draft, confirmed=True)

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert messages_of(response) == [
        "Nothing changed. Skipped 1: “Rumour”: it has uncited or vague claims."
    ]


@pytest.mark.parametrize("action", ["unpublish_selected", "archive_selected"])
def test_taking_live_stories_down_asks_first(client, editor, action):
    live = make_article(headline="Live")
    client.force_login(editor)

    response = post_action(client, action, live)

    live.refresh_from_db()
    assert live.status == Article.Status.PUBLISHED
    assert response.templates[0].name == "admin/articles/article/action_confirmation.html"
    assert "Live" in response.content.decode()


def test_publish_action_skips_an_article_citing_an_unapproved_anonymous_source(client, editor):
    insider = make_source(name="Ministry insider", is_anonymous=True)
    draft = make_article(status=Article.Status.DRAFT, headline="Leak", sources=[insider])
    client.force_login(editor)

    response = post_action(client, "publish_selected", draft)

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert messages_of(response) == [
        "Nothing changed. Skipped 1: “Leak”: it cites an anonymous source that no Editor "
        "has signed off."
    ]


def test_publish_action_skips_an_article_the_editor_may_not_change(client):
    publisher = make_member("Writer")
    publisher.user_permissions.add(
        *Group.objects.get(name="Editor").permissions.filter(codename="publish_article")
    )
    theirs = make_article(status=Article.Status.IN_REVIEW, headline="Theirs")
    client.force_login(publisher)

    response = post_action(client, "publish_selected", theirs)

    theirs.refresh_from_db()
    assert theirs.status == Article.Status.IN_REVIEW
    assert messages_of(response) == [
        "Nothing changed. Skipped 1: “Theirs”: you may not publish it."
    ]


def test_unpublish_action_sends_published_articles_back_to_draft(client, editor):
    live = make_article(headline="Live")
    draft = make_article(status=Article.Status.DRAFT, headline="Draft one")
    client.force_login(editor)

    response = post_action(client, "unpublish_selected", live, draft, confirmed=True)

    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT
    assert client.get(live.get_absolute_url()).status_code == 404
    assert messages_of(response) == [
        "Unpublished 1, now drafts: “Live”. Skipped 1: “Draft one”: it is draft, not published."
    ]


def test_archive_action_archives_published_articles_only(client, editor):
    live = make_article(headline="Live")
    review = make_article(status=Article.Status.IN_REVIEW, headline="Pending")
    client.force_login(editor)

    response = post_action(client, "archive_selected", live, review, confirmed=True)

    live.refresh_from_db()
    review.refresh_from_db()
    assert live.status == Article.Status.ARCHIVED
    assert review.status == Article.Status.IN_REVIEW
    assert messages_of(response) == [
        "Archived 1: “Live”. Skipped 1: “Pending”: it is in review, not published."
    ]


# Embargo


def test_editor_cannot_publish_before_the_embargo(client, editor, settings):
    settings.TIME_ZONE = "UTC"
    embargo = whole_second(timezone.now() + timedelta(days=2))
    article = make_article(status=Article.Status.IN_REVIEW, embargo_until=embargo)
    client.force_login(editor)

    response = client.post(
        change_url(article), change_form_data(client, article, status="published")
    )

    assert response.status_code == 200
    lifted = embargo.strftime("%-d %b %Y %H:%M")
    assert form_errors(response)["published_at"] == [
        f"Embargoed until {lifted} UTC: publish or schedule at or after that time"
    ]
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert article.published_at is None


def test_editor_cannot_schedule_a_second_before_the_embargo(client, editor):
    embargo = whole_second(timezone.now() + timedelta(days=2))
    article = make_article(status=Article.Status.IN_REVIEW, embargo_until=embargo)
    client.force_login(editor)
    data = change_form_data(client, article, status="published")
    data.update(split_datetime("published_at", embargo - timedelta(seconds=1)))

    response = client.post(change_url(article), data)

    assert response.status_code == 200
    assert "published_at" in form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_editor_schedules_for_the_moment_the_embargo_lifts(client, editor):
    embargo = whole_second(timezone.now() + timedelta(days=2))
    article = make_article(status=Article.Status.IN_REVIEW, embargo_until=embargo)
    client.force_login(editor)
    data = change_form_data(client, article, status="published")
    data.update(split_datetime("published_at", embargo))

    response = client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.is_scheduled()
    assert article.published_at == embargo


def test_publish_refuses_a_time_before_the_embargo():
    embargo = timezone.now() + timedelta(hours=3)
    article = make_article(status=Article.Status.DRAFT, embargo_until=embargo)

    with pytest.raises(ValidationError, match="Embargoed until"):
        article.publish()

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


# Scheduling


@pytest.mark.parametrize(
    "url",
    [
        reverse("articles:home"),
        reverse("articles:feed"),
        reverse("sitemap-section", kwargs={"section": "articles"}),
    ],
)
def test_a_scheduled_article_appears_in_listings_at_its_second(client, monkeypatch, url):
    now = timezone.now()
    make_article(headline="Ceasefire declared", slug="ceasefire-declared")
    monkeypatch.setattr(timezone, "now", lambda: now)
    # Scheduled as the doors schedule: the change tells the page cache when it goes live.
    with workflow.editorial_change(workflow.SYSTEM, "Scheduled."):
        make_article(
            headline="Talks open", slug="talks-open", published_at=now + timedelta(seconds=1)
        )

    before = client.get(url).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=1))
    after = client.get(url).content.decode()

    assert "ceasefire-declared" in before
    assert "talks-open" not in before
    assert "talks-open" in after


def test_a_scheduled_article_page_opens_at_its_second(client, monkeypatch):
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    article = make_article(published_at=now + timedelta(seconds=1))

    before = client.get(article.get_absolute_url()).status_code
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=2))
    after = client.get(article.get_absolute_url()).status_code

    assert (before, after) == (404, 200)


# Substantive updates


def test_update_checkbox_is_offered_on_published_articles(client, editor):
    article = make_article()
    client.force_login(editor)

    response = client.get(change_url(article))

    assert b'name="substantive_update"' in response.content


def test_update_checkbox_is_not_offered_on_drafts(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)

    response = client.get(change_url(article))

    assert b'name="substantive_update"' not in response.content


def test_substantive_update_moves_the_public_updated_time(client, editor):
    article = make_article()
    client.force_login(editor)
    data = change_form_data(client, article, body="New facts.", substantive_update="on")

    response = client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert timezone.now() - article.content_updated_at < timedelta(minutes=1)
    assert article.public_updated_at == article.content_updated_at


def test_minor_edit_leaves_the_public_updated_time(client, editor):
    earlier = timezone.now() - timedelta(minutes=30)
    article = make_article(content_updated_at=earlier)
    client.force_login(editor)

    response = client.post(change_url(article), change_form_data(client, article, body="Typo."))

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.body == "Typo."
    assert article.content_updated_at == earlier


def test_never_updated_article_is_dated_by_its_publication():
    article = make_article()

    assert article.content_updated_at is None
    assert article.public_updated_at == article.published_at


def test_adding_a_correction_moves_the_public_updated_time(client, editor):
    article = make_article()
    client.force_login(editor)
    data = change_form_data(client, article)
    data.update(
        {
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-kind": "correction",
            "corrections-0-note": "The minister's name was misspelt.",
            **split_datetime("corrections-0-published_at", timezone.now()),
        }
    )

    response = client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.corrections.count() == 1
    assert timezone.now() - article.content_updated_at < timedelta(minutes=1)


def test_saving_with_an_existing_correction_leaves_the_updated_time(client, editor):
    earlier = timezone.now() - timedelta(hours=1)
    article = make_article(content_updated_at=earlier)
    make_correction(article=article)
    client.force_login(editor)

    response = client.post(change_url(article), change_form_data(client, article))

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.content_updated_at == earlier


def test_article_page_says_updated_only_after_a_substantive_update(client):
    article = make_article(published_at=timezone.now() - timedelta(hours=2))
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())

    assert b'class="article__updated"' not in client.get(article.get_absolute_url()).content

    with workflow.editorial_change(workflow.SYSTEM, "A substantive update."):
        article.mark_updated()

    assert b'class="article__updated"' in client.get(article.get_absolute_url()).content


def test_atom_feed_gives_the_public_updated_time(client):
    import feedparser

    updated = whole_second(timezone.now() - timedelta(minutes=5))
    make_article(content_updated_at=updated)

    parsed = feedparser.parse(client.get(reverse("articles:feed-atom")).content)

    assert parsed.entries[0].updated_parsed[:6] == updated.utctimetuple()[:6]


# The note on the change form


def test_change_form_says_a_published_article_is_visible_and_who_changed_it(client, editor):
    other = make_member("Editor")
    other.first_name, other.last_name = "Mara", "Quinn"
    other.save()
    when = timezone.now() - timedelta(hours=1)
    article = make_article(published_at=when, last_edited_by=other)
    client.force_login(editor)

    response = client.get(change_url(article))

    note = response.content.decode()
    assert "Published " + timezone.localtime(when).strftime("%-d %b %Y %H:%M") in note
    assert "visible to readers" in note
    assert "Last changed" in note and "by Mara Quinn" in note


def test_change_form_says_a_scheduled_article_is_hidden_until_its_time(client, editor):
    when = timezone.now() + timedelta(days=1)
    article = make_article(published_at=when)
    client.force_login(editor)

    response = client.get(change_url(article))

    expected = "Scheduled for " + timezone.localtime(when).strftime("%-d %b %Y %H:%M")
    assert expected in response.content.decode()
    assert "hidden from readers until then" in response.content.decode()


def test_change_form_says_a_draft_is_not_visible(client, writer):
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)

    response = client.get(change_url(article))

    assert "Draft</strong> · not visible to readers" in response.content.decode()


def test_changelist_tells_scheduled_articles_from_published_ones(client, editor):
    make_article(headline="Out now")
    make_article(headline="Out tomorrow", published_at=timezone.now() + timedelta(days=1))
    client.force_login(editor)

    response = client.get(CHANGELIST)

    rows = {
        article.headline: response.context["cl"].model_admin.publication_state(article)
        for article in response.context["cl"].result_list
    }
    assert rows == {"Out now": "Published", "Out tomorrow": "Scheduled"}
    assert b"Scheduled" in response.content


def test_writer_cannot_bring_back_their_deleted_published_article(client, writer, editor):
    from reversion.models import Version

    client.force_login(writer)
    data = rendered_inline_data(client.get(ADD))
    data.update(headline="Retracted", slug="retracted", body="Text.", status="review")
    assert client.post(ADD, data).status_code == 302
    article = Article.objects.get(slug="retracted")
    client.force_login(editor)
    client.post(change_url(article), change_form_data(client, article, status="published"))
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    (deleted,) = Version.objects.get_deleted(Article)
    assert deleted.field_dict["status"] == Article.Status.PUBLISHED
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_article_recover", args=[deleted.pk]),
        {"headline": "Retracted", "slug": "retracted", "body": "Text.", "status": "draft"},
    )

    assert response.status_code == 403
    assert not Article.objects.filter(slug="retracted").exists()


# Sources, authors, tags and sections that readers see


@pytest.mark.parametrize("kind", ["source", "author", "tag"])
def test_a_writer_cannot_change_what_published_stories_show(client, writer, kind):
    record = {"source": make_source, "author": make_author, "tag": make_tag}[kind](name="Port")
    story = make_article(headline="Live")
    {
        "source": lambda: Citation.objects.create(article=story, source=record),
        "author": lambda: Byline.objects.create(article=story, author=record),
        "tag": lambda: story.tags.add(record),
    }[kind]()
    client.force_login(writer)
    url = reverse(f"admin:articles_{kind}_change", args=[record.pk])

    response = client.post(url, {"name": "Renamed by a writer", "slug": record.slug})

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.name == "Port"
    # It opens read-only instead.
    assert client.get(url).status_code == 200


def test_a_writer_may_fix_a_source_only_drafts_cite(client, writer):
    source = make_source(name="Port authorty", slug="port-authority")
    draft = make_article(status=Article.Status.DRAFT)
    Citation.objects.create(article=draft, source=source)
    client.force_login(writer)
    url = reverse("admin:articles_source_change", args=[source.pk])
    data = {"name": "Port authority", "slug": "port-authority", "kind": source.kind}

    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.name == "Port authority"


def test_an_editor_may_change_what_published_stories_show(client, editor):
    source = make_source(name="Port authorty", slug="port-authority")
    Citation.objects.create(article=make_article(), source=source)
    client.force_login(editor)
    url = reverse("admin:articles_source_change", args=[source.pk])
    data = {"name": "Port authority", "slug": "port-authority", "kind": source.kind}

    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.name == "Port authority"
