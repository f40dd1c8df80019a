"""Pages readers reach from elsewhere: a story's old addresses, and the corrections log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction, SlugRedirect
from tests.factories import make_article, make_correction, make_unpublished_article

pytestmark = pytest.mark.django_db

CORRECTIONS = reverse("articles:corrections")


def rename(article, slug):
    article.slug = slug
    article.save()


def test_renaming_a_published_article_records_its_old_slug():
    article = make_article(slug="mayor-resigns")

    rename(article, "mayor-resigns-after-vote")

    assert SlugRedirect.objects.get(old_slug="mayor-resigns").article == article


def test_renaming_a_draft_records_no_redirect():
    article = make_unpublished_article(kind="draft", slug="first-try")

    rename(article, "second-try")

    assert not SlugRedirect.objects.exists()


def test_saving_without_renaming_records_no_redirect():
    article = make_article(slug="unchanged")

    article.headline = "A better headline"
    article.save()

    assert not SlugRedirect.objects.exists()


def test_old_address_redirects_permanently_to_the_new_one(client):
    article = make_article(slug="mayor-resigns")
    rename(article, "mayor-resigns-after-vote")

    response = client.get(reverse("articles:article-detail", kwargs={"slug": "mayor-resigns"}))

    assert response.status_code == 301
    assert response["Location"] == "/articles/mayor-resigns-after-vote/"


def test_every_earlier_address_in_a_chain_leads_to_the_latest(client):
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "c")

    for old in ("a", "b"):
        response = client.get(reverse("articles:article-detail", kwargs={"slug": old}))
        assert (response.status_code, response["Location"]) == (301, "/articles/c/")


def test_an_article_that_takes_an_old_slug_wins_over_the_redirect(client):
    moved = make_article(slug="storm-warning")
    rename(moved, "storm-warning-lifted")
    make_article(slug="storm-warning", headline="A new storm warning")

    response = client.get(reverse("articles:article-detail", kwargs={"slug": "storm-warning"}))

    assert response.status_code == 200
    assert response.context["article"].headline == "A new storm warning"


def test_old_address_of_an_article_since_unpublished_is_a_404(client):
    article = make_article(slug="old")
    rename(article, "new")
    article.status = article.Status.DRAFT
    article.save()

    response = client.get(reverse("articles:article-detail", kwargs={"slug": "old"}))

    assert response.status_code == 404


def test_unknown_slug_is_still_a_404(client):
    response = client.get(reverse("articles:article-detail", kwargs={"slug": "never-was"}))

    assert response.status_code == 404


def test_renaming_back_to_an_old_slug_serves_the_article_there(client):
    article = make_article(slug="first")
    rename(article, "second")
    rename(article, "first")

    assert client.get("/articles/first/").status_code == 200
    assert client.get("/articles/second/")["Location"] == "/articles/first/"


def test_corrections_page_lists_published_corrections_newest_first(client):
    article = make_article(headline="Bridge reopens")
    now = timezone.now()
    older = make_correction(
        article=article, note="The bridge is 40 m long.", published_at=now - timedelta(days=2)
    )
    newer = make_correction(
        article=article,
        note="The mayor's name was misspelt.",
        kind=Correction.Kind.CLARIFICATION,
        published_at=now - timedelta(hours=1),
    )

    response = client.get(CORRECTIONS)

    assert response.status_code == 200
    assert list(response.context["page"]) == [newer, older]
    content = response.content.decode()
    assert "Clarification" in content
    assert "The mayor&#x27;s name was misspelt." in content
    assert f'href="/articles/{article.slug}/#correction-{newer.pk}"' in content
    assert "Bridge reopens" in content


def test_corrections_page_leaves_out_corrections_of_unpublished_articles(client):
    for kind in ("draft", "review", "archived", "scheduled"):
        make_correction(article=make_unpublished_article(kind=kind), note=f"Hidden {kind}")
    make_correction(article=make_article(), note="Shown")

    response = client.get(CORRECTIONS)

    assert [correction.note for correction in response.context["page"]] == ["Shown"]
    assert b"Hidden" not in response.content


def test_corrections_page_leaves_out_corrections_not_yet_published(client):
    article = make_article()
    make_correction(
        article=article, note="Not yet", published_at=timezone.now() + timedelta(hours=1)
    )

    response = client.get(CORRECTIONS)

    assert list(response.context["page"]) == []
    assert b"No corrections have been published." in response.content


def test_corrections_page_is_paginated(client):
    article = make_article()
    for number in range(25):
        make_correction(
            article=article,
            note=f"Note {number}",
            published_at=timezone.now() - timedelta(minutes=number + 1),
        )

    first = client.get(CORRECTIONS)
    second = client.get(CORRECTIONS, {"page": 2})

    assert len(first.context["page"]) == 20
    assert [c.note for c in second.context["page"]] == [f"Note {n}" for n in range(20, 25)]


def test_corrections_page_with_a_nonsense_page_number_shows_the_first_page(client):
    make_correction(article=make_article(), note="Shown")

    response = client.get(CORRECTIONS, {"page": "lots"})

    assert response.status_code == 200
    assert [c.note for c in response.context["page"]] == ["Shown"]


def test_every_page_links_to_the_corrections_page(client):
    response = client.get(reverse("articles:home"))

    assert f'href="{CORRECTIONS}"'.encode() in response.content
