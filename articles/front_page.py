"""The front page: the stories Editors placed at its top (the lead first), then a block of
newest stories for each section in the order Editors set, then the rest of the newest.

The slots at the top nobody filled, or filled with a story readers may not see (unpublished,
archived, scheduled), take the newest stories not placed, so the lead is never empty while
anything is published. Every story on the page is read in one query: the placed stories,
the newest, and each section's newest, each part a LIMITed subquery of one UNION ALL.
"""

from dataclasses import dataclass, field

from django.db.models import F, IntegerField, Value
from django.utils import timezone

from . import navigation
from .models import FRONT_PAGE_SLOTS, Article, FrontPagePlacement, compiled
from .paging import STORIES_PER_PAGE, StoryPage

# How many stories each section's block shows.
SECTION_BLOCK_STORIES = 4

PLACED, NEWEST = 0, 1


@dataclass
class SectionBlock:
    section: object
    stories: list


@dataclass
class FrontPage:
    """Page one of the home page: `lead` and `top_stories` (placed, or the newest), the
    sections' blocks, and `more`, the page's newest stories shown nowhere above. `page`
    pages on to the older stories."""

    page: StoryPage
    lead: Article | None = None
    top_stories: list = field(default_factory=list)
    section_blocks: list = field(default_factory=list)
    more: list = field(default_factory=list)


def read_front_page(request):
    """The front page as readers see it now."""
    sections = sorted(
        (
            section
            for section in navigation.sections(request)
            if section.on_front_page and section.has_stories
        ),
        # sorted() keeps the navigation order between sections of one front-page position.
        key=lambda section: section.front_page_position,
    )
    parts = read_parts(tuple(section.pk for section in sections))
    navigation.file_under_sections(request, [story for part in parts for story in part])

    front = FrontPage(page=StoryPage.of_stories(parts[NEWEST], 1))
    placed_ids = {story.pk for story in parts[PLACED]}
    top = [*parts[PLACED], *(story for story in front.page if story.pk not in placed_ids)]
    top = top[:FRONT_PAGE_SLOTS]
    shown = {story.pk for story in top}
    if top:
        front.lead, front.top_stories = top[0], top[1:]
    for section, stories in zip(sections, parts[NEWEST + 1 :], strict=True):
        stories = [story for story in stories if story.pk not in shown]
        if stories:
            front.section_blocks.append(SectionBlock(section, stories))
            shown.update(story.pk for story in stories)
    front.more = [story for story in front.page if story.pk not in shown]
    return front


def read_parts(section_ids):
    """The front page's stories, now, as lists: the placed ones in their order, the newest
    (one more than a page, for its paging) and each section's newest, newest first."""
    parts = [[] for _ in range(NEWEST + 1 + len(section_ids))]
    for story in compiled.read(Article, front_page_query, timezone.now(), section_ids):
        parts[story.front_page_part].append(story)
    # UNION ALL keeps no order of its own: each part is put back in its queryset's order.
    parts[PLACED].sort(key=lambda story: story.front_page_slot)
    for part in parts[NEWEST:]:
        part.sort(key=lambda story: (story.published_at, story.pk), reverse=True)
    return parts


def front_page_query(now, section_ids):
    """The SQL and parameters that read the front page's stories at `now`, for sections with
    these ids: compiled once per process and number of sections (compiled.py), as compiling
    its ten-odd subqueries cost more than rendering the page's cards."""
    cards = Article.objects.published(now=now).for_cards()
    placed = (
        cards.filter(front_page_placement__isnull=False)
        .annotate(front_page_slot=F("front_page_placement__position"))
        .order_by("front_page_placement__position")
    )
    # A section's block leaves out what the top may show: the placed and the newest stories.
    on_top = cards.newest_first().values("pk")[:FRONT_PAGE_SLOTS]
    blocks = (
        cards.filter(section_id=section_id)
        .exclude(pk__in=FrontPagePlacement.objects.values("article_id"))
        .exclude(pk__in=on_top)
        .newest_first()
        for section_id in section_ids
    )
    return union_of(
        [
            placed[:FRONT_PAGE_SLOTS],
            cards.newest_first()[: STORIES_PER_PAGE + 1],
            *(block[:SECTION_BLOCK_STORIES] for block in blocks),
        ]
    )


def union_of(querysets):
    """SQL, parameters and a query with the rows' annotations (as compiled.read() takes
    them), reading the rows of several sliced querysets of articles in one query, each row
    annotated with `front_page_part`, its queryset's index.

    Django cannot UNION sliced querysets on SQLite, but both databases take each as a
    subquery: SELECT * FROM (...) UNION ALL SELECT * FROM (...)."""
    sql, params = [], []
    for number, queryset in enumerate(querysets):
        query = queryset.query.clone()
        # Every part has the same columns: the placed stories' slot is a zero elsewhere.
        if "front_page_slot" not in query.annotations:
            query.add_annotation(Value(0, IntegerField()), "front_page_slot")
        query.add_annotation(Value(number, IntegerField()), "front_page_part")
        part_sql, part_params = query.sql_with_params()
        sql.append(f"SELECT * FROM ({part_sql}) AS front_page_{number}")
        params.extend(part_params)
    return " UNION ALL ".join(sql), tuple(params), query
