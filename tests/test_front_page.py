"""The front page Editors curate: placed lead and top stories, the newest filling the rest,
section blocks in the Editors' order, and the admin page that arranges them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles import workflow
from articles.front_page import SECTION_BLOCK_STORIES
from articles.models import FRONT_PAGE_SLOTS, Article, FrontPagePlacement
from tests.factories import (
    make_article,
    make_author,
    make_section,
    picture_upload,
    run_queued_jobs,
)

pytestmark = pytest.mark.django_db

ADMIN_PAGE = "admin:articles_frontpageplacement_changelist"


def stories(count, **fields):
    """`count` published stories, "Story 1" the newest."""
    return [
        make_article(
            headline=f"Story {number}",
            published_at=timezone.now() - timedelta(hours=number),
            **fields,
        )
        for number in range(1, count + 1)
    ]


def front(client):
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    return response.context["front"]


def headlines(articles):
    return [article.headline for article in articles]


def place(*articles, sections=(), user):
    workflow.arrange_front_page(stories=list(articles), sections=list(sections), user=user)


# --- What readers see ------------------------------------------------------------------


def test_without_placements_the_newest_story_leads_and_the_next_follow(client):
    stories(9)
    page = front(client)
    assert page.lead.headline == "Story 1"
    assert headlines(page.top_stories) == [f"Story {n}" for n in range(2, FRONT_PAGE_SLOTS + 1)]


def test_placed_stories_lead_in_their_order_and_the_newest_fill_the_rest(client, editor):
    articles = stories(9)
    place(articles[6], articles[3], user=editor)
    page = front(client)
    assert page.lead.headline == "Story 7"
    assert headlines(page.top_stories) == [
        "Story 4",
        "Story 1",
        "Story 2",
        "Story 3",
        "Story 5",
        "Story 6",
    ]


def test_an_unpublished_placed_story_leaves_the_front_page_at_once(client, editor):
    articles = stories(4)
    place(articles[2], user=editor)
    assert front(client).lead.headline == "Story 3"
    workflow.unpublish_articles([articles[2]], user=editor)
    page = front(client)
    assert page.lead.headline == "Story 1"
    assert "Story 3" not in headlines([page.lead, *page.top_stories, *page.more])
    assertNotContains(client.get(reverse("articles:home")), "Story 3")


def test_a_scheduled_placed_story_waits_for_its_time(client, editor):
    stories(2)
    scheduled = make_article(
        headline="Tomorrow's scoop", published_at=timezone.now() + timedelta(days=1)
    )
    place(scheduled, user=editor)
    assert front(client).lead.headline == "Story 1"


def test_sections_get_blocks_in_the_editors_order_without_repeating_the_top(client, editor):
    world, science, sport = (make_section(name=name) for name in ("World", "Science", "Sport"))
    make_section(name="Empty")
    for section in (world, science, sport):
        for number in range(SECTION_BLOCK_STORIES + 1):
            make_article(
                headline=f"{section.name} {number}",
                section=section,
                published_at=timezone.now() - timedelta(hours=number, minutes=section.pk),
            )
    place(sections=[sport, world], user=editor)
    page = front(client)
    assert [block.section.name for block in page.section_blocks] == ["Sport", "World"]
    on_top = {story.pk for story in [page.lead, *page.top_stories]}
    for block in page.section_blocks:
        assert len(block.stories) <= SECTION_BLOCK_STORIES
        assert not on_top & {story.pk for story in block.stories}
        assert all(story.section == block.section for story in block.stories)


def test_a_section_block_shows_a_card_then_headlines(client, editor):
    world = make_section(name="World")
    stories(FRONT_PAGE_SLOTS)  # The top of the page: none of them in World.
    block = [
        make_article(
            headline=f"World {number}",
            section=world,
            authors=[make_author(name=f"Writer {number}")],
            published_at=timezone.now() - timedelta(days=1, hours=number),
            work_type=Article.WorkType.OPINION if number == 2 else Article.WorkType.NEWS,
        )
        for number in range(SECTION_BLOCK_STORIES)
    ]
    html = client.get(reverse("articles:home")).content.decode()
    start = html.index('id="section-block-world"')
    section = html[start : html.index("</section>", start)]
    card = section[section.index('<article class="article-card') : section.index("</article>")]
    assert block[0].headline in card and "Writer 0" in card
    items = section.split('<li class="headline-list__item">')[1:]
    assert [
        item[: item.index("</li>")].count(story.headline)
        for item, story in zip(items, block[1:], strict=True)
    ] == [1] * (SECTION_BLOCK_STORIES - 1)
    for item, story in zip(items, block[1:], strict=True):
        assert f'href="{story.get_absolute_url()}"' in item
        assert f'datetime="{timezone.localtime(story.published_at).isoformat()}"' in item
        assert "Writer" not in item  # Bylines are on the card and the story's page.
    # An opinion piece says so wherever it is listed.
    assert "Opinion" in items[1] and "Opinion" not in items[0]


def test_a_section_block_of_one_story_has_no_empty_list(client):
    world = make_section(name="World")
    stories(FRONT_PAGE_SLOTS)
    make_article(headline="Alone", section=world, published_at=timezone.now() - timedelta(days=1))
    html = client.get(reverse("articles:home")).content.decode()
    start = html.index('id="section-block-world"')
    section = html[start : html.index("</section>", start)]
    assert "Alone" in section
    assert "headline-list" not in section
    assert "section-block__body--with-list" not in section


def test_a_section_taken_off_the_front_page_has_no_block(client, editor):
    world = make_section(name="World")
    stories(FRONT_PAGE_SLOTS + 2, section=world)
    assert [block.section for block in front(client).section_blocks] == [world]
    place(sections=[], user=editor)
    assert front(client).section_blocks == []


def test_every_story_of_the_first_page_is_on_the_front_page_once(client):
    world = make_section(name="World")
    stories(25, section=world)
    page = front(client)
    shown = [page.lead, *page.top_stories, *page.more]
    shown += [story for block in page.section_blocks for story in block.stories]
    assert len({story.pk for story in shown}) == len(shown)
    assert {story.pk for story in page.page.object_list} <= {story.pk for story in shown}


def test_the_front_page_pages_on_to_the_older_stories(client):
    stories(25)
    assertContains(client.get(reverse("articles:home")), 'href="?page=2" rel="next"')
    response = client.get(reverse("articles:home"), {"page": 2})
    assertContains(response, "Story 21")
    assertContains(response, "Story 25")
    assertNotContains(response, "lead-story")


def test_an_empty_site_says_so(client):
    assertContains(client.get(reverse("articles:home")), "Nothing has been published yet.")


@pytest.mark.parametrize(
    "fields",
    [{}, {"dek": "A dek."}, {"summary": "A summary."}, {"hero_alt": "A quay at dawn"}],
    ids=["bare", "dek", "summary", "picture"],
)
def test_the_lead_has_no_empty_parts_whatever_the_story_lacks(client, fields):
    if "hero_alt" in fields:
        fields["hero_image"] = picture_upload()
    make_article(headline="Lone story", **fields)
    html = client.get(reverse("articles:home")).content.decode()
    lead = html[html.index('<article class="lead-story') : html.index("</article>")]
    assert '<span class="byline"></span>' not in lead
    assert 'class="lead-story__section"' not in lead
    assert ('class="lead-story__dek"' in lead) == ("dek" in fields)
    assert ('class="lead-story__summary"' in lead) == ("summary" in fields)
    assert ("<picture" in lead) == ("hero_alt" in fields)
    assert "lead-story--alone" in lead


def test_cards_show_the_hero_rendition_lazily_with_its_size(client):
    stories(FRONT_PAGE_SLOTS + 3, hero_image=picture_upload(), hero_alt="A quay at dawn")
    run_queued_jobs()
    html = client.get(reverse("articles:home")).content.decode()
    lead = html[html.index('<article class="lead-story') :]
    lead = lead[: lead.index("</article>")]
    assert 'fetchpriority="high"' in lead
    assert 'loading="lazy"' not in lead
    card = html[html.index('<article class="article-card article-card--picture">') :]
    card = card[: card.index("</article>")]
    assert 'class="article-card__image"' in card
    assert "480w" in card and "960w" in card
    assert 'width="1200" height="800"' in card
    assert 'alt="A quay at dawn"' in card
    assert 'loading="lazy"' in card


def test_a_story_without_a_picture_gets_a_text_only_card(client):
    stories(FRONT_PAGE_SLOTS + 1)
    html = client.get(reverse("articles:home")).content.decode()
    assert "<picture" not in html
    assert "article-card--picture" not in html


# --- Section navigation ---------------------------------------------------------------


def test_navigation_lists_only_sections_readers_find_a_story_in(client):
    make_article(section=make_section(name="World"))
    make_article(section=make_section(name="Drafts only"), status=Article.Status.DRAFT)
    make_section(name="Empty")
    make_article(
        section=make_section(name="Scheduled only"),
        published_at=timezone.now() + timedelta(hours=1),
    )
    html = client.get(reverse("articles:home")).content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert "World" in nav
    for hidden in ("Drafts only", "Empty", "Scheduled only"):
        assert hidden not in nav


# --- Arranging it: the workflow ----------------------------------------------------------


def test_only_editors_arrange_the_front_page(writer):
    article = make_article()
    with pytest.raises(PermissionDenied):
        place(article, user=writer)
    assert not FrontPagePlacement.objects.exists()


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
def test_an_unpublished_story_cannot_be_placed(editor, status):
    draft = make_article(headline="Unready", status=status)
    with pytest.raises(workflow.FrontPageRefused, match="Unready"):
        place(draft, user=editor)
    assert not FrontPagePlacement.objects.exists()


def test_a_placed_story_since_unpublished_may_keep_its_place(editor):
    first, second = stories(2)
    place(first, second, user=editor)
    workflow.unpublish_articles([first], user=editor)
    place(second, Article.objects.get(pk=first.pk), user=editor)
    assert list(FrontPagePlacement.objects.values_list("article", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_the_front_page_holds_only_so_many_placed_stories(editor):
    with pytest.raises(workflow.FrontPageRefused, match="room for"):
        place(*stories(FRONT_PAGE_SLOTS + 1), user=editor)
    assert not FrontPagePlacement.objects.exists()


def test_arranging_retires_the_cached_front_page(client, editor, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    first, second = stories(2)
    assert front(client).lead == first
    place(second, user=editor)
    assert front(client).lead == second


def test_a_story_keeps_who_placed_it_when_the_order_changes(editor):
    first, second = stories(2)
    place(first, user=editor)
    placed_at = FrontPagePlacement.objects.get().placed_at
    other_editor = type(editor).objects.create(username="other", is_superuser=True)
    place(second, first, user=other_editor)
    kept = FrontPagePlacement.objects.get(article=first)
    assert (kept.placed_by, kept.placed_at, kept.position) == (editor, placed_at, 1)
    assert FrontPagePlacement.objects.get(article=second).placed_by == other_editor


# --- Arranging it: the admin page --------------------------------------------------------


def test_writers_do_not_see_the_front_page_admin(client, writer):
    client.force_login(writer)
    assert client.get(reverse(ADMIN_PAGE)).status_code == 403
    assert client.post(reverse(ADMIN_PAGE), {"move": "save"}).status_code == 403
    assertNotContains(client.get(reverse("admin:index")), "Front page")


def test_the_admin_page_lists_placed_stories_in_order_with_their_state(client, editor):
    first, second = stories(2)
    place(second, first, user=editor)
    workflow.unpublish_articles([first], user=editor)
    client.force_login(editor)
    response = client.get(reverse(ADMIN_PAGE))
    html = response.content.decode()
    assert html.index("Story 2") < html.index("Story 1")
    assertContains(response, "not shown until it is published again")
    assertContains(client.get(reverse("admin:index")), "Front page")


def posted(stories=(), sections=(), shown=None, **fields):
    shown = sections if shown is None else shown
    return {
        "story": [story.pk for story in stories],
        "section": [section.pk for section in sections],
        "show_section": [section.pk for section in shown],
        **fields,
    }


def placed_headlines():
    return list(FrontPagePlacement.objects.values_list("article__headline", flat=True))


def test_an_editor_places_a_story_from_the_admin(client, editor):
    first, second = stories(2)
    client.force_login(editor)
    response = client.post(reverse(ADMIN_PAGE), posted(move="add", add=second.pk))
    assert response.status_code == 302
    assert placed_headlines() == ["Story 2"]
    response = client.post(reverse(ADMIN_PAGE), posted([second], move="add", add=first.pk))
    assert placed_headlines() == ["Story 2", "Story 1"]


@pytest.mark.parametrize(
    ("move", "expected"),
    [
        ("up:{b}", ["B", "A", "C"]),
        ("down:{a}", ["B", "A", "C"]),
        ("lead:{c}", ["C", "A", "B"]),
        ("remove:{b}", ["A", "C"]),
        ("up:{a}", ["A", "B", "C"]),
        ("down:{c}", ["A", "B", "C"]),
        ("save", ["A", "B", "C"]),
    ],
)
def test_the_admin_buttons_move_one_story(client, editor, move, expected):
    a, b, c = (make_article(headline=name) for name in "ABC")
    client.force_login(editor)
    client.post(reverse(ADMIN_PAGE), posted([a, b, c], move=move.format(a=a.pk, b=b.pk, c=c.pk)))
    assert placed_headlines() == expected


def test_the_admin_saves_the_dragged_order_and_the_sections(client, editor):
    a, b = make_article(headline="A"), make_article(headline="B")
    world, sport = make_section(name="World"), make_section(name="Sport")
    client.force_login(editor)
    client.post(reverse(ADMIN_PAGE), posted([b, a], [sport, world], shown=[sport]))
    assert placed_headlines() == ["B", "A"]
    world.refresh_from_db()
    sport.refresh_from_db()
    assert (sport.on_front_page, sport.front_page_position) == (True, 0)
    assert world.on_front_page is False
    client.post(
        reverse(ADMIN_PAGE), posted([b, a], [sport, world], move=f"section-down:{sport.pk}")
    )
    sport.refresh_from_db()
    world.refresh_from_db()
    assert (world.front_page_position, sport.front_page_position) == (0, 1)


def test_the_admin_refuses_a_draft_and_changes_nothing(client, editor):
    live = make_article(headline="Live")
    draft = make_article(headline="Unready", status=Article.Status.DRAFT)
    place(live, user=editor)
    client.force_login(editor)
    response = client.post(reverse(ADMIN_PAGE), posted([live, draft]), follow=True)
    assertContains(response, "only published stories go on the front page")
    assert placed_headlines() == ["Live"]


@pytest.mark.parametrize("bad", [{"story": ["x"]}, {"move": "up:x"}, {"move": "add", "add": "1e3"}])
def test_the_admin_answers_a_mangled_form_without_an_error(client, editor, bad):
    make_article()
    client.force_login(editor)
    response = client.post(reverse(ADMIN_PAGE), {**posted(), **bad}, follow=True)
    assert response.status_code == 200
    assertContains(response, "nothing was changed")
    assert not FrontPagePlacement.objects.exists()


def test_the_admin_search_narrows_the_stories_to_place(client, editor):
    make_article(headline="Harbour reopens")
    make_article(headline="Budget passes")
    make_article(headline="Harbour draft", status=Article.Status.DRAFT)
    client.force_login(editor)
    response = client.get(reverse(ADMIN_PAGE), {"q": "harbour"})
    assertContains(response, "Harbour reopens")
    assertNotContains(response, "Budget passes")
    assertNotContains(response, "Harbour draft")


def test_bylines_show_on_cards(client):
    make_article(authors=[make_author(name="Ciarán Ó Briain")])
    assertContains(client.get(reverse("articles:home")), "Ciarán Ó Briain")


def test_a_lead_without_a_picture_spans_the_page_with_the_top_stories_below(client):
    stories(5)
    html = client.get(reverse("articles:home")).content.decode()
    assert "front-page__beside" not in html
    assert html.count('<h2 class="article-card__headline">') == 4


def test_three_top_stories_stand_beside_a_lead_with_a_picture(client):
    stories(5)
    make_article(headline="Pictured", hero_image=picture_upload(), hero_alt="A quay")
    html = client.get(reverse("articles:home")).content.decode()
    beside = html[html.index('<div class="front-page__beside">') :]
    beside = beside[: beside.index('<div class="card-grid front-page__more-top">')]
    assert beside.count('<article class="article-card') == 3
