"""Readers' "Report an error": the form on every story, its limits under bad input and
floods, the desk's queue, and the correction a report turns into."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles import reader_reports
from articles.models import Article, Correction, ErrorReport
from tests.factories import make_article, make_error_report

pytestmark = pytest.mark.django_db

GOOD = {
    "message": "The story says the bridge opened in 1998; it opened in 1989.",
    "evidence_url": "https://example.org/bridge-history",
    "email": "reader@example.org",
}


@pytest.fixture
def story():
    return make_article(headline="Bridge reopens after repairs", slug="bridge-reopens")


def report_url(article):
    return reverse("articles:report-error", args=[article.slug])


def send(client, article, *, address="127.0.0.1", **fields):
    return client.post(report_url(article), {**GOOD, **fields}, REMOTE_ADDR=address)


# --- The form ------------------------------------------------------------------------


def test_every_story_has_a_report_form_that_posts_without_javascript(client, story):
    response = client.get(story.get_absolute_url())

    assertContains(response, f'action="{report_url(story)}" method="post"')
    assertContains(response, 'name="message"')
    assertContains(response, 'name="website"')  # The honeypot.


def test_a_report_reaches_the_desk_and_the_reader_is_thanked(client, story):
    response = send(client, story)

    assert response.status_code == 303
    assert response["Location"] == f"{report_url(story)}?sent=1"
    report = ErrorReport.objects.get()
    assert (report.article, report.status) == (story, ErrorReport.Status.NEW)
    assert report.message == GOOD["message"]
    assert report.email == GOOD["email"]
    assertContains(client.get(response["Location"]), "your report has reached the editors")


def test_the_senders_address_is_not_kept(client, story):
    send(client, story, address="203.0.113.9")

    assert "203.0.113.9" not in ErrorReport.objects.get().sender


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"message": ""}, "message"),
        ({"message": "   \n  "}, "message"),
        ({"message": "wrong"}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({"message": "The date is wrong\x00 here."}, "message"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"evidence_url": "https://example.org/" + "a" * 500}, "evidence_url"),
        ({"email": "not an address"}, "email"),
    ],
)
def test_bad_input_is_a_400_that_says_what_is_wrong_and_stores_nothing(
    client, story, fields, field
):
    response = send(client, story, **fields)

    assert response.status_code == 400
    assertContains(response, f'id="report-{field}-error"', status_code=400)
    assertContains(response, "Your report was not sent", status_code=400)
    assert not ErrorReport.objects.exists()


def test_a_post_with_no_fields_at_all_is_a_400_that_asks_what_is_wrong(client, story):
    response = client.post(report_url(story))

    assertContains(response, "Tell us what is wrong in the story.", status_code=400)
    assert not ErrorReport.objects.exists()


def test_html_in_a_report_is_kept_as_text_and_never_rendered(client, admin_client, story):
    message = '<script>alert("x")</script> The <b>date</b> is wrong.'
    send(client, story, message=message)
    report = ErrorReport.objects.get()
    assert report.message == message

    response = admin_client.get(reverse("admin:articles_errorreport_change", args=[report.pk]))

    assertNotContains(response, '<script>alert("x")</script>')
    assertContains(response, "&lt;script&gt;")


def test_a_huge_request_body_is_refused_not_a_500(client, story, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = client.post(report_url(story), {**GOOD, "message": "x" * 20_000})

    assert response.status_code == 400
    assert not ErrorReport.objects.exists()


def test_the_honeypot_pretends_to_accept_and_stores_nothing(client, story):
    response = send(client, story, website="http://spam.example/")

    assert response.status_code == 303
    assert not ErrorReport.objects.exists()


def test_one_sender_is_limited_per_hour(client, story):
    for _ in range(reader_reports.REPORTS_PER_SENDER_PER_HOUR):
        assert send(client, story).status_code == 303

    response = send(client, story)

    assert response.status_code == 429
    assertContains(response, "too many reports", status_code=429)
    assert ErrorReport.objects.count() == reader_reports.REPORTS_PER_SENDER_PER_HOUR


def test_another_sender_is_not_held_back_by_a_flooder(client, story):
    for _ in range(reader_reports.REPORTS_PER_SENDER_PER_HOUR + 2):
        send(client, story, address="198.51.100.1")

    assert send(client, story, address="198.51.100.2").status_code == 303


def test_a_flood_from_many_addresses_is_capped_site_wide(client, story, monkeypatch):
    monkeypatch.setattr(reader_reports, "REPORTS_PER_HOUR", 3)
    for number in range(3):
        assert send(client, story, address=f"198.51.100.{number}").status_code == 303

    assert send(client, story, address="198.51.100.99").status_code == 429
    assert ErrorReport.objects.count() == 3


def test_the_limit_counts_only_the_last_hour(client, story):
    for _ in range(reader_reports.REPORTS_PER_SENDER_PER_HOUR):
        send(client, story)
    ErrorReport.objects.update(created_at=timezone.now() - timedelta(hours=2))

    assert send(client, story).status_code == 303


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED]
)
def test_no_report_form_for_a_story_readers_cannot_see(client, status):
    hidden = make_article(status=status)

    assert client.get(report_url(hidden)).status_code == 404
    assert send(client, hidden).status_code == 404
    assert not ErrorReport.objects.exists()


def test_a_scheduled_story_takes_no_reports_before_it_goes_out(client):
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=2))

    assert send(client, scheduled).status_code == 404


def test_other_methods_are_refused(client, story):
    assert client.put(report_url(story)).status_code == 405


# --- The desk's queue --------------------------------------------------------------


def test_the_dashboard_links_the_new_reports(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assertContains(
        response, f"{reverse('admin:articles_errorreport_changelist')}?status__exact=new"
    )


def test_the_queue_lists_reports_with_their_story_and_status(admin_client, story):
    make_error_report(article=story, message="The mayor's name is Jansen, not Janssen.")

    response = admin_client.get(
        reverse("admin:articles_errorreport_changelist") + "?status__exact=new"
    )

    assertContains(response, "Bridge reopens after repairs")
    assertContains(response, "Jansen, not Janssen")


def test_settling_a_report_as_no_change_tells_the_reader_once(
    admin_client, story, django_capture_on_commit_callbacks
):
    report = make_error_report(article=story, email="reader@example.org")
    url = reverse("admin:articles_errorreport_change", args=[report.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"status": ErrorReport.Status.NO_CHANGE})
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"status": ErrorReport.Status.NO_CHANGE})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.NO_CHANGE
    assert report.reader_told_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.org"]
    assert "stands as published" in mail.outbox[0].body
    assert "http://testserver/articles/bridge-reopens/" in mail.outbox[0].body


def test_a_mail_server_that_fails_leaves_the_report_settled_and_the_reader_untold(
    admin_client, story, django_capture_on_commit_callbacks, settings, monkeypatch
):
    report = make_error_report(article=story, email="reader@example.org")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(reader_reports, "send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_errorreport_change", args=[report.pk]),
            {"status": ErrorReport.Status.NO_CHANGE},
        )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.NO_CHANGE
    assert report.reader_told_at is None


def test_a_storys_change_form_links_its_own_queue(admin_client, story):
    make_error_report(article=story, message="The bridge is in Ghent.")
    make_error_report(article=make_article(), message="Another story's report.")

    change = admin_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    queue = f"{reverse('admin:articles_errorreport_changelist')}?article__id__exact={story.pk}"
    assertContains(change, queue.replace("&", "&amp;"))
    response = admin_client.get(queue)

    assertContains(response, "The bridge is in Ghent.")
    assertNotContains(response, "Another story's report.")


def test_checking_tells_the_reader_nothing_yet(
    admin_client, story, django_capture_on_commit_callbacks
):
    report = make_error_report(article=story, email="reader@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:articles_errorreport_change", args=[report.pk]),
            {"status": ErrorReport.Status.CHECKING},
        )

    assert mail.outbox == []


def test_a_writer_may_read_the_queue_but_not_settle_reports(client, writer, story):
    report = make_error_report(article=story)
    client.force_login(writer)
    url = reverse("admin:articles_errorreport_change", args=[report.pk])

    assert client.get(url).status_code == 200
    client.post(url, {"status": ErrorReport.Status.NO_CHANGE})

    report.refresh_from_db()
    assert report.status == ErrorReport.Status.NEW


def test_nobody_adds_reports_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:articles_errorreport_add")).status_code == 403


# --- From report to correction -------------------------------------------------------


def correction_url(report):
    return reverse("admin:articles_errorreport_correction", args=[report.pk])


def test_the_correction_form_is_prefilled_from_the_report(client, editor, story):
    report = make_error_report(article=story, message="It opened in 1989, not 1998.")
    client.force_login(editor)

    response = client.get(correction_url(report))

    assert response.status_code == 200
    assert response.context["form"].initial["note"] == "It opened in 1989, not 1998."
    assertContains(response, "It opened in 1989, not 1998.</textarea>")


def test_a_correction_from_a_report_is_published_and_the_reader_told(
    client, editor, story, django_capture_on_commit_callbacks
):
    report = make_error_report(article=story, email="reader@example.org")
    client.force_login(editor)
    note = "An earlier version gave the wrong year for the bridge's opening: 1989."

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(correction_url(report), {"kind": "correction", "note": note})

    assert response.status_code == 302
    report.refresh_from_db()
    correction = Correction.objects.get(article=story)
    assert (report.status, report.correction, report.handled_by) == (
        ErrorReport.Status.CORRECTED,
        correction,
        editor,
    )
    story.refresh_from_db()
    assert story.content_updated_at is not None
    assert len(mail.outbox) == 1
    assert note in mail.outbox[0].body
    client.logout()
    assertContains(client.get(story.get_absolute_url()), note)


def test_an_empty_correction_is_refused_and_changes_nothing(client, editor, story):
    report = make_error_report(article=story)
    client.force_login(editor)

    response = client.post(correction_url(report), {"kind": "correction", "note": ""})

    assert response.status_code == 200
    assert not Correction.objects.exists()
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.NEW


def test_a_writer_cannot_correct_a_live_story_from_a_report(client, writer, story):
    report = make_error_report(article=story)
    client.force_login(writer)

    response = client.post(correction_url(report), {"kind": "correction", "note": "Fixed."})

    assert response.status_code == 403
    assert not Correction.objects.exists()
