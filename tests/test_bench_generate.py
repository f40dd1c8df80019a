"""bench/generate.py writes an archive the site serves like one made through the ORM."""

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, Byline, Citation, Correction
from tests.factories import make_article

ARTICLES = 40


@pytest.fixture(scope="module")
def bench_generate(bench_script):
    return bench_script("generate")


# VACUUM, which the generator runs on PostgreSQL, cannot run inside a test's transaction.
@pytest.fixture
def archive(bench_generate, transactional_db):
    bench_generate.generate(articles=ARTICLES, verbosity=0)


def test_every_article_is_published_with_its_bylines_and_sources_in_order(archive):
    articles = list(Article.objects.published().prefetch_related("bylines", "citations"))
    assert len(articles) == ARTICLES
    for article in articles:
        positions = [byline.position for byline in article.bylines.all()]
        assert positions == list(range(len(positions))) and 1 <= len(positions) <= 3
        positions = [citation.position for citation in article.citations.all()]
        assert positions == list(range(len(positions))) and 1 <= len(positions) <= 4
        assert article.body_html.startswith("<p>Template ")
        assert article.published_at < timezone.now()
        assert article.search_text  # The names of its authors and sources, for search.
    assert Byline.objects.count() >= ARTICLES and Citation.objects.count() >= ARTICLES


def test_columns_left_to_their_defaults_get_them_row_by_row(archive):
    article = Article.objects.get(slug="story-0")
    assert article.status == Article.Status.PUBLISHED
    assert article.version == 1 and article.created_at and article.updated_at
    # A callable default is called for every row: each story has its own preview token.
    tokens = set(Article.objects.values_list("preview_token", flat=True))
    assert len(tokens) == ARTICLES and "" not in tokens
    for correction in Correction.objects.all():
        assert correction.published_at <= timezone.now()


def test_articles_saved_afterwards_are_numbered_after_the_archive(archive):
    # The archive's ids were given by the generator, not the database's sequence: without
    # moving the sequence past them, PostgreSQL would hand out id 1 again. (SQLite never
    # numbers below the largest id it has seen, which an earlier test may have raised.)
    article = make_article(headline="Written after the archive")
    assert article.pk > ARTICLES


def test_the_archive_is_served(archive, client):
    article = Article.objects.get(slug="story-3")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline in response.content.decode()
    assert "Story 0 of the archive." in client.get("/").content.decode()


def test_the_bench_searches_find_a_word_in_one_article_and_one_in_every_other(
    bench_generate, archive
):
    rare = Article.objects.filter(summary__contains=bench_generate.RARE_WORD)
    common = Article.objects.filter(dek__contains=bench_generate.COMMON_WORD)

    assert [article.slug for article in rare] == [f"story-{ARTICLES // 3}"]
    assert common.count() == ARTICLES // 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL's")
def test_search_finds_the_archive_on_postgresql(archive):
    assert Article.objects.filter(search_vector__isnull=True).count() == 0
    assert Article.objects.ranked_matches("archive")
