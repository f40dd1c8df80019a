from datetime import timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Byline, Citation, Correction
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_section,
    make_source,
    make_tag,
)

pytestmark = pytest.mark.django_db

# Whether readers may see an article of this status, published this long from now.
READER_VISIBILITY = [
    (Article.Status.PUBLISHED, timedelta(hours=-1), True),
    (Article.Status.PUBLISHED, timedelta(hours=1), False),
    (Article.Status.DRAFT, timedelta(hours=-1), False),
    (Article.Status.IN_REVIEW, timedelta(hours=-1), False),
    (Article.Status.ARCHIVED, timedelta(hours=-1), False),
]


def test_body_is_rendered_and_sanitised_on_save():
    article = make_article(body="Hello **world** <script>alert(1)</script>")
    assert article.body_html == "<p>Hello <strong>world</strong> </p>"


def test_body_html_follows_edits():
    article = make_article(body="First")
    article.body = "Second"
    article.save()
    article.refresh_from_db()
    assert article.body_html == "<p>Second</p>"


def test_publishing_sets_published_at_when_empty():
    article = make_article(status=Article.Status.DRAFT)
    assert article.published_at is None
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article.is_published()


def test_publish_keeps_a_scheduled_time():
    future = timezone.now() + timedelta(days=1)
    article = make_article(status=Article.Status.DRAFT)
    article.publish(when=future)
    assert article.published_at == future
    assert not article.is_published()


@pytest.mark.parametrize(("status", "offset", "visible"), READER_VISIBILITY)
def test_published_queryset_shows_only_what_readers_may_see(status, offset, visible):
    article = make_article(status=status, published_at=timezone.now() + offset)
    assert (article in Article.objects.published()) is visible
    assert article.is_published() is visible


@pytest.mark.parametrize(("status", "offset", "visible"), READER_VISIBILITY)
def test_published_page_finds_only_what_readers_may_see(
    status, offset, visible, django_assert_num_queries
):
    article = make_article(status=status, published_at=timezone.now() + offset)
    make_article(headline="Another story")
    # Its SQL is built once per process: the second call must not reuse the first's values.
    Article.objects.published_page("another-story")

    with django_assert_num_queries(1):
        found = Article.objects.published_page(article.slug)

    if not visible:
        assert found is None
        return
    assert found.pk == article.pk
    assert (found.slug, found.section_id) == (article.slug, article.section_id)
    assert found.updated_at == Article.objects.get(pk=article.pk).updated_at
    # Only what finds the page's cached parts, like for_page().
    assert found.has_only_version_fields()


def test_published_page_reads_the_clock_at_every_call():
    scheduled = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert Article.objects.published_page(scheduled.slug) is None

    later = timezone.now() + timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert Article.objects.published_page(scheduled.slug).pk == scheduled.pk


@pytest.mark.parametrize("slug", ["", "no-such-story", "x' OR '1'='1", "published page slug"])
def test_published_page_of_an_unknown_slug_is_none(slug):
    make_article(headline="Harbour reopens")
    assert Article.objects.published_page(slug) is None


def filed_under_each_kind():
    """Two of everything a list can be filed under, and articles in each: published ones a
    minute apart, and one of each status readers may not see."""
    subjects = {
        "section": [make_section(), make_section()],
        "author": [make_author(), make_author()],
        "tag": [make_tag(), make_tag()],
        "source": [make_source(), make_source()],
    }
    now = timezone.now()
    for number in range(5):
        for which in (0, 1):
            for status, offset, _visible in READER_VISIBILITY:
                make_article(
                    status=status,
                    published_at=now + offset - timedelta(minutes=number),
                    section=subjects["section"][which],
                    authors=[subjects["author"][which]],
                    tags=[subjects["tag"][which]],
                    # Cited twice: its list must still show the article once.
                    sources=[subjects["source"][which]] * 2,
                )
    return subjects


ORM_LISTS = {
    "section": lambda subject: Article.objects.published().in_section(subject),
    "author": lambda subject: Article.objects.published().by_author(subject),
    "tag": lambda subject: Article.objects.published().tagged(subject),
    "source": lambda subject: Article.objects.published().citing(subject),
}


@pytest.mark.parametrize("kind", sorted(ORM_LISTS))
def test_newest_cards_pages_each_list_as_the_orm_would(kind, django_assert_num_queries):
    subjects = filed_under_each_kind()
    # Its SQL is built once per process: a second list must not reuse the first's values.
    for subject in subjects[kind]:
        expected = list(ORM_LISTS[kind](subject).newest_first().values_list("pk", flat=True))
        cards = Article.objects.newest_cards(subject)
        assert cards.count() == len(expected) == 5

        with django_assert_num_queries(1):
            first_page = cards[0:3]
        second_page = cards[3:6]

        assert [article.pk for article in first_page] == expected[:3]
        assert [article.pk for article in second_page] == expected[3:]
        # Only what finds the cards' cached parts, like for_cards().
        assert all(article.has_only_version_fields() for article in first_page)
        assert cards[5:10] == []


def test_newest_cards_of_the_whole_site_shows_every_published_article_newest_first():
    filed_under_each_kind()
    expected = list(Article.objects.published().newest_first().values_list("pk", flat=True))
    cards = Article.objects.newest_cards()
    assert cards.count() == len(expected) == 10
    assert [article.pk for article in cards[0:20]] == expected


def test_newest_cards_reads_the_clock_at_every_page():
    section = make_section()
    scheduled = make_article(section=section, published_at=timezone.now() + timedelta(minutes=5))
    cards = Article.objects.newest_cards(section)
    assert cards[0:20] == []

    later = timezone.now() + timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert [article.pk for article in cards[0:20]] == [scheduled.pk]


def test_newest_cards_refuses_what_no_list_is_filed_under():
    with pytest.raises(TypeError, match="No list of articles"):
        Article.objects.newest_cards(make_article())
    with pytest.raises(TypeError, match="slices"):
        Article.objects.newest_cards()[0]
    with pytest.raises(TypeError, match="slices"):
        Article.objects.newest_cards()[5:]


def test_prepared_query_refuses_a_value_the_sql_does_not_hold():
    from articles.models.prepared import PreparedQuery

    ignores_the_slug = PreparedQuery(lambda now, slug: Article.objects.published(now=now))
    with pytest.raises(ValueError, match="slug must reach the SQL as a parameter"):
        ignores_the_slug.run(Article.objects, timezone.now(), limit=1, slug="story")
    with pytest.raises(TypeError, match="only strings and integers"):
        ignores_the_slug.run(Article.objects, timezone.now(), limit=1, slug=1.5)


def test_prepared_query_puts_a_value_in_each_of_its_places():
    from articles.models.prepared import PreparedQuery

    by_slug_or_headline = PreparedQuery(
        lambda now, name: (
            Article.objects.published(now=now)
            .filter(Q(slug=name) | Q(headline=name))
            .order_by("pk")
            .values_list("headline")
        )
    )
    make_article(headline="Harbour reopens", slug="harbour")
    make_article(headline="Port closes", slug="Harbour reopens")
    make_article(headline="Ceasefire holds", slug="ceasefire")

    def headlines(name):
        rows = by_slug_or_headline.rows(Article.objects, timezone.now(), limit=5, name=name)
        return [headline for (headline,) in rows]

    assert headlines("Harbour reopens") == ["Harbour reopens", "Port closes"]
    assert headlines("ceasefire") == ["Ceasefire holds"]
    assert headlines("Ceasefire holds") == ["Ceasefire holds"]
    assert headlines("nothing") == []


def test_status_outside_the_choices_is_refused_by_the_database():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="bogus")


def test_published_article_without_a_date_is_refused_by_the_database():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_slugs_are_unique():
    make_article(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="same")


def test_an_author_appears_once_per_byline():
    author = make_author()
    article = make_article(authors=[author])
    with pytest.raises(IntegrityError), transaction.atomic():
        Byline.objects.create(article=article, author=author, position=1)


def test_bylines_and_citations_keep_their_order():
    first, second, third = (
        make_author(name="Zoe"),
        make_author(name="Adam"),
        make_author(name="Mia"),
    )
    agency, channel = make_source(name="Zeta Agency"), make_source(name="Alpha Channel")
    article = make_article(authors=[first, second, third], sources=[agency, channel])
    assert [b.author for b in article.bylines.all()] == [first, second, third]
    assert [c.source for c in article.citations.all()] == [agency, channel]


def test_citation_link_falls_back_to_the_source_url():
    source = make_source(url="https://t.me/mod_russia")
    article = make_article()
    exact = Citation.objects.create(article=article, source=source, url="https://t.me/mod_russia/1")
    general = Citation.objects.create(article=article, source=source, position=1)
    assert exact.link == "https://t.me/mod_russia/1"
    assert general.link == "https://t.me/mod_russia"


def test_querysets_filter_by_section_author_tag_and_source():
    section, tag, author, source = make_section(), make_tag(), make_author(), make_source()
    match = make_article(section=section, tags=[tag], authors=[author], sources=[source])
    make_article()
    published = Article.objects.published()
    assert list(published.in_section(section)) == [match]
    assert list(published.tagged(tag)) == [match]
    assert list(published.by_author(author)) == [match]
    assert list(published.citing(source)) == [match]


def test_related_articles_share_section_or_tags_and_are_published():
    section, tag = make_section(), make_tag()
    article = make_article(section=section)
    same_section = make_article(section=section)
    same_tag = make_article(tags=[tag])
    article.tags.add(tag)
    make_article(section=section, status=Article.Status.DRAFT)
    make_article()
    assert set(article.related_articles()) == {same_section, same_tag}


def test_author_bio_is_rendered():
    author = make_author(bio="Covers *defence*.")
    assert author.bio_html == "<p>Covers <em>defence</em>.</p>"


def test_urls_and_names():
    section, tag, author, source = (
        make_section(slug="world"),
        make_tag(slug="belarus"),
        make_author(slug="staff"),
        make_source(slug="mod-telegram"),
    )
    article = make_article(slug="visit", headline="Visit")
    correction = make_correction(article=article)
    assert article.get_absolute_url() == "/articles/visit/"
    assert section.get_absolute_url() == "/sections/world/"
    assert tag.get_absolute_url() == "/tags/belarus/"
    assert author.get_absolute_url() == "/authors/staff/"
    assert source.get_absolute_url() == "/sources/mod-telegram/"
    assert correction.get_absolute_url() == f"/articles/visit/#correction-{correction.pk}"
    assert str(article) == "Visit"
    assert str(correction).startswith("Correction, ")
    assert Correction.Kind.EDITORS_NOTE.label == "Editor's note"


def test_source_aliases_are_one_per_line():
    source = make_source(aliases="MoD Telegram\n\n  Russian MoD channel  \n")
    assert source.alias_list() == ["MoD Telegram", "Russian MoD channel"]
