"""The door × rule matrix: every way into the newsroom's articles keeps every editorial rule.

Doors are the ways an article or its parts change: the change form, the list actions,
restore, recover, the browser's unsaved-text restore, import_articles, seed, "Add as
citation", the profile admins (authors, sources, tags, sections), delete, the evidence
locker's correction note on a changed source and withdrawal of an archived copy, linking an
account to its author profile, a correction made from a reader's error report, and the front
page's arrangement. Rules are what
must hold whichever door is used. Each cell is a test below, or a reason why the rule cannot
arise at that door. A new door joins the matrix before it ships: test_every_door_answers_
every_rule fails until each of its cells is filled.
"""

from datetime import timedelta
from io import StringIO

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import ArchivedCopy, Article, Citation, CitationWatch, Page
from articles.onboarding import LinkRefused, link_author_profile
from articles.pages import ensure_policy_pages
from tests.factories import (
    make_article,
    make_author,
    make_error_report,
    make_member,
    make_source,
    make_tag,
    run_queued_jobs,
)
from tests.test_admin import form_errors
from tests.test_workflow import change_form_data, change_url, post_action

pytestmark = pytest.mark.django_db

DOORS = [
    "change form",
    "list actions",
    "restore",
    "recover",
    "unsaved-text restore",
    "import",
    "background import",
    "seed",
    "add as citation",
    "profile admins",
    "delete",
    "source change note",
    "withdraw archived copy",
    "link author profile",
    "correction from a reader's report",
    "front page",
]
RULES = [
    "permission",
    "embargo",
    "anonymous sign-off",
    "sourcing confirmation",
    "undescribed pictures",
    "version check",
    "revision recorded",
    "cache retired",
]

VAGUE = "Analysts suggest a deal is near."
UNDESCRIBED = "![Describe the picture](/media/body/port.png)\n\nShips sailed."
CHANGELIST = reverse("admin:articles_article_changelist")

# Cells where the rule cannot arise, and why. Every other cell is a test below.
NOT_APPLICABLE = {
    ("restore", "embargo"): "a restore keeps the story's status and publication time "
    "(revisions.KEPT_ON_RESTORE): it cannot move a story past its embargo",
    ("unsaved-text restore", "permission"): "it ends in the change form's save: its cell",
    ("unsaved-text restore", "embargo"): "it ends in the change form's save: its cell",
    ("unsaved-text restore", "anonymous sign-off"): "it ends in the change form's save",
    ("unsaved-text restore", "sourcing confirmation"): "it ends in the change form's save",
    ("unsaved-text restore", "undescribed pictures"): "it ends in the change form's save",
    ("unsaved-text restore", "version check"): "tested in a browser: test_browser_workflow."
    "test_restoring_unsaved_text_does_not_overwrite_a_colleagues_save",
    ("unsaved-text restore", "revision recorded"): "it ends in the change form's save",
    ("unsaved-text restore", "cache retired"): "it ends in the change form's save",
    ("seed", "permission"): "it runs as the newsroom itself (workflow.SYSTEM), from the "
    "command line, and never changes an article that exists",
    ("seed", "embargo"): "the bundled sample has no embargo",
    ("seed", "anonymous sign-off"): "the bundled sample cites no anonymous source",
    ("seed", "sourcing confirmation"): "the bundled sample is the newsroom's own, published "
    "as written: the newsroom itself confirms it (publish_anyway)",
    ("seed", "undescribed pictures"): "the bundled sample has no picture",
    ("seed", "version check"): "it never changes an article that exists (update_existing=False)",
    ("add as citation", "embargo"): "it adds a citation and never publishes",
    ("add as citation", "sourcing confirmation"): "a citation can only remove an uncited claim",
    ("add as citation", "undescribed pictures"): "it adds a citation; the body is untouched",
    ("profile admins", "embargo"): "profiles publish no article",
    ("profile admins", "anonymous sign-off"): "a source's anonymity is changed only by those "
    "who may sign off anonymous sources (test_anonymous_sources)",
    ("profile admins", "sourcing confirmation"): "profiles publish no article",
    ("profile admins", "undescribed pictures"): "profiles publish no article",
    ("profile admins", "version check"): "profiles carry no version: the last save wins",
    ("delete", "embargo"): "deleting publishes nothing",
    ("delete", "anonymous sign-off"): "deleting publishes nothing",
    ("delete", "sourcing confirmation"): "deleting publishes nothing",
    ("delete", "undescribed pictures"): "deleting publishes nothing",
    ("delete", "version check"): "a deleted article cannot be saved over: its form is a 404",
    ("delete", "revision recorded"): "the last revision stays, for Recover",
    ("source change note", "embargo"): "it adds a note to a live story and publishes nothing",
    ("source change note", "anonymous sign-off"): "it cites nobody; its wording never names "
    "an anonymous source (test_evidence)",
    ("source change note", "sourcing confirmation"): "a note is not analysed for claims",
    ("source change note", "undescribed pictures"): "it adds a note; the body is untouched",
    ("withdraw archived copy", "embargo"): "it only takes an archived copy out of view",
    ("withdraw archived copy", "anonymous sign-off"): "anonymous sources' copies are never "
    "public to begin with (test_evidence)",
    ("withdraw archived copy", "sourcing confirmation"): "it changes no claim or citation",
    ("withdraw archived copy", "undescribed pictures"): "it changes no picture",
    ("withdraw archived copy", "version check"): "it changes no field of the article form, "
    "only the copy and the page parts derived from it",
    ("withdraw archived copy", "revision recorded"): "the copy itself records who withdrew it, "
    "when and why (withdrawn_by, withdrawn_at, withdrawal_reason)",
    ("link author profile", "embargo"): "linking a profile publishes no article",
    ("link author profile", "anonymous sign-off"): "linking a profile publishes no article",
    ("link author profile", "sourcing confirmation"): "linking a profile publishes no article",
    ("link author profile", "undescribed pictures"): "linking a profile publishes no article",
    ("link author profile", "version check"): "profiles carry no version: the last save wins",
    ("link author profile", "cache retired"): "readers never see which account an author "
    "has; a new profile has no story yet, so no page shows it",
    ("correction from a reader's report", "embargo"): "it adds a correction and never "
    "publishes the story",
    ("correction from a reader's report", "anonymous sign-off"): "it adds a correction; the "
    "citations are untouched",
    ("correction from a reader's report", "sourcing confirmation"): "it adds a correction; "
    "the body is untouched",
    ("correction from a reader's report", "undescribed pictures"): "it adds a correction; "
    "the body is untouched",
    ("front page", "embargo"): "placing publishes nothing; only published stories are placed",
    ("front page", "anonymous sign-off"): "placing publishes nothing",
    ("front page", "sourcing confirmation"): "placing publishes nothing",
    ("front page", "undescribed pictures"): "placing publishes nothing",
    ("front page", "version check"): "the arrangement is sent whole and carries no version: "
    "the last save wins",
    ("front page", "revision recorded"): "the arrangement changes no article: each placement "
    "keeps who placed it and when (FrontPagePlacement.placed_by, placed_at)",
}

CELLS = {}


def cell(door, rule):
    """Register the decorated test as the matrix cell (door, rule)."""

    def register(test):
        CELLS[(door, rule)] = test.__name__
        return test

    return register


def test_every_door_answers_every_rule():
    missing = [
        (door, rule)
        for door in DOORS
        for rule in RULES
        if ((door, rule) in CELLS) == ((door, rule) in NOT_APPLICABLE)
    ]
    assert missing == [], "each cell needs exactly one test or reason"


def theirs(article, user):
    article.created_by = user
    article.save()
    return article


def is_public(client, article):
    client.logout()
    return client.get(reverse("articles:article-detail", args=[article.slug])).status_code == 200


def publish_in_form(client, article, **fields):
    now = timezone.localtime()
    return client.post(
        change_url(article),
        change_form_data(
            client,
            article,
            status="published",
            published_at_0=now.strftime("%Y-%m-%d"),
            published_at_1=now.strftime("%H:%M:%S"),
            **fields,
        ),
    )


def recorded(article):
    return list(Version.objects.get_for_object(article).select_related("revision__user"))


def remember(article):
    with reversion.create_revision():
        reversion.add_to_revision(article)
    return recorded(article)[0]


def run_import(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=stdout, stderr=stderr)
    return stdout.getvalue()


def run_in_background(*args):
    """import_articles --background, then a worker's run of the jobs it queued; returns the
    command's output and what the jobs held back."""
    from django_tasks_db.models import DBTaskResult

    output = run_import(*args, "--background")
    run_queued_jobs()
    jobs = DBTaskResult.objects.successful().filter(task_path="articles.jobs.import_article_file")
    held_back = [reason for job in jobs for reason in job.return_value["held_back"]]
    jobs.delete()
    return output + "\n".join(held_back)


# The import door's cells run through both ways in: the command, and its background jobs.
importers = pytest.mark.parametrize("importer", [run_import, run_in_background])


def write_file(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def shows(client, url, text):
    client.logout()
    return text in client.get(url).content.decode()


def a_stale_form_is_refused(client, article, data):
    """`data`, the change form as it was before the door's write, no longer saves."""
    response = client.post(change_url(article), {**data, "dek": "Stale edit"})
    article.refresh_from_db()
    return response.status_code == 200 and article.dek != "Stale edit"


# The change form


@cell("change form", "permission")
def test_form_a_writer_cannot_publish_or_touch_a_live_story(client, writer):
    draft = theirs(make_article(status=Article.Status.DRAFT), writer)
    live = theirs(make_article(headline="Live"), writer)
    client.force_login(writer)

    assert "status" in form_errors(publish_in_form(client, draft))
    assert client.post(change_url(live), {"headline": "Taken over"}).status_code == 403
    assert not is_public(client, draft)


@cell("change form", "embargo")
def test_form_refuses_to_publish_before_the_embargo(client, editor):
    draft = make_article(
        status=Article.Status.DRAFT, embargo_until=timezone.now() + timedelta(days=2)
    )
    client.force_login(editor)

    assert "published_at" in form_errors(publish_in_form(client, draft))
    assert not is_public(client, draft)


@cell("change form", "anonymous sign-off")
def test_form_refuses_an_anonymous_source_nobody_signed_off(client, editor):
    draft = make_article(status=Article.Status.DRAFT)
    Citation.objects.create(
        article=draft,
        source=make_source(name="Insider", is_anonymous=True),
        anonymity_note="Speaks at risk of dismissal.",
    )
    client.force_login(editor)

    errors = form_errors(publish_in_form(client, draft))

    assert "an Editor must sign off" in " ".join(errors["__all__"])
    assert not is_public(client, draft)


@cell("change form", "sourcing confirmation")
def test_form_asks_before_publishing_vague_claims(client, editor):
    draft = make_article(status=Article.Status.DRAFT, body=VAGUE)
    client.force_login(editor)

    assert "publish_anyway" in form_errors(publish_in_form(client, draft))
    assert not is_public(client, draft)
    client.force_login(editor)
    assert publish_in_form(client, draft, publish_anyway="on").status_code == 302
    assert is_public(client, draft)


@cell("change form", "undescribed pictures")
def test_form_refuses_an_undescribed_picture(client, editor):
    draft = make_article(status=Article.Status.DRAFT, body=UNDESCRIBED)
    client.force_login(editor)

    assert "body" in form_errors(publish_in_form(client, draft))
    assert not is_public(client, draft)


@cell("change form", "version check")
def test_form_refuses_to_save_over_a_colleagues_save(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    stale = change_form_data(client, article)
    client.post(change_url(article), change_form_data(client, article, headline="Theirs"))

    assert a_stale_form_is_refused(client, article, stale)


@cell("change form", "revision recorded")
def test_form_records_a_revision_under_the_editor(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)

    client.post(change_url(article), change_form_data(client, article, headline="Saved"))

    assert recorded(article)[0].revision.user == editor
    assert recorded(article)[0].field_dict["headline"] == "Saved"


@cell("change form", "cache retired")
def test_form_edit_shows_on_the_next_request(client, editor):
    article = make_article(headline="Before")
    assert shows(client, article.get_absolute_url(), "Before")
    client.force_login(editor)

    client.post(change_url(article), change_form_data(client, article, headline="After"))

    assert shows(client, article.get_absolute_url(), "After")


# The list actions


@cell("list actions", "permission")
def test_actions_a_writer_cannot_publish_or_take_down(client, writer):
    draft = theirs(make_article(status=Article.Status.DRAFT), writer)
    live = theirs(make_article(), writer)
    client.force_login(writer)

    post_action(client, "publish_selected", draft, confirmed=True)
    post_action(client, "archive_selected", live, confirmed=True)

    assert not is_public(client, draft)
    assert is_public(client, live)


def published_by_action(client, editor, article, *, confirmed=False):
    client.force_login(editor)
    post_action(client, "publish_selected", article, confirmed=confirmed)
    return is_public(client, article)


@cell("list actions", "embargo")
def test_actions_skip_a_story_under_embargo(client, editor):
    draft = make_article(
        status=Article.Status.DRAFT, embargo_until=timezone.now() + timedelta(days=2)
    )
    assert not published_by_action(client, editor, draft, confirmed=True)


@cell("list actions", "anonymous sign-off")
def test_actions_skip_an_anonymous_source_nobody_signed_off(client, editor):
    insider = make_source(name="Insider", is_anonymous=True)
    draft = make_article(status=Article.Status.DRAFT, sources=[insider])
    assert not published_by_action(client, editor, draft, confirmed=True)


@cell("list actions", "sourcing confirmation")
def test_actions_ask_before_publishing_vague_claims(client, editor):
    draft = make_article(status=Article.Status.DRAFT, body=VAGUE)
    assert not published_by_action(client, editor, draft)
    assert published_by_action(client, editor, draft, confirmed=True)


@cell("list actions", "undescribed pictures")
def test_actions_skip_an_undescribed_picture(client, editor):
    draft = make_article(status=Article.Status.DRAFT, body=UNDESCRIBED)
    assert not published_by_action(client, editor, draft, confirmed=True)


@cell("list actions", "version check")
def test_actions_make_a_form_opened_before_them_stale(client, editor):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    stale = change_form_data(client, draft)
    post_action(client, "publish_selected", draft)
    client.force_login(editor)

    assert a_stale_form_is_refused(client, draft, stale)


@cell("list actions", "revision recorded")
def test_actions_record_a_revision(client, editor):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)

    post_action(client, "publish_selected", draft)

    assert recorded(draft)[0].field_dict["status"] == Article.Status.PUBLISHED
    assert recorded(draft)[0].revision.user == editor


@cell("list actions", "cache retired")
def test_actions_take_a_cached_story_down_at_once(client, editor):
    live = make_article(headline="Live story")
    home = reverse("articles:home")
    assert shows(client, home, "Live story")
    client.force_login(editor)

    post_action(client, "archive_selected", live, confirmed=True)

    assert not shows(client, home, "Live story")
    assert client.get(live.get_absolute_url()).status_code == 410


# Restore


@cell("restore", "permission")
def test_restore_needs_the_right_to_change_the_story(writer):
    live = theirs(make_article(), writer)
    version = remember(live)

    with pytest.raises(PermissionDenied):
        workflow.restore_version(live, version, user=writer)


@cell("restore", "anonymous sign-off")
def test_restore_refuses_to_bring_an_unsigned_anonymous_source_to_a_live_story(editor):
    live = make_article(sources=[make_source(name="Insider", is_anonymous=True)])
    version = remember(live)
    live.citations.all().delete()

    with pytest.raises(workflow.RestoreRefused, match="Insider"):
        workflow.restore_version(live, version, user=editor)
    assert not live.citations.exists()


@cell("restore", "sourcing confirmation")
def test_restore_asks_before_bringing_vague_claims_back_to_a_live_story(editor):
    live = make_article(body=VAGUE)
    version = remember(live)
    live.body = "It rained."
    live.save()

    with pytest.raises(workflow.RestoreRefused, match="Restore anyway"):
        workflow.restore_version(live, version, user=editor)
    live.refresh_from_db()
    assert live.body == "It rained."
    workflow.restore_version(live, version, user=editor, publish_anyway=True)
    live.refresh_from_db()
    assert live.body == VAGUE


@cell("restore", "undescribed pictures")
def test_restore_refuses_an_undescribed_picture_on_a_live_story(editor):
    live = make_article(body=UNDESCRIBED)
    version = remember(live)
    live.body = "Ships sailed."
    live.save()

    with pytest.raises(workflow.RestoreRefused, match="without a description"):
        workflow.restore_version(live, version, user=editor)


@cell("restore", "version check")
def test_restore_makes_a_form_opened_before_it_stale(client, editor):
    article = make_article(status=Article.Status.DRAFT, headline="First")
    version = remember(article)
    client.force_login(editor)
    stale = change_form_data(client, article)

    workflow.restore_version(article, version, user=editor)

    assert a_stale_form_is_refused(client, article, stale)


@cell("restore", "revision recorded")
def test_restore_records_a_revision(editor):
    article = make_article(status=Article.Status.DRAFT, headline="First")
    version = remember(article)
    article.headline = "Second"
    article.save()

    workflow.restore_version(article, version, user=editor)

    newest = recorded(article)[0]
    assert (newest.field_dict["headline"], newest.revision.user) == ("First", editor)


@cell("restore", "cache retired")
def test_restore_shows_on_the_next_request(client, editor):
    live = make_article(headline="First")
    version = remember(live)
    live.headline = "Second"
    live.save()
    assert shows(client, live.get_absolute_url(), "Second")

    workflow.restore_version(live, version, user=editor)

    assert shows(client, live.get_absolute_url(), "First")


# Recover


def deleted(article, user):
    pk = article.pk
    remember(article)
    workflow.delete_articles([article], user=user)
    return Version.objects.get_deleted(Article).get(object_id=pk)


@cell("recover", "permission")
def test_recover_is_for_those_who_could_change_the_story(client, writer, editor):
    live = theirs(make_article(), writer)
    version = deleted(live, editor)
    client.force_login(writer)

    response = client.post(reverse("admin:articles_article_recover", args=[version.pk]))

    assert response.status_code == 403
    assert not Article.objects.filter(pk=live.pk).exists()


def recovered_is_a_draft(editor, article):
    version = deleted(article, editor)
    recovered = workflow.recover_article(version, user=editor)
    return recovered.status == Article.Status.DRAFT and not recovered.is_published()


@cell("recover", "embargo")
def test_recover_never_publishes_an_embargoed_story(editor):
    embargoed = make_article(
        published_at=timezone.now() + timedelta(days=3),
        embargo_until=timezone.now() + timedelta(days=2),
    )
    assert recovered_is_a_draft(editor, embargoed)


@cell("recover", "anonymous sign-off")
def test_recover_never_publishes_an_anonymous_source(editor):
    insider = make_source(name="Insider", is_anonymous=True)
    assert recovered_is_a_draft(editor, make_article(sources=[insider]))


@cell("recover", "sourcing confirmation")
def test_recover_never_publishes_vague_claims(editor):
    assert recovered_is_a_draft(editor, make_article(body=VAGUE))


@cell("recover", "undescribed pictures")
def test_recover_never_publishes_an_undescribed_picture(editor):
    assert recovered_is_a_draft(editor, make_article(body=UNDESCRIBED))


@cell("recover", "version check")
def test_recover_makes_a_form_opened_before_the_deletion_stale(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    stale = change_form_data(client, article)
    version = deleted(article, editor)
    recovered = workflow.recover_article(version, user=editor)

    assert a_stale_form_is_refused(client, recovered, stale)


@cell("recover", "revision recorded")
def test_recover_records_a_revision(editor):
    article = make_article(status=Article.Status.DRAFT)
    version = deleted(article, editor)

    recovered = workflow.recover_article(version, user=editor)

    assert recorded(recovered)[0].revision.user == editor


@cell("recover", "cache retired")
def test_recover_keeps_a_taken_down_story_off_the_site(client, editor):
    article = make_article(headline="Retracted")
    version = deleted(article, editor)
    assert client.get(article.get_absolute_url()).status_code == 410

    workflow.recover_article(version, user=editor)

    assert client.get(article.get_absolute_url()).status_code == 404


# import_articles


@cell("import", "permission")
@cell("background import", "permission")
@importers
def test_import_as_a_writer_publishes_nothing(importer, tmp_path, writer):
    importer(write_file(tmp_path, "a.txt", "Ports\n\nShips sailed.\n"), "--user", writer.username)
    assert Article.objects.get().status == Article.Status.IN_REVIEW


@cell("import", "embargo")
@cell("background import", "embargo")
@importers
def test_import_holds_a_story_under_embargo(importer, tmp_path, editor):
    path = write_file(tmp_path, "a.md", "---\ntitle: Ports\nstatus: draft\n---\nShips sailed.\n")
    importer(path, "--user", editor.username)
    Article.objects.update(embargo_until=timezone.now() + timedelta(days=2))
    path.write_text("---\ntitle: Ports\nstatus: published\n---\nShips sailed.\n")

    output = importer(path, "--user", editor.username)

    assert Article.objects.get().status == Article.Status.IN_REVIEW
    assert "Embargoed until" in output


@cell("import", "anonymous sign-off")
@cell("background import", "anonymous sign-off")
@importers
def test_import_holds_an_anonymous_source_nobody_signed_off(importer, tmp_path, editor):
    make_source(name="Insider", is_anonymous=True)
    text = "---\ntitle: Leak\nsources: [Insider]\n---\nThe plan was approved.\n"
    importer(write_file(tmp_path, "a.md", text), "--user", editor.username)
    assert Article.objects.get().status == Article.Status.IN_REVIEW


@cell("import", "sourcing confirmation")
@cell("background import", "sourcing confirmation")
@importers
def test_import_holds_vague_claims_unless_an_editor_confirms(importer, tmp_path, editor):
    importer(write_file(tmp_path, "a.txt", f"Deal\n\n{VAGUE}\n"), "--user", editor.username)
    assert Article.objects.get().status == Article.Status.IN_REVIEW
    importer(
        write_file(tmp_path, "b.txt", f"Deal two\n\n{VAGUE}\n"),
        "--user",
        editor.username,
        "--publish-anyway",
    )
    assert Article.objects.get(headline="Deal two").status == Article.Status.PUBLISHED


@cell("import", "undescribed pictures")
@cell("background import", "undescribed pictures")
@importers
def test_import_holds_an_undescribed_picture(importer, tmp_path, editor):
    text = f"---\ntitle: Port\n---\n{UNDESCRIBED}\n"
    importer(write_file(tmp_path, "a.md", text), "--user", editor.username, "--publish-anyway")
    assert Article.objects.get().status == Article.Status.IN_REVIEW


@cell("import", "version check")
@cell("background import", "version check")
@importers
def test_import_makes_a_form_opened_before_it_stale(importer, client, tmp_path, editor):
    path = write_file(tmp_path, "a.txt", "Ports\n\nShips sailed.\n")
    importer(path, "--user", editor.username)
    article = Article.objects.get()
    client.force_login(editor)
    stale = change_form_data(client, article)
    path.write_text("Ports\n\nShips sailed again.\n")

    importer(path, "--user", editor.username)

    assert a_stale_form_is_refused(client, article, stale)


@cell("import", "revision recorded")
@cell("background import", "revision recorded")
@importers
def test_import_records_a_revision_under_the_importer(importer, tmp_path, editor):
    importer(write_file(tmp_path, "a.txt", "Ports\n\nShips sailed.\n"), "--user", editor.username)
    assert recorded(Article.objects.get())[0].revision.user == editor


@cell("import", "cache retired")
@cell("background import", "cache retired")
@importers
def test_import_shows_on_the_next_request(importer, client, tmp_path, editor):
    home = reverse("articles:home")
    assert not shows(client, home, "Ports reopen")

    importer(
        write_file(tmp_path, "a.txt", "Ports reopen\n\nShips sailed.\n"), "--user", editor.username
    )

    assert shows(client, home, "Ports reopen")


# seed


@cell("seed", "revision recorded")
def test_seed_records_a_revision():
    call_command("seed", verbosity=0)
    assert recorded(Article.objects.get())[0].revision.comment.startswith("Imported from")


def test_seed_shows_on_the_next_request(client):
    home = reverse("articles:home")
    client.get(home)

    call_command("seed", verbosity=0)

    assert shows(client, home, Article.objects.get().headline)


@cell("seed", "cache retired")
def test_seed_shows_the_policy_pages_it_makes_again_on_the_next_request(client):
    call_command("seed", verbosity=0)
    Page.objects.all().delete()  # As an Editor might, outside this test's interest.
    workflow.readers_see_a_change()
    assert not shows(client, reverse("articles:home"), 'href="/pages/corrections-policy/"')

    ensure_policy_pages()  # What seed does after importing the sample.

    assert shows(client, reverse("articles:home"), 'href="/pages/corrections-policy/"')


# Add as citation


def cite(client, article, party):
    return client.post(
        reverse("admin:articles_article_sourcing_cite", args=[article.pk]),
        {"party": party, "sentence": f"{party} said so."},
    )


@cell("add as citation", "permission")
def test_cite_needs_the_right_to_change_the_story(client, writer):
    live = theirs(make_article(), writer)
    client.force_login(writer)

    assert cite(client, live, "the Interior Ministry").status_code == 403
    assert not live.citations.exists()


@cell("add as citation", "anonymous sign-off")
def test_cite_refuses_an_anonymous_source(client, editor):
    make_source(name="Ministry insider", is_anonymous=True)
    live = make_article()
    client.force_login(editor)

    assert cite(client, live, "Ministry insider").status_code == 400
    assert not live.citations.exists()


@cell("add as citation", "version check")
def test_cite_makes_a_form_opened_before_it_stale(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    stale = change_form_data(client, article)
    cite(client, article, "the Interior Ministry")

    assert a_stale_form_is_refused(client, article, stale)


@cell("add as citation", "revision recorded")
def test_cite_records_a_revision(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)

    cite(client, article, "the Interior Ministry")

    newest = recorded(article)[0]
    assert newest.revision.user == editor
    assert "Add as citation" in newest.revision.comment


@cell("add as citation", "cache retired")
def test_cite_shows_on_the_next_request(client, editor):
    live = make_article()
    client.get(live.get_absolute_url())
    client.force_login(editor)

    cite(client, live, "the Interior Ministry")

    assert shows(client, live.get_absolute_url(), "Interior Ministry")


# The profile admins: authors, sources, tags and sections


@cell("profile admins", "permission")
def test_profiles_a_writer_cannot_change_what_readers_see(client, writer):
    author = make_author(name="Staffer")
    make_article(authors=[author])
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "Defaced", "slug": author.slug},
    )

    assert response.status_code == 403


@cell("profile admins", "revision recorded")
def test_profiles_record_a_revision(client, editor):
    tag = make_tag(name="Ports")
    client.force_login(editor)

    client.post(
        reverse("admin:articles_tag_change", args=[tag.pk]), {"name": "Harbours", "slug": "ports"}
    )

    (newest, *_) = Version.objects.get_for_object(tag)
    assert (newest.field_dict["name"], newest.revision.user) == ("Harbours", editor)


@cell("profile admins", "cache retired")
def test_profiles_a_rename_shows_on_the_next_request(client, editor):
    author = make_author(name="Jane Doe")
    live = make_article(authors=[author])
    assert shows(client, live.get_absolute_url(), "Jane Doe")
    client.force_login(editor)

    client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "Jane Roe", "slug": author.slug},
    )

    assert shows(client, live.get_absolute_url(), "Jane Roe")


# Delete


@cell("delete", "permission")
def test_delete_a_writer_cannot_delete_a_story(client, writer):
    draft = theirs(make_article(status=Article.Status.DRAFT), writer)
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_article_delete", args=[draft.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=draft.pk).exists()


@cell("delete", "cache retired")
def test_delete_takes_a_cached_story_down_at_once(client, editor):
    live = make_article(headline="Retracted")
    assert client.get(live.get_absolute_url()).status_code == 200
    client.force_login(editor)

    client.post(reverse("admin:articles_article_delete", args=[live.pk]), {"post": "yes"})

    client.logout()
    assert client.get(live.get_absolute_url()).status_code == 410


def test_form_a_post_that_does_not_say_its_version_writes_nothing(client, editor):
    article = make_article(status=Article.Status.DRAFT, headline="Theirs")
    client.force_login(editor)
    data = change_form_data(client, article, headline="Mine")
    del data["base_version"]

    response = client.post(change_url(article), data)

    assert response.status_code == 200
    assert "which version of the article it was opened on" in str(form_errors(response))
    article.refresh_from_db()
    assert article.headline == "Theirs"


def as_the_browser_posts_it(response):
    """The change form shown in `response`, posted back as a browser would: the rows the
    page draws (InlineAdminFormSet), not every form the formset holds."""
    form = response.context["adminform"].form
    data = {form[name].html_name: form[name].value() for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management[name].html_name: management[name].value() for name in management.fields}
        for row in inline:
            if "__prefix__" in row.form.prefix:
                continue
            data |= {field.html_name: field.value() for field in row.form}
    return {
        name: value
        for name, value in data.items()
        if not (value is None or value is False or value == "") and "published_at" not in name
    }


def test_form_after_a_colleague_removed_a_row_the_second_save_goes_through(client, editor):
    article = make_article(status=Article.Status.DRAFT, sources=[make_source(name="Agency")])
    client.force_login(editor)
    mine = change_form_data(client, article, dek="My dek")
    theirs = change_form_data(client, article, **{"citations-0-DELETE": "on"})
    assert client.post(change_url(article), theirs).status_code == 302

    conflict = client.post(change_url(article), mine)
    assert conflict.status_code == 200

    response = client.post(change_url(article), as_the_browser_posts_it(conflict))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.dek == "My dek"
    assert not article.citations.exists()


# The evidence locker: a correction note on a changed source, and withdrawing a copy


def changed_source(article):
    """A citation of `article` whose page the watch found changed since it was archived."""
    citation = Citation.objects.create(
        article=article, source=make_source(name="Port Authority"), url="https://port.example/a"
    )
    CitationWatch.objects.create(
        citation=citation, state=CitationWatch.State.CHANGED, checked_at=timezone.now()
    )
    return citation


def note(client, citation):
    return client.post(reverse("admin:articles_article_note_source_change", args=[citation.pk]))


@cell("source change note", "permission")
def test_note_is_an_editors(client, writer):
    citation = changed_source(theirs(make_article(status=Article.Status.PUBLISHED), writer))
    client.force_login(writer)

    assert note(client, citation).status_code == 403
    assert not citation.article.corrections.exists()


@cell("source change note", "version check")
def test_note_makes_a_form_opened_before_it_stale(client, editor):
    citation = changed_source(make_article())
    client.force_login(editor)
    stale = change_form_data(client, citation.article)
    note(client, citation)

    assert a_stale_form_is_refused(client, citation.article, stale)


@cell("source change note", "revision recorded")
def test_note_records_a_revision(client, editor):
    citation = changed_source(make_article())
    client.force_login(editor)

    note(client, citation)

    newest = recorded(citation.article)[0]
    assert newest.revision.user == editor
    assert "cited page changed" in newest.revision.comment


@cell("source change note", "cache retired")
def test_note_shows_on_the_next_request(client, editor):
    citation = changed_source(make_article())
    client.get(citation.article.get_absolute_url())
    client.force_login(editor)

    note(client, citation)

    assert shows(client, citation.article.get_absolute_url(), "has changed since this story")


def archived_copy_of(article):
    citation = Citation.objects.create(
        article=article, source=make_source(), url="https://port.example/b"
    )
    copy = ArchivedCopy.objects.create(
        citation=citation,
        requested_url=citation.url,
        final_url=citation.url,
        status_code=200,
        content_type="text/html",
        size=1,
        sha256="0" * 64,
        warc_file="evidence/test.warc.gz",
        captured_at=timezone.now(),
    )
    Article.objects.filter(pk=article.pk).refresh_derived()
    return copy


def withdraw(client, copy):
    return client.post(
        reverse("admin:articles_archivedcopy_withdraw", args=[copy.pk]), {"reason": "Takedown"}
    )


@cell("withdraw archived copy", "permission")
def test_withdrawal_is_an_editors(client, writer):
    copy = archived_copy_of(make_article())
    client.force_login(writer)

    assert withdraw(client, copy).status_code == 403
    copy.refresh_from_db()
    assert not copy.is_withdrawn


@cell("withdraw archived copy", "cache retired")
def test_withdrawal_shows_on_the_next_request(client, editor):
    copy = archived_copy_of(make_article())
    article_url = copy.citation.article.get_absolute_url()
    assert shows(client, article_url, copy.get_absolute_url())
    client.force_login(editor)

    withdraw(client, copy)

    assert not shows(client, article_url, copy.get_absolute_url())


# Whose story it is: every door asks workflow.can_change, where a Writer's own drafts are
# those she created and those that carry the byline of the author profile linked to her.


def bylined_draft(writer):
    """A colleague's draft that carries `writer`'s byline, and one that does not."""
    colleague = make_member("Writer")
    hers = make_article(
        status=Article.Status.DRAFT, created_by=colleague, authors=[make_author(user=writer)]
    )
    not_hers = make_article(status=Article.Status.DRAFT, created_by=colleague)
    return hers, not_hers


def test_a_byline_opens_the_change_form_to_its_writer(client, writer):
    hers, not_hers = bylined_draft(writer)
    client.force_login(writer)

    saved = client.post(change_url(hers), change_form_data(client, hers, dek="Her edit"))

    assert saved.status_code == 302
    assert client.post(change_url(not_hers), {"dek": "Not hers"}).status_code == 403


def test_a_byline_lets_its_writer_add_a_citation(client, writer):
    hers, not_hers = bylined_draft(writer)
    client.force_login(writer)

    assert cite(client, hers, "the Interior Ministry").status_code == 302
    assert cite(client, not_hers, "the Interior Ministry").status_code == 403


def test_a_byline_lets_its_writer_restore(writer):
    hers, not_hers = bylined_draft(writer)

    workflow.restore_version(hers, remember(hers), user=writer)
    with pytest.raises(PermissionDenied):
        workflow.restore_version(not_hers, remember(not_hers), user=writer)


def test_a_byline_never_lets_a_writer_touch_a_live_story(client, writer):
    live = make_article(authors=[make_author(user=writer)])
    client.force_login(writer)

    assert client.post(change_url(live), {"headline": "Taken over"}).status_code == 403
    with pytest.raises(PermissionDenied):
        workflow.delete_articles([live], user=writer)


# Your author profile


@cell("link author profile", "permission")
def test_link_claims_only_a_profile_with_your_email(writer):
    writer.email = "wanda@example.com"
    writer.save()
    editors = make_author(name="Ed Itor", email="ed@example.com")
    editors_draft = make_article(status=Article.Status.DRAFT, authors=[editors])

    with pytest.raises(LinkRefused):
        link_author_profile(writer, author=editors)

    editors.refresh_from_db()
    assert editors.user is None
    assert not workflow.can_change(writer, editors_draft)


@cell("link author profile", "revision recorded")
def test_link_records_a_revision_under_the_user(writer):
    writer.email = "wanda@example.com"
    writer.save()
    hers = make_author(name="Wanda Li", email="wanda@example.com")

    link_author_profile(writer, author=hers)

    version = Version.objects.get_for_object(hers).first()
    assert version.revision.user == writer
    assert version.field_dict["user_id"] == writer.pk


# A correction from a reader's error report


def correct_from_report(client, report, note="An earlier version gave the wrong year."):
    return client.post(
        reverse("admin:articles_errorreport_correction", args=[report.pk]),
        {"kind": "correction", "note": note},
    )


@cell("correction from a reader's report", "permission")
def test_report_correction_needs_the_right_to_change_the_story(client, writer):
    live = theirs(make_article(), writer)
    client.force_login(writer)

    assert correct_from_report(client, make_error_report(article=live)).status_code == 403
    assert not live.corrections.exists()


@cell("correction from a reader's report", "version check")
def test_report_correction_makes_a_form_opened_before_it_stale(client, editor):
    live = make_article()
    client.force_login(editor)
    stale = change_form_data(client, live)
    correct_from_report(client, make_error_report(article=live))

    assert a_stale_form_is_refused(client, live, stale)


@cell("correction from a reader's report", "revision recorded")
def test_report_correction_records_a_revision(client, editor):
    live = make_article()
    client.force_login(editor)

    correct_from_report(client, make_error_report(article=live))

    newest = recorded(live)[0]
    assert newest.revision.user == editor
    assert "error report" in newest.revision.comment


@cell("correction from a reader's report", "cache retired")
def test_report_correction_shows_on_the_next_request(client, editor):
    live = make_article()
    client.get(live.get_absolute_url())
    client.force_login(editor)

    correct_from_report(client, make_error_report(article=live), note="The year was 1989.")

    assert shows(client, live.get_absolute_url(), "The year was 1989.")


# The front page's arrangement

FRONT_PAGE = reverse("admin:articles_frontpageplacement_changelist")


@cell("front page", "permission")
def test_front_page_a_writer_cannot_place_a_story(client, writer):
    story = make_article()
    client.force_login(writer)

    response = client.post(FRONT_PAGE, {"story": [story.pk], "move": "save"})

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        workflow.arrange_front_page(stories=[story], sections=[], user=writer)


@cell("front page", "cache retired")
def test_front_page_a_new_lead_shows_on_the_next_request(client, editor):
    make_article(headline="Newest story")
    older = make_article(headline="Placed story", published_at=timezone.now() - timedelta(days=2))
    home = reverse("articles:home")
    assert client.get(home).context["front"].lead.headline == "Newest story"
    client.force_login(editor)

    client.post(FRONT_PAGE, {"move": "add", "add": older.pk})
    client.logout()

    assert client.get(home).context["front"].lead.headline == "Placed story"
