import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date
from pydantic import ValidationError

from articles import workflow
from articles.api_schemas import ErrorOut
from articles.models import Article, Author
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_section,
    make_source,
    make_tag,
    make_user,
    picture_upload,
    pictures_made,
)

pytestmark = pytest.mark.django_db

# Fields readers must never see, at any depth of any payload.
INTERNAL_KEYS = {"status", "email", "body", "user", "created_at", "position", "aliases"}

UNPUBLISHED = [
    pytest.param({"status": Article.Status.DRAFT}, id="draft"),
    pytest.param({"status": Article.Status.IN_REVIEW}, id="in-review"),
    pytest.param(
        {"status": Article.Status.ARCHIVED, "published_at": timezone.now() - timedelta(days=2)},
        id="archived",
    ),
    pytest.param(
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
        id="scheduled",
    ),
]


def all_keys(payload):
    """Every dictionary key in a JSON payload, however deeply nested."""
    if isinstance(payload, dict):
        keys = set(payload)
        for value in payload.values():
            keys |= all_keys(value)
        return keys
    if isinstance(payload, list):
        return set().union(*(all_keys(item) for item in payload))
    return set()


def slugs(items):
    return [item["slug"] for item in items]


@pytest.fixture
def story():
    """A published article with everything the API shows, and its people and sources."""
    author = make_author(
        name="Jane Doe",
        role="Defense correspondent",
        bio="Covers *defence*.",
        email="jane@desk.example",
        user=make_user(),
    )
    source = make_source(
        name="Ministry channel",
        kind="official",
        organisation="Ministry of Defence",
        url="https://t.me/ministry",
        aliases="The ministry",
    )
    section = make_section(name="World", description="Beyond our borders.")
    article = make_article(
        headline="Minister visits the front",
        dek="A rare trip.",
        summary="The minister travelled east.",
        body="The minister **travelled** east.",
        section=section,
        authors=[author],
        sources=[source],
        tags=[make_tag(name="Defence")],
    )
    citation = article.citations.get()
    citation.supports = "the purpose of the visit"
    citation.url = "https://t.me/ministry/42"
    citation.save()
    make_correction(article=article, note="An earlier version misspelt the town.")
    return {"article": article, "author": author, "source": source, "section": section}


def endpoint_urls(story):
    return [
        reverse("api:article-list"),
        reverse("api:article-detail", kwargs={"slug": story["article"].slug}),
        reverse("api:author-list"),
        reverse("api:author-detail", kwargs={"slug": story["author"].slug}),
        reverse("api:section-list"),
        reverse("api:source-list"),
        reverse("api:source-detail", kwargs={"slug": story["source"].slug}),
    ]


# Articles list


def test_article_list_shows_published_articles_newest_first(client):
    now = timezone.now()
    old = make_article(published_at=now - timedelta(days=3))
    new = make_article(published_at=now - timedelta(hours=1))
    middle = make_article(published_at=now - timedelta(days=1))

    data = client.get(reverse("api:article-list")).json()

    assert data["count"] == 3
    assert slugs(data["items"]) == [new.slug, middle.slug, old.slug]


def test_article_list_item_has_card_fields_and_absolute_urls(client, story):
    item = client.get(reverse("api:article-list")).json()["items"][0]

    assert item["headline"] == "Minister visits the front"
    assert item["url"] == f"http://testserver/articles/{story['article'].slug}/"
    assert item["dek"] == "A rare trip."
    assert item["summary"] == "The minister travelled east."
    assert item["section"] == {
        "name": "World",
        "slug": "world",
        "url": "http://testserver/sections/world/",
    }
    assert item["tags"] == [
        {"name": "Defence", "slug": "defence", "url": "http://testserver/tags/defence/"}
    ]
    assert item["bylines"] == [
        {
            "name": "Jane Doe",
            "slug": "jane-doe",
            "role": "writer",
            "url": "http://testserver/authors/jane-doe/",
        }
    ]
    assert "body_html" not in item
    assert item["picture"] is None


def test_articles_carry_their_hero_picture_with_every_rendition(client):
    article = make_article(hero_image=picture_upload(), hero_alt="A quay at dawn")
    pictures_made(article)
    listed = client.get(reverse("api:article-list")).json()["items"][0]["picture"]
    detail = client.get(reverse("api:article-detail", kwargs={"slug": article.slug})).json()
    assert detail["picture"] == listed
    assert listed["alt"] == "A quay at dawn"
    assert listed["url"].startswith("http://testserver/media/renditions/heroes/")
    assert (listed["width"], listed["height"], listed["type"]) == (1200, 800, "image/jpeg")
    assert [(r["width"], r["type"]) for r in listed["renditions"]] == [
        (width, kind) for width in (480, 960, 1200) for kind in ("image/webp", "image/jpeg")
    ]
    assert all(r["url"].startswith("http://testserver/media/") for r in listed["renditions"])


@pytest.mark.parametrize("fields", UNPUBLISHED)
def test_article_list_leaves_out_unpublished_articles(client, fields):
    published = make_article()
    make_article(**fields)

    data = client.get(reverse("api:article-list")).json()

    assert data["count"] == 1
    assert slugs(data["items"]) == [published.slug]


def test_article_list_filters_by_section(client):
    world = make_section(name="World")
    wanted = make_article(section=world)
    make_article(section=make_section(name="Sport"))
    make_article()

    data = client.get(reverse("api:article-list"), {"section": "world"}).json()

    assert slugs(data["items"]) == [wanted.slug]


def test_article_list_filters_by_author(client):
    jane = make_author(name="Jane Doe")
    wanted = make_article(authors=[jane, make_author()])
    make_article(authors=[make_author()])

    data = client.get(reverse("api:article-list"), {"author": "jane-doe"}).json()

    assert slugs(data["items"]) == [wanted.slug]


def test_article_list_filters_by_tag(client):
    defence = make_tag(name="Defence")
    wanted = make_article(tags=[defence])
    make_article(tags=[make_tag()])

    data = client.get(reverse("api:article-list"), {"tag": "defence"}).json()

    assert slugs(data["items"]) == [wanted.slug]


def test_article_list_filters_by_source(client):
    agency = make_source(name="Agency")
    wanted = make_article(sources=[agency])
    make_article(sources=[make_source()])

    data = client.get(reverse("api:article-list"), {"source": "agency"}).json()

    assert slugs(data["items"]) == [wanted.slug]


def test_article_list_source_filter_lists_an_article_citing_it_twice_once(client):
    agency = make_source(name="Agency")
    article = make_article(sources=[agency, agency])

    data = client.get(reverse("api:article-list"), {"source": "agency"}).json()

    assert data["count"] == 1
    assert slugs(data["items"]) == [article.slug]


def test_article_list_published_after_includes_that_day(client):
    now = timezone.now()
    make_article(published_at=now - timedelta(days=10))
    on_the_day = make_article(published_at=now - timedelta(days=5))
    later = make_article(published_at=now - timedelta(hours=1))

    day = (now - timedelta(days=5)).date().isoformat()
    data = client.get(reverse("api:article-list"), {"published_after": day}).json()

    assert slugs(data["items"]) == [later.slug, on_the_day.slug]


def test_article_list_published_before_includes_that_day(client):
    now = timezone.now()
    earlier = make_article(published_at=now - timedelta(days=10))
    on_the_day = make_article(published_at=now - timedelta(days=5))
    make_article(published_at=now - timedelta(hours=1))

    day = (now - timedelta(days=5)).date().isoformat()
    data = client.get(reverse("api:article-list"), {"published_before": day}).json()

    assert slugs(data["items"]) == [on_the_day.slug, earlier.slug]


def test_article_list_combines_filters(client):
    world = make_section(name="World")
    jane = make_author(name="Jane Doe")
    wanted = make_article(section=world, authors=[jane])
    make_article(section=world)
    make_article(authors=[jane])

    data = client.get(reverse("api:article-list"), {"section": "world", "author": "jane-doe"})

    assert slugs(data.json()["items"]) == [wanted.slug]


def test_article_list_filters_never_reveal_unpublished_articles(client):
    world = make_section(name="World")
    make_article(section=world, status=Article.Status.DRAFT)

    data = client.get(reverse("api:article-list"), {"section": "world"}).json()

    assert data == {"items": [], "count": 0}


@pytest.mark.parametrize("name", ["section", "author", "tag", "source"])
def test_article_list_unknown_filter_slug_is_404_naming_it(client, name):
    response = client.get(reverse("api:article-list"), {name: "no-such-thing"})

    assert response.status_code == 404
    assert response.json() == {"detail": f"No {name} with the slug 'no-such-thing'.", "errors": []}


# PostgreSQL refuses NUL in any string it is sent (a 500 if the query reached it); the other
# control characters it stores, and no slug holds. Run on PostgreSQL by .ci/run.
CONTROL_CHARACTERS = ["\x00", "\x01", "\x1f", "\x7f", "\n"]


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
@pytest.mark.parametrize("name", ["section", "author", "tag", "source"])
def test_article_list_filter_slug_with_a_control_character_is_404_not_a_500(
    client, name, character
):
    make_article(section=make_section(name="World"), authors=[make_author(name="World")])

    response = client.get(reverse("api:article-list"), {name: f"world{character}"})

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"No {name} with the slug 'world{character}'.",
        "errors": [],
    }


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
@pytest.mark.parametrize("name", ["published_after", "published_before"])
def test_article_list_date_with_a_control_character_is_422_not_a_500(client, name, character):
    response = client.get(reverse("api:article-list"), {name: f"2024-01-01{character}"})

    assert response.status_code == 422
    assert [error["parameter"] for error in response.json()["errors"]] == [name]


@pytest.mark.parametrize("name", ["published_after", "published_before"])
@pytest.mark.parametrize(
    "value",
    # "0" and a midnight time are dates to pydantic, but not the YYYY-MM-DD the schema states.
    ["yesterday", "2024-13-01", "2024-02-30", "20240101x", "0", "2024-01-01T00:00:00", ""],
)
def test_article_list_bad_date_is_422_naming_the_parameter(client, name, value):
    response = client.get(reverse("api:article-list"), {name: value})

    assert response.status_code == 422
    assert [error["parameter"] for error in response.json()["errors"]] == [name]
    assert response.json()["detail"].startswith(f"{name}: ")


def test_article_list_reversed_date_range_is_an_empty_page(client):
    make_article(published_at=timezone.now() - timedelta(days=1))
    day = timezone.localdate()

    response = client.get(
        reverse("api:article-list"),
        {"published_after": day, "published_before": day - timedelta(days=2)},
    )

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_article_list_pages_with_page_and_page_size(client):
    now = timezone.now()
    articles = [make_article(published_at=now - timedelta(hours=hours)) for hours in range(1, 6)]

    data = client.get(reverse("api:article-list"), {"page": 2, "page_size": 2}).json()

    assert data["count"] == 5
    assert slugs(data["items"]) == [articles[2].slug, articles[3].slug]


def test_article_list_page_past_the_end_is_empty(client):
    make_article()

    data = client.get(reverse("api:article-list"), {"page": 9}).json()

    assert data == {"items": [], "count": 1}


def test_article_list_page_size_of_100_is_the_largest_allowed(client):
    published_at = timezone.now() - timedelta(hours=1)
    Article.objects.bulk_create(
        Article(
            headline=f"Story {number}",
            slug=f"story-{number}",
            body="Text.",
            status=Article.Status.PUBLISHED,
            published_at=published_at,
        )
        for number in range(101)
    )

    largest = client.get(reverse("api:article-list"), {"page_size": 100})
    too_large = client.get(reverse("api:article-list"), {"page_size": 101})

    assert largest.json()["count"] == 101
    assert len(largest.json()["items"]) == 100
    assert too_large.status_code == 422
    assert too_large.json()["errors"] == [
        {"parameter": "page_size", "message": "Input should be less than or equal to 100"}
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page": -1},
        {"page": "abc"},
        {"page": 100_001},
        {"page_size": 0},
        {"page_size": "lots"},
        {"page_size": 101},
    ],
    ids=[
        "page-0",
        "page-negative",
        "page-text",
        "page-past-the-limit",
        "page-size-0",
        "page-size-text",
        "page-size-past-the-limit",
    ],
)
def test_article_list_bad_paging_is_422(client, params):
    make_article()

    response = client.get(reverse("api:article-list"), params)

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert [error["parameter"] for error in response.json()["errors"]] == list(params)


@pytest.mark.parametrize("path", ["/api/articles/", "/api/authors/", "/api/sources/"])
def test_paging_limits_are_the_schemas_exactly(client, path):
    parameters = client.get("/api/openapi.json").json()["paths"][path]["get"]["parameters"]
    limits = {
        parameter["name"]: (parameter["schema"]["minimum"], parameter["schema"]["maximum"])
        for parameter in parameters
        if parameter["name"] in {"page", "page_size"}
    }

    assert limits == {"page": (1, 100_000), "page_size": (1, 100)}
    for name, (lowest, highest) in limits.items():
        assert client.get(path, {name: lowest}).status_code == 200
        assert client.get(path, {name: highest}).status_code == 200
        assert client.get(path, {name: lowest - 1}).status_code == 422
        assert client.get(path, {name: highest + 1}).status_code == 422


# Article detail


def test_article_detail_shows_the_whole_story(client, story):
    article = story["article"]

    data = client.get(reverse("api:article-detail", kwargs={"slug": article.slug})).json()

    assert data["headline"] == "Minister visits the front"
    assert data["url"] == f"http://testserver/articles/{article.slug}/"
    assert data["body_html"] == article.body_html
    assert "<strong>travelled</strong>" in data["body_html"]
    assert data["section"]["slug"] == "world"
    assert slugs(data["tags"]) == ["defence"]
    assert slugs(data["bylines"]) == ["jane-doe"]
    assert data["citations"] == [
        {
            "source": {
                "name": "Ministry channel",
                "slug": "ministry-channel",
                "kind": "official",
                "organisation": "Ministry of Defence",
                "url": "http://testserver/sources/ministry-channel/",
                "website": "https://t.me/ministry",
            },
            "supports": "the purpose of the visit",
            "url": "https://t.me/ministry/42",
        }
    ]
    assert [correction["note"] for correction in data["corrections"]] == [
        "An earlier version misspelt the town."
    ]
    assert set(data["corrections"][0]) == {"kind", "note", "published_at"}
    assert data["published_at"] and data["updated_at"] == data["published_at"]


def test_article_updated_at_moves_only_with_substantive_updates(client):
    article = make_article(slug="budget")
    url = reverse("api:article-detail", kwargs={"slug": "budget"})
    article.body = "A typo fixed."
    article.save()
    assert client.get(url).json()["updated_at"] == client.get(url).json()["published_at"]

    article.mark_updated(when=timezone.now() + timedelta(hours=1))

    assert client.get(url).json()["updated_at"] > client.get(url).json()["published_at"]


def test_article_detail_gives_the_type_of_work_and_the_dateline(client):
    article = make_article(work_type=Article.WorkType.ANALYSIS, dateline="Kyiv")

    data = client.get(reverse("api:article-detail", kwargs={"slug": article.slug})).json()

    assert (data["work_type"], data["dateline"]) == ("analysis", "Kyiv")
    listed = client.get(reverse("api:article-list")).json()["items"]
    assert [item["work_type"] for item in listed] == ["analysis"]


def test_article_detail_citation_without_link_falls_back_to_source_website(client):
    article = make_article(sources=[make_source(name="Agency", url="https://agency.example")])

    data = client.get(reverse("api:article-detail", kwargs={"slug": article.slug})).json()

    assert data["citations"][0]["url"] == "https://agency.example"


def test_article_detail_without_section_or_links_uses_null(client):
    article = make_article(sources=[make_source()])

    data = client.get(reverse("api:article-detail", kwargs={"slug": article.slug})).json()

    assert data["section"] is None
    assert data["citations"][0]["url"] is None
    assert data["citations"][0]["source"]["website"] is None


def test_article_detail_leaves_out_corrections_dated_in_the_future(client):
    article = make_article()
    make_correction(article=article, note="Public now.")
    make_correction(article=article, note="Not yet.", published_at=timezone.now() + timedelta(1))

    data = client.get(reverse("api:article-detail", kwargs={"slug": article.slug})).json()

    assert [correction["note"] for correction in data["corrections"]] == ["Public now."]


# An archived story readers saw is gone (410), not unknown: see the tests below.
@pytest.mark.parametrize("fields", [fields for fields in UNPUBLISHED if fields.id != "archived"])
def test_article_detail_of_unpublished_article_is_404(client, fields):
    article = make_article(**fields)

    response = client.get(reverse("api:article-detail", kwargs={"slug": article.slug}))

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"No article with the slug '{article.slug}'.",
        "errors": [],
    }


def test_article_detail_unknown_slug_is_404(client):
    response = client.get(reverse("api:article-detail", kwargs={"slug": "no-such-story"}))

    assert response.status_code == 404
    assert response.json() == {"detail": "No article with the slug 'no-such-story'.", "errors": []}


def test_article_detail_of_a_story_taken_down_is_410_gone(client):
    article = make_article(headline="Retracted claim", slug="retracted-claim")
    article.archive()

    response = client.get(reverse("api:article-detail", kwargs={"slug": "retracted-claim"}))

    assert response.status_code == 410
    assert response.json() == {
        "detail": "The article with the slug 'retracted-claim' was taken down.",
        "errors": [],
    }
    assert "public" not in response.get("Cache-Control", "")


def test_article_detail_of_an_earlier_address_of_a_story_taken_down_is_410_gone(client):
    article = make_article(slug="first-address")
    article.slug = "second-address"
    article.save()
    article.archive()

    response = client.get(reverse("api:article-detail", kwargs={"slug": "first-address"}))

    assert response.status_code == 410


def test_article_detail_of_a_deleted_story_readers_saw_is_410_gone(client):
    article = make_article(slug="deleted-story")
    workflow.delete_articles([article], user=workflow.SYSTEM)

    response = client.get(reverse("api:article-detail", kwargs={"slug": "deleted-story"}))

    assert response.status_code == 410
    assert response.json() == {
        "detail": "The article with the slug 'deleted-story' was taken down.",
        "errors": [],
    }


def test_article_detail_of_a_story_archived_before_publication_is_404(client):
    article = make_article(status=Article.Status.DRAFT, slug="never-seen")
    article.archive()

    response = client.get(reverse("api:article-detail", kwargs={"slug": "never-seen"}))

    assert response.status_code == 404


@pytest.mark.parametrize("character", ["%00", "%01", "%1F", "%7F", "%0A"])
@pytest.mark.parametrize("name", ["article-detail", "author-detail", "source-detail"])
def test_detail_slug_with_a_control_character_is_404_not_a_500(client, name, character):
    url = reverse(f"api:{name}", kwargs={"slug": "x"}).replace("/x/", f"/x{character}/")

    response = client.get(url)

    assert response.status_code == 404
    assert response.json()["errors"] == []


# Authors


def test_author_list_shows_public_fields_by_name(client):
    make_author(name="Zoe Writer", role="Editor", bio="Edits **things**.", profile_public=True)
    make_author(name="Adam Reporter", profile_public=True)

    data = client.get(reverse("api:author-list")).json()

    assert data["count"] == 2
    assert data["items"][0] == {
        "name": "Adam Reporter",
        "slug": "adam-reporter",
        "role": "",
        "bio_html": "",
        "url": "http://testserver/authors/adam-reporter/",
    }
    assert data["items"][1]["bio_html"] == "<p>Edits <strong>things</strong>.</p>"


def test_author_list_pages(client):
    for name in ["Ann", "Bob", "Cat"]:
        make_author(name=name, profile_public=True)

    data = client.get(reverse("api:author-list"), {"page": 2, "page_size": 2}).json()

    assert data["count"] == 3
    assert slugs(data["items"]) == ["cat"]


def test_author_detail_lists_only_published_articles_newest_first(client):
    jane = make_author(name="Jane Doe")
    now = timezone.now()
    older = make_article(authors=[jane], published_at=now - timedelta(days=2))
    newer = make_article(authors=[jane], published_at=now - timedelta(hours=2))
    make_article(authors=[jane], status=Article.Status.DRAFT)
    make_article(authors=[jane], published_at=now + timedelta(days=1))
    make_article(authors=[make_author()])

    data = client.get(reverse("api:author-detail", kwargs={"slug": "jane-doe"})).json()

    assert data["name"] == "Jane Doe"
    assert data["url"] == "http://testserver/authors/jane-doe/"
    assert slugs(data["latest_articles"]) == [newer.slug, older.slug]


def test_author_detail_keeps_only_the_20_newest_articles(client):
    jane = make_author(name="Jane Doe")
    now = timezone.now()
    articles = [
        make_article(authors=[jane], published_at=now - timedelta(hours=hours))
        for hours in range(1, 23)
    ]

    data = client.get(reverse("api:author-detail", kwargs={"slug": "jane-doe"})).json()

    assert slugs(data["latest_articles"]) == [article.slug for article in articles[:20]]


def test_author_detail_works_without_articles(client):
    make_author(name="New Hire", profile_public=True)

    response = client.get(reverse("api:author-detail", kwargs={"slug": "new-hire"}))

    assert response.status_code == 200
    assert response.json()["latest_articles"] == []


def test_author_detail_unknown_slug_is_404(client):
    response = client.get(reverse("api:author-detail", kwargs={"slug": "nobody"}))

    assert response.status_code == 404
    assert response.json() == {"detail": "No author with the slug 'nobody'.", "errors": []}


# Sections


def test_section_list_is_in_navigation_order(client):
    make_section(name="Sport", position=2)
    make_section(name="World", position=1, description="Beyond our borders.")

    data = client.get(reverse("api:section-list")).json()

    assert data == [
        {
            "name": "World",
            "slug": "world",
            "url": "http://testserver/sections/world/",
            "description": "Beyond our borders.",
        },
        {
            "name": "Sport",
            "slug": "sport",
            "url": "http://testserver/sections/sport/",
            "description": "",
        },
    ]


# Sources


def test_source_list_shows_sources_by_name(client):
    zed = make_source(name="Zed Agency", kind="agency")
    alpha = make_source(name="Alpha Channel", kind="social", url="https://t.me/alpha")
    make_article(sources=[zed, alpha])
    # A source only a draft cites may be a scoop's: it is not listed until publication.
    make_article(status=Article.Status.DRAFT, sources=[make_source(name="Scoop insider")])

    data = client.get(reverse("api:source-list")).json()

    assert data["count"] == 2
    assert data["items"][0] == {
        "name": "Alpha Channel",
        "slug": "alpha-channel",
        "kind": "social",
        "organisation": "",
        "url": "http://testserver/sources/alpha-channel/",
        "website": "https://t.me/alpha",
    }


def test_source_detail_lists_only_published_articles_citing_it(client):
    agency = make_source(name="Agency", description="A wire service.")
    cited = make_article(sources=[agency])
    make_article(sources=[agency], status=Article.Status.IN_REVIEW)
    make_article(sources=[agency], status=Article.Status.ARCHIVED)
    make_article(sources=[make_source()])

    data = client.get(reverse("api:source-detail", kwargs={"slug": "agency"})).json()

    assert data["description"] == "A wire service."
    assert slugs(data["latest_articles"]) == [cited.slug]


def test_source_detail_of_a_source_no_published_story_cites_is_404(client):
    source = make_source(name="Agency")
    make_article(status=Article.Status.DRAFT, sources=[source])

    response = client.get(reverse("api:source-detail", kwargs={"slug": "agency"}))

    assert response.status_code == 404


def test_source_detail_unknown_slug_is_404(client):
    response = client.get(reverse("api:source-detail", kwargs={"slug": "rumour"}))

    assert response.status_code == 404
    assert response.json() == {"detail": "No source with the slug 'rumour'.", "errors": []}


# Privacy


def test_no_payload_carries_internal_fields(client, story):
    for url in endpoint_urls(story):
        response = client.get(url)

        assert response.status_code == 200, url
        assert not all_keys(response.json()) & INTERNAL_KEYS, url
        assert "jane@desk.example" not in response.text, url
        assert "**travelled**" not in response.text, url
        assert "The ministry" not in response.text, url


def test_unpublished_articles_appear_nowhere(client, story):
    for fields in UNPUBLISHED:
        make_article(
            headline=f"Secret {fields.id}",
            authors=[story["author"]],
            sources=[story["source"]],
            section=story["section"],
            **fields.values[0],
        )

    for url in endpoint_urls(story):
        response = client.get(url)

        assert response.status_code == 200, url
        assert "Secret" not in response.text, url


# Caching and conditional requests


def test_every_endpoint_sends_validators_and_public_cache_control(client, story):
    for url in endpoint_urls(story):
        response = client.get(url)

        assert response.has_header("ETag"), url
        assert response["Cache-Control"] == "public, max-age=60", url


def test_every_endpoint_answers_matching_if_none_match_with_empty_304(client, story):
    for url in endpoint_urls(story):
        etag = client.get(url)["ETag"]

        response = client.get(url, headers={"if-none-match": etag})

        assert response.status_code == 304, url
        assert response.content == b"", url
        assert response["ETag"] == etag, url
        assert response["Cache-Control"] == "public, max-age=60", url


def test_stale_etag_gets_the_full_response(client, story):
    url = reverse("api:article-detail", kwargs={"slug": story["article"].slug})

    response = client.get(url, headers={"if-none-match": '"something-older"'})

    assert response.status_code == 200
    assert response.json()["headline"] == "Minister visits the front"


@pytest.mark.parametrize("name", ["article-list", "article-detail"])
def test_article_endpoints_answer_if_modified_since_with_304(client, story, name):
    kwargs = {"slug": story["article"].slug} if name == "article-detail" else {}
    url = reverse(f"api:{name}", kwargs=kwargs)
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, headers={"if-modified-since": last_modified})

    assert response.status_code == 304
    assert response.content == b""


def test_if_modified_since_before_the_last_change_gets_the_full_response(client, story):
    url = reverse("api:article-list")
    last_modified = parse_http_date(client.get(url)["Last-Modified"])

    response = client.get(url, headers={"if-modified-since": http_date(last_modified - 60)})

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_article_last_modified_is_its_latest_correction(client):
    article = make_article()
    corrected_at = timezone.now() - timedelta(minutes=5)
    make_correction(article=article, published_at=corrected_at)
    # Adding the correction moved updated_at; the article row itself was last saved earlier.
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=3))

    response = client.get(reverse("api:article-detail", kwargs={"slug": article.slug}))

    assert parse_http_date(response["Last-Modified"]) == int(corrected_at.timestamp())


def test_article_last_modified_is_its_last_edit(client):
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    # Adding its bylines and tags moved updated_at again after create() returned, a few
    # milliseconds later: compared unrefreshed, the test failed whenever a second ticked over.
    article.refresh_from_db()

    response = client.get(reverse("api:article-detail", kwargs={"slug": article.slug}))

    assert parse_http_date(response["Last-Modified"]) == int(article.updated_at.timestamp())


def test_list_last_modified_counts_a_scheduled_article_going_live(client):
    make_article(published_at=timezone.now() - timedelta(days=2))
    went_live = timezone.now() - timedelta(minutes=1)
    make_article(published_at=went_live)
    # Both were last edited days ago; the scheduled one went live a minute ago.
    Article.objects.update(updated_at=timezone.now() - timedelta(days=5))

    response = client.get(reverse("api:article-list"))

    assert parse_http_date(response["Last-Modified"]) == int(went_live.timestamp())


def test_list_last_modified_covers_only_the_filtered_articles(client):
    world = make_section(name="World")
    world_story = make_article(section=world, published_at=timezone.now() - timedelta(days=3))
    Article.objects.filter(pk=world_story.pk).update(updated_at=timezone.now() - timedelta(days=2))
    make_article()

    response = client.get(reverse("api:article-list"), {"section": "world"})

    world_story.refresh_from_db()
    assert parse_http_date(response["Last-Modified"]) == int(world_story.updated_at.timestamp())


def test_editing_an_article_changes_its_etags(client, story):
    article = story["article"]
    urls = [
        reverse("api:article-list"),
        reverse("api:article-detail", kwargs={"slug": article.slug}),
    ]
    before = [client.get(url)["ETag"] for url in urls]

    article.headline = "Minister visits the front again"
    article.save()

    for url, etag in zip(urls, before, strict=True):
        response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 200, url
        assert response["ETag"] != etag, url


def test_renaming_an_author_changes_the_article_etag(client, story):
    url = reverse("api:article-detail", kwargs={"slug": story["article"].slug})
    etag = client.get(url)["ETag"]

    Author.objects.filter(pk=story["author"].pk).update(name="Jane Smith")

    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.json()["bylines"][0]["name"] == "Jane Smith"


def test_unpublishing_an_article_changes_the_list_etag(client, story):
    url = reverse("api:article-list")
    etag = client.get(url)["ETag"]

    Article.objects.filter(pk=story["article"].pk).update(status=Article.Status.ARCHIVED)

    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_errors_are_not_cached_publicly(client):
    response = client.get(reverse("api:article-detail", kwargs={"slug": "coming-soon"}))

    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


# Schema and docs


# Every status each operation can answer: 304 to a conditional request, 404 for an unknown
# slug (in the path or a filter), 410 for a story taken down, 422 for a parameter outside its
# schema; and from gunicorn, before the API, 414 and 431 for requests over its size limits.
# Nothing is rate-limited, so no 429.
SIZE_LIMITS = {"414", "431"}
DOCUMENTED_STATUSES = {
    "/api/articles/": {"200", "304", "404", "422", *SIZE_LIMITS},
    "/api/articles/{slug}/": {"200", "304", "404", "410", *SIZE_LIMITS},
    "/api/authors/": {"200", "304", "422", *SIZE_LIMITS},
    "/api/authors/{slug}/": {"200", "304", "404", *SIZE_LIMITS},
    "/api/sections/": {"200", "304", *SIZE_LIMITS},
    "/api/sources/": {"200", "304", "422", *SIZE_LIMITS},
    "/api/sources/{slug}/": {"200", "304", "404", *SIZE_LIMITS},
}


def error_body_errors(schema, body):
    """What is wrong with an error body by the served schema's ErrorOut; empty when nothing."""
    components = schema["components"]["schemas"]
    problems = []
    if set(body) != set(components["ErrorOut"]["properties"]):
        problems.append(f"keys {sorted(body)}, not ErrorOut's")
    for error in body.get("errors", []):
        if set(error) != set(components["ParameterError"]["properties"]):
            problems.append(f"keys {sorted(error)}, not ParameterError's")
    try:
        ErrorOut.model_validate(body, strict=True)
    except ValidationError as error:
        problems.append(str(error))
    return problems


def test_openapi_schema_describes_every_endpoint(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == set(DOCUMENTED_STATUSES)
    parameters = {p["name"] for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    assert parameters == {
        "section",
        "author",
        "tag",
        "source",
        "published_after",
        "published_before",
        "page",
        "page_size",
        "If-None-Match",
        "If-Modified-Since",
    }


def test_every_operation_documents_each_status_it_answers(client):
    paths = client.get("/api/openapi.json").json()["paths"]

    documented = {path: set(paths[path]["get"]["responses"]) for path in paths}
    assert documented == DOCUMENTED_STATUSES


def test_every_error_status_documents_the_one_error_body_with_an_example(client):
    schema = client.get("/api/openapi.json").json()

    for path, operations in schema["paths"].items():
        for status, response in operations["get"]["responses"].items():
            if status.startswith("4") and status not in SIZE_LIMITS:
                content = response["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, path
                assert error_body_errors(schema, content["example"]) == [], (path, status)


def test_every_success_documents_the_validators_and_cache_control(client):
    paths = client.get("/api/openapi.json").json()["paths"]

    for path, operations in paths.items():
        for status in ("200", "304"):
            headers = operations["get"]["responses"][status]["headers"]
            assert headers["ETag"]["required"], (path, status)
            assert headers["Cache-Control"]["required"], (path, status)
            assert not headers["Last-Modified"]["required"], (path, status)


def test_error_bodies_are_the_documented_error_body(client):
    schema = client.get("/api/openapi.json").json()
    make_article(slug="retracted-claim").archive()
    responses = [
        client.get(reverse("api:article-detail", kwargs={"slug": "no-such-story"})),
        client.get(reverse("api:article-detail", kwargs={"slug": "retracted-claim"})),
        client.get(reverse("api:article-list"), {"tag": "no-such-tag"}),
        client.get(reverse("api:article-list"), {"page_size": 101, "published_after": "0"}),
        client.get(reverse("api:author-detail", kwargs={"slug": "nobody"})),
        client.get(reverse("api:source-list"), {"page": 0}),
    ]

    assert [response.status_code for response in responses] == [404, 410, 404, 422, 404, 422]
    for response in responses:
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert error_body_errors(schema, response.json()) == [], response.json()


def test_a_422_names_every_parameter_refused(client):
    response = client.get(reverse("api:article-list"), {"page_size": 101, "published_after": "0"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": "published_after: Input should be a day as YYYY-MM-DD; "
        "page_size: Input should be less than or equal to 100",
        "errors": [
            {"parameter": "published_after", "message": "Input should be a day as YYYY-MM-DD"},
            {"parameter": "page_size", "message": "Input should be less than or equal to 100"},
        ],
    }


def test_the_date_range_rule_is_stated_in_the_schema(client):
    parameters = client.get("/api/openapi.json").json()["paths"]["/api/articles/"]["get"][
        "parameters"
    ]

    described = {parameter["name"]: parameter["description"] for parameter in parameters}
    assert "an empty page, not an error" in described["published_before"]


def test_openapi_schema_names_no_internal_field(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]

    properties = set().union(*(set(schema.get("properties", {})) for schema in schemas.values()))
    assert not properties & INTERNAL_KEYS


@pytest.mark.parametrize("path", ["/api/articles/", "/api/authors/", "/api/sources/"])
@pytest.mark.parametrize("page", ["9223372036854775807", "99999999999999999999", "0", "-1"])
def test_a_page_number_past_any_archive_is_refused_not_a_500(client, path, page):
    assert client.get(path, {"page": page}).status_code == 422


def test_the_apis_own_address_leads_to_its_documentation(client):
    response = client.get("/api/")

    assert response.status_code == 302
    assert response["Location"] == "/api/docs"


def test_docs_page_loads_swagger_ui_from_our_static_files(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert finders.find("ninja/swagger-ui-bundle.js")
    assert finders.find("ninja/swagger-ui.css")


def test_writing_methods_are_not_allowed(client, story):
    response = client.post(reverse("api:article-list"), {"headline": "Injected"})

    assert response.status_code == 405
    assert Article.objects.count() == 1


# Query ceilings: the number of queries does not grow with the number of rows.


@pytest.fixture
def busy_newsroom():
    section = make_section()
    authors = [make_author() for _ in range(3)]
    sources = [make_source() for _ in range(3)]
    tags = [make_tag() for _ in range(3)]
    for _ in range(6):
        article = make_article(section=section, authors=authors, sources=sources, tags=tags)
        make_correction(article=article)
    return {"article": article, "author": authors[0], "source": sources[0], "section": section}


# Each counts the cache generations the page cache reads first (articles/caching.py).
@pytest.mark.parametrize(
    ("name", "ceiling"),
    [
        ("article-list", 6),
        ("article-detail", 6),
        ("author-list", 3),
        ("author-detail", 5),
        ("section-list", 2),
        ("source-list", 3),
        ("source-detail", 5),
    ],
)
def test_query_count_stays_flat(
    client, busy_newsroom, django_assert_max_num_queries, name, ceiling
):
    kind = name.split("-")[0]
    kwargs = {"slug": busy_newsroom[kind].slug} if name.endswith("detail") else {}

    with django_assert_max_num_queries(ceiling):
        response = client.get(reverse(f"api:{name}", kwargs=kwargs))

    assert response.status_code == 200


def test_filtered_article_list_query_count_stays_flat(
    client, busy_newsroom, django_assert_max_num_queries
):
    article = busy_newsroom["article"]
    filters = {
        "section": busy_newsroom["section"].slug,
        "author": busy_newsroom["author"].slug,
        "tag": article.tags.first().slug,
        "source": busy_newsroom["source"].slug,
        "published_after": "2000-01-01",
    }

    # One lookup per slug, then the same six queries as the unfiltered list.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("api:article-list"), filters)

    assert response.json()["count"] == 6


# Browser


@pytest.mark.browser
def test_docs_page_works_offline_in_a_browser(live_server, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".opblock")
    operations = page.locator(".opblock").count()

    assert operations == 7
    assert requested
    assert all(url.startswith(live_server.url) for url in requested)
