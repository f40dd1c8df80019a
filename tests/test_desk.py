"""The desk at the admin's front door, and the article list it leads into."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_member,
    make_user,
)
from tests.test_workflow import change_form_data, change_url

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")
CHANGELIST = reverse("admin:articles_article_changelist")


def panel(response, name):
    return response.context["desk_panels"][name]


def listed(client, link):
    """The articles the filtered list behind a desk link shows."""
    response = client.get(link)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_your_drafts_are_those_you_created_or_that_carry_your_byline(client, writer):
    mine = make_article(status=Article.Status.DRAFT, created_by=writer)
    bylined = make_article(
        status=Article.Status.DRAFT, authors=[make_author(name="Wanda Li", user=writer)]
    )
    make_article(status=Article.Status.DRAFT)  # a colleague's
    make_article(created_by=writer)  # published, not a draft
    client.force_login(writer)

    response = client.get(DESK)

    drafts = panel(response, "drafts")
    assert set(drafts["rows"]) == {mine, bylined}
    assert listed(client, drafts["link"]) == {mine, bylined}


def test_waiting_for_review_says_who_sent_it_and_when(client, writer, editor):
    writer.first_name, writer.last_name = "Wanda", "Li"
    writer.save()
    draft = make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)
    client.post(change_url(draft), change_form_data(client, draft, status="review"))
    draft.refresh_from_db()
    assert draft.submitted_for_review_by == writer
    client.force_login(editor)

    response = client.get(DESK)

    assert panel(response, "review")["rows"] == [draft]
    content = response.content.decode()
    assert "sent by Wanda Li" in content
    assert listed(client, panel(response, "review")["link"]) == {draft}


def test_scheduled_times_are_in_the_newsrooms_time_zone(client, editor, settings):
    settings.TIME_ZONE = "America/New_York"
    when = timezone.now().replace(microsecond=0) + timedelta(days=2)
    scheduled = make_article(headline="Bridge reopens", published_at=when)
    make_article(headline="Already out")
    client.force_login(editor)

    response = client.get(DESK)

    assert panel(response, "scheduled")["rows"] == [scheduled]
    local = timezone.localtime(when, timezone.get_default_timezone())
    assert f"{local:%H:%M} E" in response.content.decode()  # EST or EDT
    assert listed(client, panel(response, "scheduled")["link"]) == {scheduled}


def test_embargoed_and_published_today(client, editor):
    embargoed = make_article(
        status=Article.Status.DRAFT, embargo_until=timezone.now() + timedelta(hours=5)
    )
    make_article(status=Article.Status.DRAFT, embargo_until=timezone.now() - timedelta(hours=1))
    today = make_article(published_at=timezone.now() - timedelta(seconds=1))
    make_article(published_at=timezone.now() - timedelta(days=3))
    client.force_login(editor)

    response = client.get(DESK)

    assert panel(response, "embargoed")["rows"] == [embargoed]
    assert listed(client, panel(response, "embargoed")["link"]) == {embargoed}
    assert panel(response, "today")["rows"] == [today]
    assert today in listed(client, panel(response, "today")["link"])


def test_stories_with_vague_or_uncited_claims(client, editor):
    vague = make_article(status=Article.Status.DRAFT, body="Analysts suggest a deal is near.")
    make_article(status=Article.Status.DRAFT, body="The port opened at dawn.")
    make_article(status=Article.Status.ARCHIVED, body="Analysts suggest a deal is near.")
    client.force_login(editor)

    response = client.get(DESK)

    assert panel(response, "claims")["rows"] == [vague]
    assert "1 vague" in response.content.decode()
    assert vague in listed(client, panel(response, "claims")["link"])


def test_latest_corrections_lead_to_the_corrected_stories(client, editor):
    corrected = make_article()
    correction = make_correction(article=corrected, note="The mayor's name was misspelt.")
    make_correction(
        article=make_article(), published_at=timezone.now() - timedelta(days=30)
    )  # an old one: listed, but not in "the last 7 days"
    client.force_login(editor)

    response = client.get(DESK)

    assert panel(response, "corrections")["rows"][0] == correction
    assert "The mayor&#x27;s name was misspelt." in response.content.decode()
    assert listed(client, panel(response, "corrections")["link"]) == {corrected}


def test_the_desk_is_empty_for_staff_who_may_not_see_articles(client):
    client.force_login(make_user(is_staff=True))

    response = client.get(DESK)

    assert response.status_code == 200
    assert "desk_panels" not in response.context


def test_the_desk_runs_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    for index in range(30):
        make_article(
            status=[Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.PUBLISHED][
                index % 3
            ],
            created_by=editor,
            embargo_until=timezone.now() + timedelta(hours=index + 1) if index % 5 == 0 else None,
            body="Analysts suggest a deal is near.",
        )
        make_correction(article=Article.objects.latest("pk"))
    client.force_login(editor)
    client.get(DESK)  # the sourcing summaries are cached from here on

    # Session, user, permissions, one per panel (and the claims' candidates and citations),
    # the app list: none of it grows with the number of stories.
    with django_assert_max_num_queries(16):
        response = client.get(DESK)

    assert response.status_code == 200


def test_the_list_shows_drafts_and_reviews_first(admin_client):
    published = make_article(published_at=timezone.now() - timedelta(hours=1))
    review = make_article(status=Article.Status.IN_REVIEW)
    draft = make_article(status=Article.Status.DRAFT)
    archived = make_article(status=Article.Status.ARCHIVED, published_at=timezone.now())
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))

    rows = list(admin_client.get(CHANGELIST).context["cl"].result_list)

    assert rows[:2] == [draft, review]  # the most recently touched first
    assert set(rows[2:]) == {published, archived, scheduled}


def test_the_scheduled_filter_keeps_live_stories_apart(admin_client):
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    live = make_article()

    assert listed(admin_client, f"{CHANGELIST}?status=scheduled") == {scheduled}
    assert listed(admin_client, f"{CHANGELIST}?status=published") == {live}


def test_a_writer_edits_a_colleagues_draft_that_carries_her_byline(client, writer):
    colleague = make_member("Writer")
    author = make_author(user=writer)
    shared = make_article(status=Article.Status.DRAFT, created_by=colleague, authors=[author])
    other = make_article(status=Article.Status.DRAFT, created_by=colleague)
    client.force_login(writer)

    response = client.post(change_url(shared), change_form_data(client, shared, dek="Hers too"))

    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.dek == "Hers too"
    assert client.post(change_url(other), {"dek": "Not hers"}).status_code == 403
