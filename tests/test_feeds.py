import re
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from articles.models import Article
from tests.factories import (
    UNPUBLISHED_KINDS,
    make_article,
    make_author,
    make_section,
    make_source,
    make_tag,
    make_unpublished_article,
    picture_upload,
    run_queued_jobs,
)

pytestmark = pytest.mark.django_db

RSS_CONTENT_NAMESPACE = b'xmlns:content="http://purl.org/rss/1.0/modules/content/"'


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, feedparser.parse(response.content)


def headlines(parsed):
    return [entry.title for entry in parsed.entries]


@pytest.fixture
def story():
    """A published story with everything a feed item shows."""
    return make_article(
        headline="Ceasefire talks resume",
        slug="ceasefire-talks-resume",
        summary="Negotiators <met> again & talked.",
        body="Talks **resumed** today. [Earlier](/articles/earlier/) ![Map](/media/map.png)",
        section=make_section(name="World", slug="world"),
        tags=[make_tag(name="Diplomacy"), make_tag(name="Ukraine")],
        authors=[
            make_author(name="Anna Bauer", slug="anna-bauer"),
            make_author(name="Omar Haddad", slug="omar-haddad"),
        ],
        sources=[make_source(name="Reuters", slug="reuters")],
    )


def feed_urls(story):
    """Every feed the story appears in, RSS then Atom, site-wide and per section, author, source."""
    author = story.bylines.first().author
    source = story.citations.first().source
    return [
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        reverse("articles:section-feed", kwargs={"slug": story.section.slug}),
        reverse("articles:section-feed-atom", kwargs={"slug": story.section.slug}),
        reverse("articles:author-feed", kwargs={"slug": author.slug}),
        reverse("articles:author-feed-atom", kwargs={"slug": author.slug}),
        reverse("articles:source-feed", kwargs={"slug": source.slug}),
        reverse("articles:source-feed-atom", kwargs={"slug": source.slug}),
    ]


def test_every_feed_parses_cleanly_and_lists_the_story(client, story):
    for url in feed_urls(story):
        response, parsed = fetch(client, url)

        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert headlines(parsed) == ["Ceasefire talks resume"], url


def test_rss_feed_is_rss_2(client, story):
    response, parsed = fetch(client, reverse("articles:feed"))

    assert response["Content-Type"].startswith("application/rss+xml")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "The Newsroom"


def test_atom_feed_is_atom_1(client, story):
    response, parsed = fetch(client, reverse("articles:feed-atom"))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.version == "atom10"
    assert parsed.feed.subtitle


def test_item_links_are_absolute(client, story):
    for url in (reverse("articles:feed"), reverse("articles:feed-atom")):
        _, parsed = fetch(client, url)

        assert parsed.entries[0].link == "http://testserver/articles/ceasefire-talks-resume/"


def test_item_description_is_the_summary(client, story):
    for url in (reverse("articles:feed"), reverse("articles:feed-atom")):
        _, parsed = fetch(client, url)

        assert parsed.entries[0].summary == "Negotiators &lt;met&gt; again &amp; talked."


def test_rss_item_carries_the_full_body_as_content_encoded(client, story):
    response, parsed = fetch(client, reverse("articles:feed"))

    assert RSS_CONTENT_NAMESPACE in response.content
    assert b"<content:encoded>" in response.content
    assert "Talks <strong>resumed</strong> today." in parsed.entries[0].content[0].value


def test_atom_entry_carries_the_full_body_as_html_content(client, story):
    response, parsed = fetch(client, reverse("articles:feed-atom"))

    content = parsed.entries[0].content[0]
    assert b'<content type="html">' in response.content
    assert content.type == "text/html"
    assert "Talks <strong>resumed</strong> today." in content.value


def test_body_links_and_images_are_made_absolute(client, story):
    for url in (reverse("articles:feed"), reverse("articles:feed-atom")):
        _, parsed = fetch(client, url)

        body = parsed.entries[0].content[0].value
        assert 'href="http://testserver/articles/earlier/"' in body
        assert 'src="http://testserver/media/map.png"' in body


def test_rss_item_names_every_author(client, story):
    _, parsed = fetch(client, reverse("articles:feed"))

    assert parsed.entries[0].author == "Anna Bauer, Omar Haddad"


def test_atom_entry_has_one_author_per_byline(client, story):
    _, parsed = fetch(client, reverse("articles:feed-atom"))

    assert [(author.name, author.href) for author in parsed.entries[0].authors] == [
        ("Anna Bauer", "http://testserver/authors/anna-bauer/"),
        ("Omar Haddad", "http://testserver/authors/omar-haddad/"),
    ]


def test_atom_entry_without_byline_falls_back_to_the_publication(client):
    make_article(headline="Unsigned brief")

    _, parsed = fetch(client, reverse("articles:feed-atom"))

    assert parsed.feed.author == "The Newsroom"
    assert not parsed.bozo


def test_item_categories_are_type_of_work_section_and_tags(client, story):
    for url in (reverse("articles:feed"), reverse("articles:feed-atom")):
        _, parsed = fetch(client, url)

        assert [tag.term for tag in parsed.entries[0].tags] == [
            "News",
            "World",
            "Diplomacy",
            "Ukraine",
        ]


def test_an_opinion_piece_is_filed_as_opinion_in_the_feeds(client):
    make_article(headline="Why the talks will fail", work_type=Article.WorkType.OPINION)
    for url in (reverse("articles:feed"), reverse("articles:feed-atom")):
        _, parsed = fetch(client, url)

        assert parsed.entries[0].tags[0].term == "Opinion"


def test_item_has_published_and_updated_dates(client, story):
    _, rss = fetch(client, reverse("articles:feed"))
    _, atom = fetch(client, reverse("articles:feed-atom"))

    story.refresh_from_db()
    assert rss.entries[0].published_parsed[:6] == story.published_at.utctimetuple()[:6]
    assert atom.entries[0].published_parsed[:6] == story.published_at.utctimetuple()[:6]
    assert atom.entries[0].updated_parsed[:6] == story.public_updated_at.utctimetuple()[:6]


def test_headline_markup_is_text_not_html(client):
    make_article(headline="Q&A: <script>alert(1)</script>")

    response, parsed = fetch(client, reverse("articles:feed"))

    assert b"<script>" not in response.content
    assert parsed.entries[0].title == "Q&A: <script>alert(1)</script>"


def test_characters_xml_cannot_carry_are_left_out_of_every_feed(client):
    # A control character pasted into any field once made every feed it was in a 500.
    story = make_article(
        headline="Ceasefire\x0btalks resume\x01",
        summary="Negotiators\x02 met\ufffe again.",
        body="Talks\x03 resumed.",
        section=make_section(name="World\x04", slug="world"),
        tags=[make_tag(name="Diplomacy\x05")],
        authors=[make_author(name="Anna Bauer\x06", slug="anna-bauer")],
        sources=[make_source(name="Reuters\x07", slug="reuters")],
    )

    for url in feed_urls(story):
        response, parsed = fetch(client, url)

        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert headlines(parsed) == ["Ceasefire talks resume"], url
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", response.text), url


def test_items_come_newest_first(client):
    make_article(headline="Older", published_at=timezone.now() - timedelta(days=2))
    make_article(headline="Newer", published_at=timezone.now() - timedelta(hours=1))

    _, parsed = fetch(client, reverse("articles:feed"))

    assert headlines(parsed) == ["Newer", "Older"]


def test_feed_holds_the_twenty_newest_articles(client):
    assert FEED_LENGTH == 20
    for number in range(21):
        make_article(
            headline=f"Story {number}",
            published_at=timezone.now() - timedelta(minutes=number + 1),
        )

    _, parsed = fetch(client, reverse("articles:feed"))

    assert len(parsed.entries) == 20
    assert "Story 19" in headlines(parsed)
    assert "Story 20" not in headlines(parsed)


@pytest.mark.parametrize("kind", UNPUBLISHED_KINDS)
def test_feeds_never_list_unpublished_articles(client, story, kind):
    make_unpublished_article(
        kind=kind,
        headline="Not for readers yet",
        section=story.section,
        authors=[story.bylines.first().author],
        sources=[story.citations.first().source],
    )

    for url in feed_urls(story):
        _, parsed = fetch(client, url)

        assert headlines(parsed) == ["Ceasefire talks resume"], url


def test_section_feed_lists_only_that_section(client, story):
    make_article(headline="Sports result", section=make_section(name="Sport"))

    _, parsed = fetch(client, reverse("articles:section-feed", kwargs={"slug": "world"}))

    assert headlines(parsed) == ["Ceasefire talks resume"]
    assert parsed.feed.title == "World — The Newsroom"
    assert parsed.feed.link == "http://testserver/sections/world/"


def test_author_feed_lists_only_that_author(client, story):
    make_article(headline="Someone else's story", authors=[make_author()])

    _, parsed = fetch(client, reverse("articles:author-feed", kwargs={"slug": "omar-haddad"}))

    assert headlines(parsed) == ["Ceasefire talks resume"]
    assert parsed.feed.link == "http://testserver/authors/omar-haddad/"


def test_source_feed_lists_only_articles_citing_it(client, story):
    make_article(headline="Citing another source", sources=[make_source()])

    _, parsed = fetch(client, reverse("articles:source-feed-atom", kwargs={"slug": "reuters"}))

    assert headlines(parsed) == ["Ceasefire talks resume"]


@pytest.mark.parametrize(
    "url_name",
    [
        "section-feed",
        "section-feed-atom",
        "author-feed",
        "author-feed-atom",
        "source-feed",
        "source-feed-atom",
    ],
)
def test_unknown_slug_is_not_found(client, url_name):
    response = client.get(reverse(f"articles:{url_name}", kwargs={"slug": "no-such-thing"}))

    assert response.status_code == 404


def test_feed_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    section = make_section()
    for number in range(10):
        make_article(
            headline=f"Story {number}",
            section=section,
            authors=[make_author(), make_author()],
            tags=[make_tag(), make_tag()],
        )

    # The cache generations, the section, then articles with sections, bylines with
    # authors, and tags.
    with django_assert_max_num_queries(5):
        response, parsed = fetch(
            client, reverse("articles:section-feed-atom", kwargs={"slug": section.slug})
        )

    assert len(parsed.entries) == 10


# --- Hero pictures and tag feeds (issue 21) ----------------------------------------------


def test_rss_items_carry_the_hero_picture_as_media_content(client):
    make_article(headline="Quay reopens", hero_image=picture_upload(), hero_alt="A quay at dawn")
    make_article(headline="No picture")
    run_queued_jobs()
    response, parsed = fetch(client, reverse("articles:feed"))
    assert b'xmlns:media="http://search.yahoo.com/mrss/"' in response.content
    with_picture, without = sorted(parsed.entries, key=lambda entry: entry.title != "Quay reopens")
    (media,) = with_picture.media_content
    assert media["url"].startswith("http://testserver/media/renditions/heroes/")
    assert media["url"].endswith("-1200w.jpg")
    assert (media["type"], media["medium"]) == ("image/jpeg", "image")
    assert (media["width"], media["height"]) == ("1200", "800")
    assert b'<media:description type="plain">A quay at dawn</media:description>' in (
        response.content
    )
    assert "media_content" not in without


def test_atom_entries_link_the_hero_picture_as_an_enclosure(client):
    make_article(headline="Quay reopens", hero_image=picture_upload(), hero_alt="A quay at dawn")
    run_queued_jobs()
    _, parsed = fetch(client, reverse("articles:feed-atom"))
    (enclosure,) = [link for link in parsed.entries[0].links if link.rel == "enclosure"]
    assert enclosure.href.startswith("http://testserver/media/renditions/heroes/")
    assert enclosure.type == "image/jpeg"


def test_feeds_carry_the_hero_itself_until_its_renditions_are_made(client):
    article = make_article(hero_image=picture_upload(), hero_alt="A quay at dawn")
    _, parsed = fetch(client, reverse("articles:feed"))
    (media,) = parsed.entries[0].media_content
    # No job has run: the stored picture, at its own size, not a rendition not made yet.
    assert media["url"] == f"http://testserver/media/{article.hero_image.name}"
    assert (media["width"], media["height"]) == ("1200", "800")


def test_tags_have_feeds_like_sections(client):
    tag = make_tag(name="Harbours")
    make_article(headline="Quay reopens", tags=[tag])
    make_article(headline="Budget passes")
    for name in ("articles:tag-feed", "articles:tag-feed-atom"):
        _, parsed = fetch(client, reverse(name, kwargs={"slug": tag.slug}))
        assert headlines(parsed) == ["Quay reopens"]
        assert "Harbours" in parsed.feed.title
    page = client.get(tag.get_absolute_url()).content.decode()
    assert f'href="{reverse("articles:tag-feed", kwargs={"slug": tag.slug})}"' in page


@pytest.mark.parametrize("kind", UNPUBLISHED_KINDS)
def test_a_tag_only_unpublished_stories_use_has_no_feed(client, kind):
    tag = make_tag(name="Scoop")
    make_unpublished_article(kind=kind, tags=[tag])
    assert client.get(reverse("articles:tag-feed", kwargs={"slug": tag.slug})).status_code == 404
    assert (
        client.get(reverse("articles:tag-feed", kwargs={"slug": "no-such-tag"})).status_code == 404
    )
