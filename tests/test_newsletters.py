"""Newsletters against a real SMTP server (aiosmtpd, tests/mail_server.py): subscribing with
double opt-in, one-click unsubscribe, breaking alerts and the daily digest, read back from
the server's inbox; jobs run with the worker's own code (run_queued_jobs)."""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from newsletters import alerts, digest, subscribing
from newsletters.jobs import send_alert, send_daily_digest
from newsletters.models import Delivery, Mailing, Subscriber
from tests.factories import (
    make_article,
    make_section,
    make_source,
    make_subscriber,
    run_queued_jobs,
)
from tests.mail_server import parts

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/[^\s\"<>]+)")


def subscribe(client, email="reader@example.com", **fields):
    data = {"email": email, "wants_digest": "on", "consent": "on", **fields}
    return client.post(reverse("newsletters:subscribe"), data)


def confirmation_path(message):
    text, _ = parts(message)
    return next(path for path in LINK.findall(text) if "/confirm/" in path)


def confirm(client, path):
    page = client.get(path)
    assert page.status_code == 200
    return client.post(path)


# Subscribing


def test_subscribing_stores_nothing_until_the_emailed_link_is_followed(
    client, smtp_server, site_url
):
    world = make_section(name="World")
    response = subscribe(client, alert_sections=[world.pk])

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletters:check-inbox")
    assert not Subscriber.objects.exists()
    [message] = smtp_server.inbox.to("reader@example.com")
    assert "Confirm" in message["Subject"]
    text, html = parts(message)
    assert "the daily digest and breaking alerts from World" in text
    path = confirmation_path(message)
    assert f'href="http://testserver{path}"' in html

    # Following the link shows a button; only the POST subscribes (mail scanners GET links).
    client.get(path)
    assert not Subscriber.objects.exists()
    assert confirm(client, path).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com"
    assert subscriber.wants_digest
    assert list(subscriber.alert_sections.all()) == [world]
    assert "may store my email address" in subscriber.consent


def test_the_answer_never_says_whether_an_address_is_subscribed(client, smtp_server, site_url):
    make_subscriber(email="known@example.com")
    known = subscribe(client, email="known@example.com")
    unknown = subscribe(client, email="new@example.com")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    # Both get the same confirmation; confirming again only updates the choices.
    assert len(smtp_server.inbox.to("known@example.com")) == 1
    assert len(smtp_server.inbox.to("new@example.com")) == 1


def test_confirming_again_updates_the_choices_of_the_same_reader(client, smtp_server, site_url):
    world = make_section(name="World")
    make_subscriber(email="Reader@Example.com", wants_digest=True)
    subscribe(client, email="reader@example.com", wants_digest="", alert_sections=[world.pk])
    confirm(client, confirmation_path(smtp_server.inbox.messages[-1]))
    subscriber = Subscriber.objects.get()
    assert not subscriber.wants_digest
    assert list(subscriber.alert_sections.all()) == [world]


def test_forged_section_ids_too_large_for_the_database_are_refused(client, smtp_server):
    for field in ("digest_sections", "alert_sections"):
        for forged in ("9223372036854775808", "9" * 30):
            response = subscribe(client, **{field: [forged]})
            assert response.status_code == 400
    assert smtp_server.inbox.messages == []


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address", "wants_digest": "on", "consent": "on"},
        {"email": "reader@example.com", "wants_digest": "on"},  # no consent
        {"email": "reader@example.com", "consent": "on"},  # nothing chosen
        {
            "email": "reader@example.com",
            "wants_digest": "on",
            "consent": "on",
            "alert_sections": "x",
        },
    ],
)
def test_bad_subscriptions_are_refused_with_nothing_sent(client, smtp_server, data):
    response = client.post(reverse("newsletters:subscribe"), data)
    assert response.status_code == 400
    assert b"subscribe-form" in response.content
    assert smtp_server.inbox.messages == []
    assert not Subscriber.objects.exists()


def test_the_subscribe_form_is_rate_limited_per_address(client, smtp_server, settings, site_url):
    settings.NEWSROOM_SUBSCRIBE_RATE_PER_HOUR = 2
    assert subscribe(client, email="a@example.com").status_code == 302
    assert subscribe(client, email="b@example.com").status_code == 302
    response = subscribe(client, email="c@example.com")
    assert response.status_code == 429
    assert smtp_server.inbox.to("c@example.com") == []


def test_a_mail_server_that_refuses_gets_a_clear_answer_and_nothing_is_stored(
    client, smtp_server, site_url
):
    smtp_server.inbox.refuse = True
    response = subscribe(client)
    assert response.status_code == 503
    assert not Subscriber.objects.exists()


def test_an_altered_or_expired_confirmation_link_subscribes_nobody(
    client, smtp_server, settings, site_url
):
    subscribe(client)
    path = confirmation_path(smtp_server.inbox.messages[-1])
    assert client.post(path[:-3] + "xx/").status_code == 400
    settings.NEWSROOM_CONFIRMATION_MAX_AGE = timedelta(seconds=-1)
    response = client.post(path)
    assert response.status_code == 400
    assert b"expired" in response.content
    assert not Subscriber.objects.exists()


def test_the_subscribe_form_sits_at_every_articles_foot_and_works_without_script(client):
    world = make_section(name="World")
    article = make_article(section=world)
    page = client.get(article.get_absolute_url()).content.decode()
    form = re.search(r'<form class="subscribe-form[^"]*" action="([^"]+)" method="post">', page)
    assert form and form[1] == reverse("newsletters:subscribe")
    assert f'name="alert_sections" value="{world.pk}"' in page
    assert 'name="consent"' in page
    own_page = client.get(reverse("newsletters:subscribe"))
    assert own_page.status_code == 200
    assert b"Breaking alerts from World" in own_page.content


def test_subscribers_appear_in_no_page_feed_or_api(client):
    make_subscriber(email="secret-reader@example.com")
    article = make_article()
    for url in [article.get_absolute_url(), "/", "/feed/", "/feed/atom/", "/api/articles"]:
        assert b"secret-reader" not in client.get(url).content


# Unsubscribing


def test_one_click_unsubscribe_needs_no_login_and_no_csrf_token(site_url):
    subscriber = make_subscriber(email="reader@example.com")
    path = urlsplit(subscribing_url(subscriber)).path
    client = Client(enforce_csrf_checks=True)
    # RFC 8058: the mail client POSTs this body to the List-Unsubscribe address.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    # Again, or after the row is gone: still a calm answer.
    assert client.post(path).status_code == 200


def test_the_unsubscribe_link_asks_before_it_unsubscribes(client, site_url):
    subscriber = make_subscriber(email="reader@example.com")
    page = client.get(urlsplit(subscribing_url(subscriber)).path)
    assert b"reader@example.com" in page.content
    assert Subscriber.objects.exists()


def test_a_forged_unsubscribe_link_unsubscribes_nobody(client):
    make_subscriber(email="reader@example.com")
    forged = signing.dumps({"id": 1, "email": "reader@example.com"}, salt="another-salt")
    client.post(reverse("newsletters:unsubscribe", args=[forged]))
    assert Subscriber.objects.exists()


def subscribing_url(subscriber):
    from newsletters.mail import unsubscribe_url

    return unsubscribe_url(subscriber)


# Breaking alerts


def alert_story(**fields):
    world = fields.pop("section", None) or make_section(name="World")
    source = make_source(name=fields.pop("source_name", "Ministry of Defence"))
    return make_article(
        headline="Ceasefire agreed",
        dek="Both sides sign at dawn.",
        summary="The agreement takes effect at noon.",
        backstory="Our correspondent was in the room.",
        section=world,
        sources=[source],
        **fields,
    )


def test_an_alert_reaches_each_reader_of_the_section_once_with_both_parts_and_headers(
    client, editor, smtp_server, site_url
):
    article = alert_story()
    workflow_refresh(article)
    readers = [make_subscriber(sections=[article.section]) for _ in range(3)]
    make_subscriber(email="digest-only@example.com")

    alerts.queue_alert(article, user=editor)
    run_queued_jobs()

    assert sorted(address for [address] in smtp_server.inbox.recipients) == sorted(
        reader.email for reader in readers
    )
    message = smtp_server.inbox.to(readers[0].email)[0]
    assert message["Subject"] == "Breaking: Ceasefire agreed"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<(http://testserver/[^>]+)>", str(message["List-Unsubscribe"]).strip()
    )[1]
    text, html = parts(message)
    for body in (text, html):
        assert "Ceasefire agreed" in body
        assert "Both sides sign at dawn." in body
        assert "How we sourced this" in body
        assert "Ministry of Defence" in body
        assert "Our correspondent was in the room." in body
        assert unsubscribe in body
    # Every link is absolute and works.
    for path in set(LINK.findall(html)):
        if "/unsubscribe/" not in path:
            assert client.get(path).status_code == 200, path
    assert client.post(urlsplit(unsubscribe).path).status_code == 200
    assert not Subscriber.objects.filter(email=readers[0].email).exists()
    mailing = Mailing.objects.get()
    assert (mailing.status, mailing.sent_count) == (Mailing.Status.SENT, 3)


def workflow_refresh(article):
    """Derive the article's page parts (its sources), as an editorial save does."""
    type(article).objects.filter(pk=article.pk).refresh_derived()
    article.refresh_from_db()


def test_a_retried_send_never_mails_a_reader_twice(editor, smtp_server, site_url):
    article = alert_story()
    first, second, third = (make_subscriber(sections=[article.section]) for _ in range(3))
    mailing = Mailing.objects.create(kind=Mailing.Kind.ALERT, article=article)
    # A worker died after claiming `second` (perhaps after sending too): a retry skips them.
    Delivery.objects.create(mailing=mailing, subscriber=first, sent_at=timezone.now())
    Delivery.objects.create(mailing=mailing, subscriber=second)

    send_alert.enqueue(mailing.pk)
    send_alert.enqueue(mailing.pk)  # and a second job for the same send
    run_queued_jobs()

    assert smtp_server.inbox.recipients == [[third.email]]


def test_an_smtp_failure_mid_send_is_retried_from_where_it_stopped(editor, smtp_server, site_url):
    article = alert_story()
    readers = [make_subscriber(sections=[article.section]) for _ in range(2)]
    smtp_server.inbox.refuse = True
    mailing = alerts.queue_alert(article, user=editor)
    run_queued_jobs()
    assert smtp_server.inbox.messages == []
    # The first reader was claimed before the refusal: at most once means they miss it.
    retry = Mailing.objects.get(pk=mailing.pk)
    assert retry.status == Mailing.Status.SENDING
    smtp_server.inbox.refuse = False
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_queued_jobs()
    assert smtp_server.inbox.recipients == [[readers[1].email]]


def test_an_alert_for_a_story_unpublished_before_its_job_runs_sends_nothing(
    editor, smtp_server, site_url
):
    article = alert_story()
    make_subscriber(sections=[article.section])
    mailing = alerts.queue_alert(article, user=editor)
    workflow.unpublish_articles([article], user=editor)
    run_queued_jobs()
    assert smtp_server.inbox.messages == []
    assert Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.CANCELLED


def test_an_alert_for_a_scheduled_story_waits_for_its_time(editor, smtp_server, site_url):
    article = alert_story(published_at=timezone.now() + timedelta(hours=2))
    make_subscriber(sections=[article.section])
    alerts.queue_alert(article, user=editor)
    run_queued_jobs()
    assert smtp_server.inbox.messages == []
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.get(task_path="newsletters.jobs.send_alert")
    assert waiting.run_after == article.published_at


def test_only_editors_send_alerts_and_only_about_published_stories(writer, editor):
    article = alert_story()
    with pytest.raises(alerts.PermissionDenied):
        alerts.queue_alert(article, user=writer)
    draft = alert_story(
        status="draft", slug="draft-story", section=article.section, source_name="Another"
    )
    with pytest.raises(alerts.AlertRefused):
        alerts.queue_alert(draft, user=editor)
    alerts.queue_alert(article, user=editor)
    with pytest.raises(alerts.AlertRefused):
        alerts.queue_alert(article, user=editor)  # twice


def test_the_alert_page_previews_tests_and_sends(client, smtp_server, site_url):
    from tests.factories import make_member

    editor = make_member("Editor", email="desk@example.com")
    client.force_login(editor)
    article = alert_story()
    make_subscriber(sections=[article.section])
    page_url = reverse("admin:newsletters_mailing_alert", args=[article.pk])

    page = client.get(page_url)
    assert page.status_code == 200
    assert b"Send to 1 reader" in page.content
    preview = client.get(reverse("admin:newsletters_mailing_alert_preview", args=[article.pk]))
    assert b"Ceasefire agreed" in preview.content
    assert "'unsafe-inline'" in preview["Content-Security-Policy"]
    assert "script" not in preview["Content-Security-Policy"]

    client.post(page_url, {"send_test": "1"})
    assert smtp_server.inbox.recipients == [["desk@example.com"]]
    assert client.post(page_url, {"send": "1"}).status_code == 302
    run_queued_jobs()
    assert len(smtp_server.inbox.messages) == 2


def test_writers_cannot_reach_the_alert_page(client, writer):
    client.force_login(writer)
    article = alert_story()
    response = client.get(reverse("admin:newsletters_mailing_alert", args=[article.pk]))
    assert response.status_code in (302, 403)
    assert not Mailing.objects.exists()
    response = client.get(reverse("admin:newsletters_mailing_alert_preview", args=[article.pk]))
    assert response.status_code == 403


# The daily digest


def test_the_digest_carries_the_days_stories_to_digest_readers_once(
    client, smtp_server, settings, site_url
):
    settings.NEWSROOM_DIGEST_TIME = "07:00"
    day = timezone.localdate() - timedelta(days=1)
    moment = digest.digest_moment(day)
    make_article(headline="Early story", published_at=moment - timedelta(hours=20))
    make_article(headline="Late story", published_at=moment - timedelta(hours=1))
    make_article(headline="Old story", published_at=moment - timedelta(hours=30))
    make_article(headline="Next day story", published_at=moment + timedelta(minutes=5))
    reader = make_subscriber(wants_digest=True)
    make_subscriber(wants_digest=False, sections=[make_section()])

    send_daily_digest.enqueue(day.isoformat())
    send_daily_digest.enqueue(day.isoformat())
    run_queued_jobs()

    [message] = smtp_server.inbox.messages
    assert message["To"] == reader.email
    assert "List-Unsubscribe" in message
    text, html = parts(message)
    assert text.index("Early story") < text.index("Late story")
    for body in (text, html):
        assert "Old story" not in body
        assert "Next day story" not in body
    assert Mailing.objects.get().status == Mailing.Status.SENT


def test_each_reader_gets_the_digest_of_the_sections_they_chose(
    client, smtp_server, settings, site_url
):
    settings.NEWSROOM_DIGEST_TIME = "07:00"
    day = timezone.localdate() - timedelta(days=1)
    moment = digest.digest_moment(day)
    world, business, sport = (make_section(name=name) for name in ("World", "Business", "Sport"))
    make_article(headline="Talks resume", section=world, published_at=moment - timedelta(hours=3))
    make_article(headline="Rates hold", section=business, published_at=moment - timedelta(hours=2))
    make_article(headline="Unfiled note", published_at=moment - timedelta(hours=1))
    everything = make_subscriber(email="all@example.com")
    world_only = make_subscriber(email="world@example.com", digest_sections=[world])
    make_subscriber(email="sport@example.com", digest_sections=[sport])

    send_daily_digest.enqueue(day.isoformat())
    run_queued_jobs()

    text_of = {message["To"]: parts(message)[0] for message in smtp_server.inbox.messages}
    assert set(text_of) == {everything.email, world_only.email}  # no empty digest for sport
    assert all(h in text_of[everything.email] for h in ("Talks resume", "Rates hold", "Unfiled"))
    assert "Talks resume" in text_of[world_only.email]
    assert "Rates hold" not in text_of[world_only.email]
    assert "Unfiled note" not in text_of[world_only.email]
    # Only the readers mailed are recorded as having had it.
    mailing = Mailing.objects.get()
    assert mailing.sent_count == 2
    assert not mailing.deliveries.filter(subscriber__email="sport@example.com").exists()


def test_readers_choose_the_digests_sections_when_they_subscribe(client, smtp_server, site_url):
    world, business = make_section(name="World"), make_section(name="Business")
    form = client.get(reverse("newsletters:subscribe")).content.decode()
    assert f'name="digest_sections" value="{world.pk}"' in form
    assert f'name="alert_sections" value="{business.pk}"' in form

    subscribe(client, digest_sections=[world.pk], alert_sections=[business.pk])

    [message] = smtp_server.inbox.messages
    assert "the daily digest (World only) and breaking alerts from Business" in parts(message)[0]
    page = confirm(client, confirmation_path(message)).content.decode()
    assert "the daily digest of World and breaking alerts from Business" in " ".join(page.split())
    subscriber = Subscriber.objects.get()
    assert list(subscriber.digest_sections.all()) == [world]
    assert subscriber.personal_data()["digest_sections"] == ["World"]


def test_a_deleted_section_never_widens_a_readers_choices():
    world, temp = make_section(name="World"), make_section(name="Temp")
    only_temp = make_subscriber(email="only-temp@example.com", digest_sections=[temp])
    temp_and_world = make_subscriber(email="both@example.com", digest_sections=[temp, world])
    temp_alerts = make_subscriber(email="alerts@example.com", wants_digest=False, sections=[temp])
    digest_and_temp_alerts = make_subscriber(email="all@example.com", sections=[temp, world])
    digest_of_temp_alerts_of_world = make_subscriber(
        email="mixed@example.com", digest_sections=[temp], sections=[world]
    )

    temp.delete()

    # Nothing left to send them: forgotten, rather than sent every section.
    assert not Subscriber.objects.filter(pk__in=[only_temp.pk, temp_alerts.pk]).exists()
    assert list(Subscriber.objects.get(pk=temp_and_world.pk).digest_sections.all()) == [world]
    mixed = Subscriber.objects.get(pk=digest_of_temp_alerts_of_world.pk)
    assert not mixed.wants_digest
    assert list(mixed.alert_sections.all()) == [world]
    kept = Subscriber.objects.get(pk=digest_and_temp_alerts.pk)
    assert kept.wants_digest
    assert list(kept.alert_sections.all()) == [world]


def test_confirming_after_the_chosen_sections_were_deleted(client, smtp_server, site_url):
    world, temp = make_section(name="World"), make_section(name="Temp")
    subscribe(client, email="gone@example.com", digest_sections=[temp.pk])
    subscribe(client, email="part@example.com", digest_sections=[temp.pk, world.pk])
    links = {message["To"]: confirmation_path(message) for message in smtp_server.inbox.messages}
    temp.delete()

    refused = client.post(links["gone@example.com"])
    assert refused.status_code == 400
    assert "no longer published" in refused.content.decode()
    assert confirm(client, links["part@example.com"]).status_code == 200
    [reader] = Subscriber.objects.all()
    assert reader.email == "part@example.com"
    assert list(reader.digest_sections.all()) == [world]


def test_a_digest_sent_early_never_carries_a_scheduled_story(smtp_server, site_url):
    day = digest.next_digest_day(timezone.now())
    make_article(headline="Live story", published_at=timezone.now() - timedelta(minutes=5))
    make_article(headline="Embargoed story", published_at=timezone.now() + timedelta(seconds=30))
    if digest.digest_moment(day) - timezone.now() < timedelta(minutes=1):
        pytest.skip("too close to the digest time")
    make_subscriber()
    send_daily_digest.enqueue(day.isoformat())
    run_queued_jobs()
    text, _ = parts(smtp_server.inbox.messages[0])
    assert "Live story" in text
    assert "Embargoed story" not in text


def test_next_digest_time_is_today_until_it_passes(settings):
    settings.NEWSROOM_DIGEST_TIME = "07:00"
    today = timezone.localdate()
    before = digest.digest_moment(today) - timedelta(minutes=1)
    after = digest.digest_moment(today) + timedelta(minutes=1)
    assert digest.next_digest_time(before) == digest.digest_moment(today)
    assert digest.next_digest_time(after) == digest.digest_moment(today + timedelta(days=1))
    assert digest.day_due(after) == today


# Readers' data in the admin


def test_an_admin_exports_and_deletes_one_readers_data(admin_client):
    world = make_section(name="World")
    reader = make_subscriber(email="reader@example.com", sections=[world])
    other = make_subscriber(email="other@example.com")
    changelist = reverse("admin:newsletters_subscriber_changelist")

    export = admin_client.post(
        changelist, {"action": "export_data", "_selected_action": [reader.pk]}
    )
    assert export["Content-Type"] == "application/json"
    [data] = json.loads(export.content)
    assert data["email"] == "reader@example.com"
    assert data["alert_sections"] == ["World"]
    assert "other@example.com" not in export.content.decode()

    admin_client.post(changelist, {"action": "forget", "_selected_action": [reader.pk]})
    assert list(Subscriber.objects.all()) == [other]


def test_editors_see_neither_readers_nor_their_actions(client, editor):
    client.force_login(editor)
    make_subscriber(email="reader@example.com")
    response = client.get(reverse("admin:newsletters_subscriber_changelist"))
    assert response.status_code == 403
    assert client.get(reverse("admin:newsletters_mailing_changelist")).status_code == 200


def test_nobody_adds_a_reader_by_hand(admin_client):
    assert admin_client.get(reverse("admin:newsletters_subscriber_add")).status_code == 403


def test_subscribing_rejects_a_confirmation_salted_for_unsubscribing():
    token = signing.dumps({"email": "x@example.com", "digest": True, "sections": []}, salt="x")
    with pytest.raises(subscribing.LinkInvalid):
        subscribing.confirm(token)


# Query ceilings


@pytest.mark.parametrize("sections", [1, 12])
def test_the_subscribe_page_costs_the_same_whatever_the_number_of_sections(
    client, django_assert_max_num_queries, sections
):
    for _ in range(sections):
        make_section()
    # What base.html draws (masthead sections, footer pages) and the form's sections.
    with django_assert_max_num_queries(4):
        assert client.get(reverse("newsletters:subscribe")).status_code == 200


@pytest.mark.parametrize("readers", [1, 30])
def test_the_alert_page_costs_the_same_whatever_the_number_of_readers(
    admin_client, django_assert_max_num_queries, readers
):
    article = alert_story()
    for _ in range(readers):
        make_subscriber(sections=[article.section])
    alerts_url = reverse("admin:newsletters_mailing_alert", args=[article.pk])
    with django_assert_max_num_queries(8):
        assert admin_client.get(alerts_url).status_code == 200


def test_links_in_mail_are_absolute_and_media_already_elsewhere_is_left_alone(settings):
    from newsletters.mail import absolute

    settings.NEWSROOM_SITE_URL = "https://news.example.com"
    assert absolute("/articles/x/") == "https://news.example.com/articles/x/"
    assert (
        absolute("https://cdn.example.net/heroes/a.jpg") == "https://cdn.example.net/heroes/a.jpg"
    )


def test_an_alert_shows_the_hero_picture_with_its_description(site_url):
    from newsletters.mail import alert_message

    article = alert_story()
    type(article).objects.filter(pk=article.pk).update(
        hero_image="heroes/ab/ab12cd-1600x900.jpg", hero_alt="Delegates sign the agreement"
    )
    article.refresh_from_db()
    _, html = parts_of(alert_message(article, to="reader@example.com"))
    assert '<img src="http://testserver/media/heroes/ab/ab12cd-1600x900.jpg"' in html
    assert 'alt="Delegates sign the agreement"' in html


def parts_of(message):
    """A composed (unsent) message's plain-text and HTML parts."""
    return message.body, message.alternatives[0][0]


def test_behind_a_proxy_the_rate_limit_counts_each_reader_apart(
    client, smtp_server, settings, site_url
):
    from functools import partial

    from newsroom.settings import forwarded_client_address

    settings.AXES_CLIENT_IP_CALLABLE = partial(forwarded_client_address, proxy_count=1)
    settings.NEWSROOM_SUBSCRIBE_RATE_PER_HOUR = 1
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    data = {"email": "a@example.com", "wants_digest": "on", "consent": "on"}
    url = reverse("newsletters:subscribe")
    assert client.post(url, data, **first).status_code == 302
    assert client.post(url, data, **second).status_code == 302
    assert client.post(url, data, **first).status_code == 429
