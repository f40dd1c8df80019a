from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from articles.search import (
    MAX_RESULTS,
    RESULTS_PER_PAGE,
    clean_query,
    highlight,
    query_terms,
    snippet,
)
from tests.factories import (
    UNPUBLISHED_KINDS,
    make_article,
    make_author,
    make_source,
    make_unpublished_article,
)

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search only"
)


def search(client, query, **params):
    return client.get(reverse("articles:search"), {"q": query, **params})


def found(response):
    return [article.headline for article in response.context["page"].object_list]


def test_empty_query_shows_the_form_and_no_results(client):
    make_article(headline="Anything at all")

    response = client.get(reverse("articles:search"))

    assert response.status_code == 200
    assert response.context["page"] is None
    assert b'name="q"' in response.content
    assert b"search-results" not in response.content


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "word " * 2_000,
        "!!! ??? ...",
        "Белоусов",
        '"unclosed quote -or',
        "null\x00byte",
        "<script>alert(1)</script>",
        "% _ \\",
    ],
    ids=[
        "empty",
        "blank",
        "10000-characters",
        "2000-words",
        "punctuation",
        "cyrillic",
        "websearch-syntax",
        "nul",
        "markup",
        "like-wildcards",
    ],
)
def test_unusual_queries_return_a_page(client, query):
    make_article(headline="Белоусов visits the front", body="Text with % and _ in it.")

    response = search(client, query)

    assert response.status_code == 200


def test_punctuation_only_query_finds_nothing(client):
    make_article(headline="Question time!!! ???")

    response = search(client, "!!! ??? ...")

    assert found(response) == []
    assert b"No published articles match" in response.content


@pytest.mark.parametrize(
    "fields",
    [
        {"headline": "Frigate launched in Sevastopol"},
        {"dek": "A frigate was launched this morning."},
        {"summary": "The navy's newest frigate goes to sea."},
        {"body": "Shipyard workers cheered as the frigate slid into the water."},
    ],
    ids=["headline", "dek", "summary", "body"],
)
def test_finds_a_word_in_each_text_field(client, fields):
    fields.setdefault("headline", "Navy news")
    make_article(**fields)
    make_article(headline="Unrelated story", body="Nothing about ships.")

    assert found(search(client, "frigate")) == [fields["headline"]]


def test_finds_an_article_by_author_name(client):
    reporter = make_author(name="Olena Marchenko")
    make_article(headline="Report from Kharkiv", authors=[reporter])
    make_article(headline="Someone else's report")

    assert found(search(client, "Marchenko")) == ["Report from Kharkiv"]


def test_finds_an_article_by_source_name_and_organisation(client):
    channel = make_source(name="Defence ministry channel", organisation="Ministry of Defence")
    make_article(headline="Strikes reported", sources=[channel])
    make_article(headline="Weather report")

    assert found(search(client, "channel")) == ["Strikes reported"]
    assert found(search(client, "Ministry")) == ["Strikes reported"]


def test_finds_a_cyrillic_name(client):
    make_article(headline="Белоусов inspects troops")

    assert found(search(client, "Белоусов")) == ["Белоусов inspects troops"]


def test_every_word_of_the_query_must_match(client):
    make_article(headline="Grain corridor reopens")
    make_article(headline="Grain prices fall")

    assert found(search(client, "grain corridor")) == ["Grain corridor reopens"]


@pytest.mark.parametrize("kind", UNPUBLISHED_KINDS)
def test_never_finds_unpublished_articles(client, kind):
    make_unpublished_article(kind=kind, headline="Secret frigate plans")
    make_article(headline="Public frigate news")

    assert found(search(client, "frigate")) == ["Public frigate news"]


def test_headline_matches_rank_above_body_matches(client):
    make_article(
        headline="Harbour reopens",
        body="The frigate left the harbour.",
        published_at=timezone.now() - timedelta(minutes=5),
    )
    make_article(
        headline="Frigate returns to port",
        body="Sailors came home.",
        published_at=timezone.now() - timedelta(days=3),
    )

    assert found(search(client, "frigate")) == ["Frigate returns to port", "Harbour reopens"]


def test_equal_matches_come_newest_first(client):
    make_article(headline="Frigate one", published_at=timezone.now() - timedelta(days=2))
    make_article(headline="Frigate two", published_at=timezone.now() - timedelta(hours=1))

    assert found(search(client, "frigate")) == ["Frigate two", "Frigate one"]


def test_results_highlight_the_matching_words(client):
    make_article(headline="Frigate launched", body="Crowds watched the frigate slide out.")

    response = search(client, "frigate")

    assert b"<mark>Frigate</mark> launched" in response.content
    assert b"watched the <mark>frigate</mark> slide out" in response.content


def test_results_escape_markup_in_article_text(client):
    make_article(headline="Frigate <b>bold</b> & co", summary="A <i>frigate</i> & friends")

    response = search(client, "frigate")

    assert b"<mark>Frigate</mark> &lt;b&gt;bold&lt;/b&gt; &amp; co" in response.content
    assert b"<b>bold</b>" not in response.content
    assert b"<i>" not in response.content


def test_query_is_escaped_on_the_page(client):
    response = search(client, '<script>alert("q")</script>')

    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert" in response.content


def make_frigate_stories(count, *, name="Story", newest=None, status=Article.Status.PUBLISHED):
    """`count` stories with "frigate" in the body, an hour apart from `newest` (an hour ago)
    back, named "<name> 0" (the newest) onwards; written in bulk, which is quick."""
    newest = newest or timezone.now() - timedelta(hours=1)
    Article.objects.bulk_create(
        Article(
            headline=f"{name} {number}",
            slug=f"{name.lower()}-{number}",
            body="The frigate sailed.",
            body_html="<p>The frigate sailed.</p>",
            status=status,
            published_at=newest - timedelta(hours=number),
        )
        for number in range(count)
    )
    Article.objects.all().refresh_derived()


def test_results_are_paginated_ten_to_a_page(client):
    make_frigate_stories(RESULTS_PER_PAGE + 1)

    first = search(client, "frigate")
    second = search(client, "frigate", page=2)

    assert RESULTS_PER_PAGE == 10
    assert found(first) == [f"Story {number}" for number in range(10)]
    assert found(second) == ["Story 10"]
    assert first.context["page"].paginator.count == 11
    assert b"11 results" in first.content


def test_page_links_keep_the_query(client):
    make_frigate_stories(RESULTS_PER_PAGE + 1)

    response = search(client, "frigate")

    assert b'href="?q=frigate&amp;page=2"' in response.content


def test_a_page_past_the_end_is_not_found(client):
    make_article(headline="Frigate story")

    assert search(client, "frigate", page=99).status_code == 404


@pytest.mark.parametrize("page", ["abc", "1.5", "", "1e3", "nul\x00", "0", "-1"])
def test_what_is_no_page_number_gives_the_first_page_with_a_clean_canonical(client, page):
    make_frigate_stories(RESULTS_PER_PAGE + 1)

    response = search(client, "frigate", page=page)

    assert response.status_code == 200
    assert found(response)[0] == "Story 0"
    assert b'rel="canonical" href="http://testserver/search/?q=frigate"' in response.content


def test_a_page_number_beyond_any_archive_is_not_found(client):
    make_frigate_stories(1)

    assert search(client, "frigate", page="99999999999999999999").status_code == 404


def test_search_ignores_accents_and_case(client):
    make_article(headline="Ciarán Ó Briain wins the seat")
    make_article(headline="Zoë Müller in Besançon")

    assert found(search(client, "ciaran")) == ["Ciarán Ó Briain wins the seat"]
    assert found(search(client, "CIARÁN o briain")) == ["Ciarán Ó Briain wins the seat"]
    assert found(search(client, "zoe muller besancon")) == ["Zoë Müller in Besançon"]


def test_search_ignores_accents_in_the_names_it_finds_stories_by(client):
    make_article(headline="Vote count", authors=[make_author(name="Siobhán Ní Bhriain")])

    assert found(search(client, "siobhan")) == ["Vote count"]


def test_an_accented_word_is_highlighted_by_its_plain_spelling(client):
    make_article(headline="Ciarán speaks")

    assert b"<mark>Ciar\xc3\xa1n</mark> speaks" in search(client, "ciaran").content


def test_c_plus_plus_does_not_match_every_word_beginning_with_c(client):
    make_article(headline="Compilers in C++ get faster")
    make_article(headline="Cats and cranes")

    response = search(client, "c++")

    assert found(response) == ["Compilers in C++ get faster"]
    assert b"<mark>C++</mark>" in response.content
    assert b"<mark>Compilers" not in response.content


def test_query_terms_keep_the_signs_of_c_plus_plus_and_c_sharp():
    assert query_terms("c++ and C# or f#") == ["c++", "and", "C#", "or", "f#"]


def test_only_the_newest_matches_are_ranked(client):
    make_frigate_stories(MAX_RESULTS)
    # The best match of all, but older than MAX_RESULTS other matches: it is left out, so
    # that no query ranks more than MAX_RESULTS articles, however many match.
    make_article(
        headline="Frigate frigate frigate",
        published_at=timezone.now() - timedelta(days=365),
    )

    response = search(client, "frigate")
    ranked = Article.objects.published().search("frigate").values_list("headline", flat=True)

    assert len(ranked) == MAX_RESULTS
    assert "Frigate frigate frigate" not in ranked
    assert found(response)[0] == "Story 0"
    assert response.context["page"].paginator.count == MAX_RESULTS
    assert f"The {MAX_RESULTS} most recent results".encode() in response.content


def test_the_best_match_comes_first_when_every_match_is_ranked(client):
    make_frigate_stories(MAX_RESULTS - 2)
    make_article(headline="Frigate returns", published_at=timezone.now() - timedelta(days=365))

    response = search(client, "frigate")

    assert found(response)[0] == "Frigate returns"
    assert f"{MAX_RESULTS - 1} results".encode() in response.content
    assert b"most recent" not in response.content


def test_unpublished_matches_take_no_place_among_the_newest(client):
    # Many more unpublished matches than are ranked, all newer than the one readers may see.
    make_frigate_stories(MAX_RESULTS, name="Draft", status=Article.Status.DRAFT)
    make_frigate_stories(MAX_RESULTS, name="Scheduled", newest=timezone.now() + timedelta(days=10))
    for kind in UNPUBLISHED_KINDS:
        make_unpublished_article(kind=kind, headline=f"Frigate {kind}")
    make_article(headline="Frigate in port", published_at=timezone.now() - timedelta(days=30))

    assert found(search(client, "frigate")) == ["Frigate in port"]


def test_search_never_counts_the_matches(client):
    make_frigate_stories(3)

    with CaptureQueriesContext(connection) as queries:
        response = search(client, "frigate")

    assert response.status_code == 200
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]


def test_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for number in range(10):
        make_article(
            headline=f"Frigate story {number}",
            slug=f"frigate-{number}",
            authors=[make_author(), make_author()],
        )

    # The cache generations (read first, articles/caching.py), ranked matches, their page,
    # bylines with authors, the navigation's sections and the footer's pages.
    with django_assert_max_num_queries(6):
        response = search(client, "frigate")

    assert len(found(response)) == 10


RANKED_QUERIES = [
    "frigate",
    "harbour frigate",
    "frigate -harbour",
    '"frigate returns"',
    "port OR frigate",
]


@pytest.mark.parametrize("query", RANKED_QUERIES)
def test_ranked_matches_are_what_the_search_queryset_ranks(query, django_assert_num_queries):
    make_article(headline="Frigate returns to port", body="The harbour is busy.")
    make_article(headline="Harbour reopens", body="A frigate was seen.")
    make_article(headline="Port quiet", body="Nothing at sea.")
    make_frigate_stories(3)
    make_unpublished_article(kind="draft", headline="Frigate draft")
    # On PostgreSQL its SQL is built once per process: an earlier query must leave no trace.
    Article.objects.ranked_matches("sea")

    with django_assert_num_queries(1):
        ranked = Article.objects.ranked_matches(query)

    expected = Article.objects.published().search(query).values_list("pk", flat=True)
    assert ranked == list(expected)
    assert ranked


def test_ranked_matches_read_the_clock_at_every_search():
    scheduled = make_article(
        headline="Frigate sails", published_at=timezone.now() + timedelta(minutes=5)
    )
    assert Article.objects.ranked_matches("frigate") == []

    later = timezone.now() + timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert Article.objects.ranked_matches("frigate") == [scheduled.pk]


def test_search_results_are_published_stories_read_for_their_result(django_assert_num_queries):
    story = make_article(headline="Frigate returns", body="The *frigate* is back.")
    draft = make_unpublished_article(kind="draft", headline="Frigate draft")
    with django_assert_num_queries(1):
        found = Article.objects.search_results([draft.pk, story.pk])
    # A draft's id (a search made before it was unpublished) reads nothing.
    assert list(found) == [story.pk]
    result = found[story.pk]
    assert "<em>frigate</em>" in result.body_html and result.headline == "Frigate returns"
    assert "body" in result.get_deferred_fields()
    assert Article.objects.search_results([]) == {}


@pytest.mark.parametrize("query", ["", "!!! ???", "   "])
def test_ranked_matches_of_a_query_without_words_are_none(query, django_assert_num_queries):
    make_article(headline="Frigate returns")
    with django_assert_num_queries(0):
        assert Article.objects.ranked_matches(query) == []


def test_renamed_author_is_found_by_the_new_name(client):
    reporter = make_author(name="Old Name")
    make_article(headline="Dispatch", authors=[reporter])

    reporter.name = "Ivanna Kovalenko"
    reporter.save()

    assert found(search(client, "Kovalenko")) == ["Dispatch"]
    assert found(search(client, "Old")) == []


def test_removed_byline_is_no_longer_found(client):
    reporter = make_author(name="Ivanna Kovalenko")
    article = make_article(headline="Dispatch", authors=[reporter])

    Byline.objects.get(article=article, author=reporter).delete()

    assert found(search(client, "Kovalenko")) == []


def test_refresh_derived_catches_up_after_queryset_update(client):
    article = make_article(headline="Dispatch")
    Article.objects.filter(pk=article.pk).update(headline="Frigate dispatch")

    Article.objects.filter(pk=article.pk).refresh_derived()

    assert found(search(client, "frigate")) == ["Frigate dispatch"]


@on_postgresql
def test_postgresql_matches_other_forms_of_a_word(client):
    make_article(headline="Sanctions announced")

    assert found(search(client, "sanctioned")) == ["Sanctions announced"]


@on_postgresql
def test_postgresql_understands_web_search_exclusions(client):
    make_article(headline="Frigate in harbour")
    make_article(headline="Frigate at sea")

    assert found(search(client, "frigate -harbour")) == ["Frigate at sea"]


@on_postgresql
def test_postgresql_search_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Article._meta.db_table)

    assert any(
        info["columns"] == ["search_vector"] and info["type"] == "gin"
        for info in constraints.values()
    )


@on_postgresql
def test_postgresql_keeps_search_vectors_in_the_row():
    # Out of line, each vector tested while walking the newest articles costs a TOAST lookup.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attname = 'search_vector'",
            [Article._meta.db_table],
        )
        assert cursor.fetchone() == ("m",)


def test_clean_query_drops_control_characters_and_caps_length():
    assert clean_query("  frig\x00ate \n news ") == "frigate news"
    assert len(clean_query("x" * 10_000)) == 200


def test_query_terms_ignore_punctuation_and_repeats():
    assert query_terms("Frigate, frigate! -- port?") == ["Frigate", "port"]
    assert query_terms("!!! ??? ...") == []


def test_highlight_escapes_before_marking():
    html = highlight('<img src=x onerror="frigate()">', ["frigate"])

    assert html == "&lt;img src=x onerror=&quot;<mark>frigate</mark>()&quot;&gt;"


def test_highlight_marks_words_starting_like_a_term():
    assert highlight("Frigates sailed", ["frigate"]) == "<mark>Frigates</mark> sailed"


def test_snippet_is_cut_around_a_late_match():
    text = "Filler words. " * 50 + "The frigate appeared." + " More filler." * 50

    fragment = snippet(text, ["frigate"])

    assert fragment.startswith("… ")
    assert fragment.endswith(" …")
    assert "The <mark>frigate</mark> appeared." in fragment
    assert len(fragment) < 300
