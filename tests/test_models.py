from datetime import timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
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

    with django_assert_num_queries(1):
        found = Article.objects.published_page(article.slug)

    if not visible:
        assert found is None
        return
    assert found.pk == article.pk
    assert (found.slug, found.section_id) == (article.slug, article.section_id)
    # What the page shows of its parts comes with the row: no query for them.
    stored = Article.objects.get(pk=article.pk)
    with django_assert_num_queries(0):
        assert found.page_parts == stored.page_parts
        assert "reading_minutes" in found.page_parts
        assert found.body_html == stored.body_html


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


def assert_bylines_alone_read(cards):
    for card in cards:
        assert "page_parts" in card.get_deferred_fields()
        stored = Article.objects.get(pk=card.pk).page_parts
        assert card.card_bylines == stored["bylines"]
        assert isinstance(card.card_bylines[0]["name"], str)


@pytest.mark.parametrize("kind", sorted(ORM_LISTS))
def test_newest_cards_lists_each_kind_as_the_orm_would(kind, django_assert_num_queries):
    subjects = filed_under_each_kind()
    for subject in subjects[kind]:
        expected = list(ORM_LISTS[kind](subject).newest_first().values_list("pk", flat=True))
        cards = Article.objects.newest_cards(subject)
        assert len(expected) == 5

        with django_assert_num_queries(1):
            first_page = list(cards[0:3])
            # A card shows its bylines from the row itself, decoding only that part of it.
            assert all(article.card_bylines for article in first_page)
        assert_bylines_alone_read(first_page)

        assert [article.pk for article in first_page] == expected[:3]
        assert [article.pk for article in cards[3:6]] == expected[3:]


@pytest.mark.parametrize("kind", sorted(ORM_LISTS))
def test_the_list_pages_read_what_newest_cards_reads(kind, django_assert_num_queries):
    """paged_newest_cards() runs SQL compiled once per process: the same stories, page by page."""
    subjects = filed_under_each_kind()
    for subject in subjects[kind]:
        expected = list(Article.objects.newest_cards(subject).values_list("pk", flat=True))
        pages = Article.objects.paged_newest_cards(subject)
        with django_assert_num_queries(1):
            first_page = pages[0:3]
            assert all(article.card_bylines for article in first_page)
        assert_bylines_alone_read(first_page)
        assert [article.pk for article in first_page] == expected[:3]
        assert [article.pk for article in pages[3:6]] == expected[3:]
        assert pages[6:9] == []


def test_the_list_pages_read_the_clock_at_every_page():
    section = make_section()
    scheduled = make_article(section=section, published_at=timezone.now() + timedelta(minutes=5))
    assert Article.objects.paged_newest_cards(section)[0:20] == []
    assert Article.objects.paged_newest_cards()[0:20] == []

    later = timezone.now() + timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert [story.pk for story in Article.objects.paged_newest_cards(section)[0:20]] == [
            scheduled.pk
        ]
        assert [story.pk for story in Article.objects.paged_newest_cards()[0:20]] == [scheduled.pk]


def test_newest_cards_of_the_whole_site_shows_every_published_article_newest_first():
    filed_under_each_kind()
    expected = list(Article.objects.published().newest_first().values_list("pk", flat=True))
    assert len(expected) == 10
    assert [article.pk for article in Article.objects.newest_cards()[0:20]] == expected


def test_newest_cards_reads_the_clock_at_every_page():
    section = make_section()
    scheduled = make_article(section=section, published_at=timezone.now() + timedelta(minutes=5))
    assert list(Article.objects.newest_cards(section)[0:20]) == []

    later = timezone.now() + timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        cards = Article.objects.newest_cards(section)[0:20]
        assert [article.pk for article in cards] == [scheduled.pk]


def test_newest_cards_refuses_what_no_list_is_filed_under():
    with pytest.raises(TypeError, match="No list of articles"):
        Article.objects.newest_cards(make_article())


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
    # As the page reads it: its tags come with the row.
    article = Article.objects.published_page(article.slug)
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
