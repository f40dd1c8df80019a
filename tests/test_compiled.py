"""articles/models/compiled.py: queries compiled once per process, run with other values."""

from datetime import timedelta

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db.models import IntegerField, Value, signals
from django.utils import timezone

from articles.models import Article, compiled
from articles.models.article import related_articles_query
from tests.factories import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db


def by_headline(now, headline):
    return Article.objects.published(now).filter(headline=headline).only("pk", "headline")


def in_sections(now, section_ids):
    return Article.objects.published(now).filter(section_id__in=section_ids).order_by("pk")


def dropping_its_value(now, headline):
    # The headline never reaches the SQL: nothing to put the real one in.
    return Article.objects.published(now).only("pk")


def test_a_query_is_compiled_once_and_read_with_each_call_s_values():
    harbour = make_article(headline="Harbour reopens")
    budget = make_article(headline="Budget passes")
    compiled.compiled.cache_clear()

    found = compiled.read(Article, by_headline, timezone.now(), "Harbour reopens")
    assert [story.pk for story in found] == [harbour.pk]
    found = compiled.read(Article, by_headline, timezone.now(), "Budget passes")
    assert [story.pk for story in found] == [budget.pk]
    assert compiled.read(Article, by_headline, timezone.now(), "x' OR '1'='1") == []
    assert compiled.compiled.cache_info().misses == 1
    # Fields the query did not read are deferred, as with only().
    assert found[0].get_deferred_fields() >= {"body", "page_parts"}


def test_the_time_given_is_the_one_the_query_uses():
    story = make_article(
        headline="Tomorrow's scoop", published_at=timezone.now() + timedelta(hours=1)
    )
    assert compiled.read(Article, by_headline, timezone.now(), story.headline) == []
    later = timezone.now() + timedelta(hours=2)
    assert [found.pk for found in compiled.read(Article, by_headline, later, story.headline)] == [
        story.pk
    ]


def test_each_length_of_a_list_of_ids_is_its_own_shape():
    sections = [make_section() for _ in range(3)]
    stories = [make_article(section=section) for section in sections]
    compiled.compiled.cache_clear()
    for count in (1, 2, 3, 2):
        ids = tuple(section.pk for section in sections[:count])
        found = compiled.read(Article, in_sections, timezone.now(), ids)
        assert [story.pk for story in found] == [story.pk for story in stories[:count]]
    assert compiled.compiled.cache_info().misses == 3


def test_related_stories_are_those_the_orm_finds():
    section, tag = make_section(), make_tag()
    story = make_article(section=section, tags=[tag])
    same_section = make_article(section=section)
    same_tag = make_article(tags=[tag])
    make_article()
    make_article(section=section, status=Article.Status.DRAFT)
    story = Article.objects.published_page(story.slug)  # With its tags in page_parts.
    now = timezone.now()
    query = related_articles_query(4, now, story.section_id, (tag.pk,), story.pk)
    assert {found.pk for found in story.related_articles()} == {same_section.pk, same_tag.pk}
    assert [found.pk for found in story.related_articles()] == [found.pk for found in query]


def in_no_section(now, section_ids):
    return Article.objects.published(now).filter(section_id__in=section_ids)


def test_a_shape_that_matches_nothing_reads_nothing_without_a_query(django_assert_num_queries):
    make_article()
    with django_assert_num_queries(0):
        assert compiled.read(Article, in_no_section, timezone.now(), ()) == []


def test_a_value_that_never_reaches_the_sql_is_refused():
    with pytest.raises(compiled.CompileError, match="dropping_its_value"):
        compiled.read(Article, dropping_its_value, timezone.now(), "Harbour")


@pytest.mark.parametrize("value", [True, 1.5, [1, 2], object()])
def test_values_that_change_a_query_s_shape_have_no_stand_in(value):
    with pytest.raises(TypeError):
        compiled.read(Article, by_headline, timezone.now(), value)


def test_a_story_with_neither_section_nor_tags_has_no_related_stories(django_assert_num_queries):
    story = make_article(section=None)
    make_article(section=None)
    story = Article.objects.published_page(story.slug)
    with django_assert_num_queries(0):
        assert story.related_articles() == []


def cards_with_a_rank(now):
    return (
        Article.objects.published(now)
        .for_cards()
        .annotate(rank=Value(7, output_field=IntegerField()))
        .order_by("pk")
    )


def test_instances_are_those_the_queryset_makes():
    story = make_article(headline="Harbour reopens", dek="After the storm")
    [read] = compiled.read(Article, cards_with_a_rank, timezone.now())
    [orm] = cards_with_a_rank(timezone.now())
    # The database's raw values are converted as the ORM converts them (time zones, JSON).
    for name in ("pk", "headline", "dek", "published_at", "pictures_ready", "page_parts"):
        assert getattr(read, name) == getattr(orm, name)
    assert read.published_at.tzinfo is not None
    assert read.get_deferred_fields() == orm.get_deferred_fields()
    assert read.rank == 7  # A column that is not a field is an attribute.
    assert (read._state.adding, read._state.db) == (False, "default")
    assert read == story and not read.hero_image  # A stored file's field, read as None.
    # A deferred field is read from the database on first use, as Django does.
    assert read.body == story.body


def test_what_listens_for_instances_being_made_hears_of_these():
    make_article(headline="Harbour reopens")
    made = []

    def heard(sender, instance, **kwargs):
        made.append(instance.headline)

    signals.post_init.connect(heard, sender=Article)
    try:
        compiled.read(Article, by_headline, timezone.now(), "Harbour reopens")
    finally:
        signals.post_init.disconnect(heard, sender=Article)
    assert made == ["Harbour reopens"]


def test_a_query_without_the_primary_key_cannot_make_instances():
    make_article(headline="Harbour reopens")

    def without_pk(now):
        return Article.objects.published(now).values("headline")

    with pytest.raises(FieldDoesNotExist):
        compiled.read(Article, without_pk, timezone.now())


def newest_ids(now, section_ids):
    return (
        Article.objects.published(now)
        .filter(section_id__in=section_ids)
        .newest_first()
        .values_list("id")
    )


def test_ids_are_read_in_the_query_s_order():
    section = make_section()
    stories = [
        make_article(section=section, published_at=timezone.now() - timedelta(hours=hours))
        for hours in (3, 1, 2)
    ]
    make_article()  # Another section's.
    found = compiled.read_ids(Article, newest_ids, timezone.now(), (section.pk,))
    assert found == [stories[1].pk, stories[2].pk, stories[0].pk]
    assert compiled.read_ids(Article, newest_ids, timezone.now(), ()) == []
