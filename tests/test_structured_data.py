"""What crawlers and social sites read: JSON-LD, OpenGraph and Twitter cards, canonical links
and feed discovery."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO

import extruct
import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from articles import paging
from articles.models import Article, Citation, Page
from articles.preview import preview_link_token
from articles.templating import json_ld as json_ld_block
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_page,
    make_section,
    make_source,
    make_tag,
    pictures_made,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
JSON_LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def png_upload(name="picture.png", size=(4, 3)):
    buffer = BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def json_ld(response):
    """Every JSON-LD item on the page, as a search engine's extractor reads them."""
    return extruct.extract(response.content.decode(), base_url=BASE, syntaxes=["json-ld"])[
        "json-ld"
    ]


def item(response, schema_type):
    items = [entry for entry in json_ld(response) if entry.get("@type") == schema_type]
    assert len(items) == 1, [entry.get("@type") for entry in json_ld(response)]
    return items[0]


class MetaTags(HTMLParser):
    """The <meta> and <link> tags of a page: {"og:title": [...], "canonical": [...]}."""

    def __init__(self):
        super().__init__()
        self.found = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.found.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link" and "rel" in attrs:
            self.found.setdefault(attrs["rel"], []).append(attrs)


def meta_tags(response):
    parser = MetaTags()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def article():
    """A published article with a section, tags, two bylines, a source and a correction."""
    section = make_section(name="World")
    first = make_author(name="Maria Kovalenko")
    second = make_author(name="Tom Okafor")
    source = make_source(name="Ministry of Defence", url="https://mod.example/")
    article = make_article(
        headline="Minister visits Minsk",
        slug="minister-visits-minsk",
        summary="The minister met his counterpart on Tuesday.",
        dek="A visit with a message.",
        section=section,
        tags=[make_tag(name="Belarus"), make_tag(name="Defence")],
        authors=[first, second],
        sources=[source],
        backstory="We spoke to four officials and read the ministry's statement.",
    )
    Citation.objects.filter(article=article).update(url="https://mod.example/statement/1")
    make_correction(
        article=article,
        note="An earlier version misspelt the minister's name.",
        published_at=timezone.now() - timedelta(minutes=30),
    )
    return article


# --- NewsArticle ---------------------------------------------------------------------


def test_every_json_ld_block_is_valid_json(client, article):
    response = client.get(article.get_absolute_url())
    blocks = JSON_LD_BLOCK.findall(response.content.decode())
    assert len(blocks) >= 3
    for block in blocks:
        assert json.loads(block)["@context"] == "https://schema.org"


def test_article_page_is_a_news_article_with_headline_and_description(client, article):
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["headline"] == "Minister visits Minsk"
    assert data["description"] == "The minister met his counterpart on Tuesday."


def test_news_article_description_falls_back_to_the_dek(client):
    article = make_article(dek="A visit with a message.")
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["description"] == "A visit with a message."


def test_news_article_dates_are_publication_and_last_substantive_update(client, article):
    updated = timezone.now() - timedelta(minutes=5)
    Article.objects.filter(pk=article.pk).update(content_updated_at=updated)
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["datePublished"].startswith(article.published_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert data["dateModified"].startswith(updated.strftime("%Y-%m-%dT%H:%M:%S"))


def test_news_article_is_modified_when_published_until_a_substantive_update(client, article):
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["dateModified"] == data["datePublished"]


def test_news_article_authors_are_people_with_absolute_author_urls_in_byline_order(client, article):
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["author"] == [
        {"@type": "Person", "name": "Maria Kovalenko", "url": f"{BASE}/authors/maria-kovalenko/"},
        {"@type": "Person", "name": "Tom Okafor", "url": f"{BASE}/authors/tom-okafor/"},
    ]


def test_news_article_publisher_is_the_site_with_an_absolute_png_logo(client, article, settings):
    settings.NEWSROOM_SITE_NAME = "The Daily Test"
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    publisher = data["publisher"]
    assert publisher["name"] == "The Daily Test"
    assert publisher["logo"]["url"] == f"{BASE}/static/img/logo.png"
    with Image.open(finders.find("img/logo.png")) as logo:
        assert logo.format == "PNG"
        assert logo.size == (publisher["logo"]["width"], publisher["logo"]["height"])


def test_news_article_main_entity_of_page_is_the_canonical_url(client, article):
    response = client.get(article.get_absolute_url(), {"utm_source": "newsletter"})
    data = item(response, "ReportageNewsArticle")
    assert data["mainEntityOfPage"]["@id"] == f"{BASE}/articles/minister-visits-minsk/"
    assert meta_tags(response)["canonical"][0]["href"] == data["mainEntityOfPage"]["@id"]


def test_news_article_has_section_and_tags_as_keywords(client, article):
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["articleSection"] == "World"
    assert data["keywords"] == ["Belarus", "Defence"]


def test_news_article_images_are_its_picture_in_three_shapes_that_exist(client, settings):
    article = make_article(hero_image=png_upload(size=(2400, 1800)), hero_alt="A bridge")
    pictures_made(article)
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")

    shapes = [(image["width"], image["height"]) for image in data["image"]]
    assert shapes == [(1200, 675), (1200, 900), (1200, 1200)]
    for image in data["image"]:
        assert image["@type"] == "ImageObject"
        assert image["url"].startswith(f"{BASE}/media/renditions/heroes/")
        name = image["url"].removeprefix(f"{BASE}{settings.MEDIA_URL}")
        with default_storage.open(name) as stored, Image.open(stored) as picture:
            assert picture.size == (image["width"], image["height"])


def test_until_its_crops_are_cut_a_story_shows_its_picture_with_size_and_credit(client):
    article = make_article(
        hero_image=png_upload(size=(2400, 1800)), hero_alt="A bridge", hero_credit="A. Rahman"
    )
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")

    [image] = data["image"]
    assert image["url"] == f"{BASE}/media/{article.hero_image.name}"
    assert (image["width"], image["height"], image["creditText"]) == (2400, 1800, "A. Rahman")


def test_a_small_picture_is_cropped_but_never_enlarged(client):
    article = make_article(hero_image=png_upload(size=(800, 600)), hero_alt="A bridge")
    pictures_made(article)
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")

    assert [(image["width"], image["height"]) for image in data["image"]] == [
        (800, 450),
        (800, 600),
        (600, 600),
    ]


def test_news_article_without_a_picture_shows_its_social_card(client):
    article = make_article()
    pictures_made(article)
    article.refresh_from_db()
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["image"] == [f"{BASE}{article.social_image.url}"]


def test_news_article_cites_its_sources_as_creative_works(client, article):
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Ministry of Defence",
            "url": "https://mod.example/statement/1",
        }
    ]


def test_a_cited_source_without_a_web_address_gets_no_url(client):
    source = make_source(name="Leaflet", url="javascript:alert(1)")
    article = make_article(sources=[source])
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["citation"] == [{"@type": "CreativeWork", "name": "Leaflet"}]


def test_anonymous_sources_appear_only_by_their_anonymity_note(client, article):
    secret = make_source(
        name="Colonel Secretname",
        slug="colonel-secretname",
        organisation="Hidden Directorate",
        url="https://secret.example/colonel",
        is_anonymous=True,
    )
    Citation.objects.create(
        article=article,
        source=secret,
        url="https://secret.example/leak",
        anonymity_note="A serving officer not authorised to speak",
        position=1,
    )
    response = client.get(article.get_absolute_url())
    data = item(response, "ReportageNewsArticle")
    assert data["citation"][1] == {
        "@type": "CreativeWork",
        "name": "Anonymous source: A serving officer not authorised to speak",
    }
    every_block = " ".join(JSON_LD_BLOCK.findall(response.content.decode()))
    for secret_text in ["Secretname", "Hidden Directorate", "secret.example", "colonel"]:
        assert secret_text.lower() not in every_block.lower()


def test_anonymous_source_without_a_note_is_left_out(client):
    secret = make_source(name="Colonel Secretname", is_anonymous=True)
    article = make_article(sources=[secret])
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert "citation" not in data


def test_news_article_lists_published_corrections(client, article):
    make_correction(
        article=article, note="Not out yet.", published_at=timezone.now() + timedelta(hours=1)
    )
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert len(data["correction"]) == 1
    correction = data["correction"][0]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "An earlier version misspelt the minister's name."
    assert correction["datePublished"]


def test_news_article_without_corrections_has_none(client):
    article = make_article()
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert "correction" not in data


def test_news_article_carries_the_backstory(client, article):
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")
    assert data["backstory"] == "We spoke to four officials and read the ministry's statement."


def test_article_breadcrumbs_go_home_section_article(client, article):
    data = item(client.get(article.get_absolute_url()), "BreadcrumbList")
    trail = [(entry["position"], entry["name"], entry["item"]) for entry in data["itemListElement"]]
    assert trail == [
        (1, "Home", f"{BASE}/"),
        (2, "World", f"{BASE}/sections/world/"),
        (3, "Minister visits Minsk", f"{BASE}/articles/minister-visits-minsk/"),
    ]


def test_markup_in_a_headline_cannot_end_the_json_ld_block(client):
    headline = "</script><script>alert(1)</script> & more"
    article = make_article(headline=headline, slug="xss-headline")
    response = client.get(article.get_absolute_url())
    assert "<script>alert(1)" not in response.content.decode()
    assert item(response, "ReportageNewsArticle")["headline"] == headline


def test_json_ld_block_escapes_what_could_close_the_script_element():
    html = json_ld_block({"name": "</script><b>&"})
    assert html == (
        '<script type="application/ld+json">{"name": "\\u003C/script\\u003E\\u003Cb\\u003E'
        '\\u0026"}</script>'
    )
    assert json.loads(JSON_LD_BLOCK.search(html).group(1)) == {"name": "</script><b>&"}


def test_a_page_rendered_without_a_request_has_no_metadata_but_renders():
    page = make_page(title="About us")
    html = render_to_string("articles/page_detail.html", {"site_page": page})
    assert "About us" in html
    assert "application/ld+json" not in html
    assert 'rel="canonical"' not in html


# --- The organisation and its policy pages -------------------------------------------


def test_home_page_carries_the_news_media_organization(client, settings):
    settings.NEWSROOM_SITE_NAME = "The Daily Test"
    data = item(client.get(reverse("articles:home")), "NewsMediaOrganization")
    assert data["name"] == "The Daily Test"
    assert data["url"] == f"{BASE}/"
    assert data["logo"]["url"] == f"{BASE}/static/img/logo.png"


def test_organization_links_its_published_policy_pages(client):
    make_page(title="About us", slug="about", kind=Page.Kind.ABOUT)
    make_page(title="Corrections", slug="corrections-policy", kind=Page.Kind.CORRECTIONS_POLICY)
    make_page(title="Ethics", slug="ethics", kind=Page.Kind.ETHICS_POLICY)
    data = item(client.get(reverse("articles:home")), "NewsMediaOrganization")
    assert data["masthead"] == f"{BASE}/pages/about/"
    assert data["correctionsPolicy"] == f"{BASE}/pages/corrections-policy/"
    assert data["ethicsPolicy"] == f"{BASE}/pages/ethics/"
    assert data["publishingPrinciples"] == f"{BASE}/pages/ethics/"


def test_organization_addresses_follow_the_host_of_each_request(client, settings):
    # (Each request's script prefix: tests/test_page_parts.py, through the WSGI handler.)
    settings.ALLOWED_HOSTS = ["news.example", "mirror.example"]
    make_page(title="About us", slug="about", kind=Page.Kind.ABOUT)
    for host, secure in [("news.example", False), ("mirror.example", True), ("news.example", True)]:
        scheme = "https" if secure else "http"
        data = item(client.get("/", HTTP_HOST=host, secure=secure), "NewsMediaOrganization")
        assert data["url"] == f"{scheme}://{host}/"
        assert data["@id"] == f"{scheme}://{host}/#organization"
        assert data["masthead"] == f"{scheme}://{host}/pages/about/"
        assert data["logo"]["url"] == f"{scheme}://{host}/static/img/logo.png"


def test_organization_leaves_out_unpublished_and_missing_policy_pages(client):
    make_page(slug="ethics", kind=Page.Kind.ETHICS_POLICY, is_published=False)
    make_page(slug="jobs", kind=Page.Kind.OTHER)
    data = item(client.get(reverse("articles:home")), "NewsMediaOrganization")
    for name in ["masthead", "correctionsPolicy", "ethicsPolicy", "publishingPrinciples"]:
        assert name not in data
    assert "/pages/" not in json.dumps(data)


# --- Author pages -----------------------------------------------------------------------


def test_author_page_is_a_profile_page_about_a_person(client):
    author = make_author(
        name="Maria Kovalenko",
        role="Defence correspondent",
        email="maria@desk.example",
        photo=png_upload("maria.png"),
        profile_public=True,
    )
    response = client.get(author.get_absolute_url())
    data = item(response, "ProfilePage")
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Maria Kovalenko"
    assert person["jobTitle"] == "Defence correspondent"
    assert person["url"] == f"{BASE}/authors/maria-kovalenko/"
    assert person["image"].startswith(f"{BASE}/media/")


def test_profile_page_never_gives_the_email(client):
    author = make_author(name="Maria Kovalenko", email="maria@desk.example", profile_public=True)
    response = client.get(author.get_absolute_url())
    assert "desk.example" not in " ".join(JSON_LD_BLOCK.findall(response.content.decode()))
    assert "image" not in item(response, "ProfilePage")["mainEntity"]


# --- OpenGraph, Twitter, canonical and description on every public page ----------------


def public_urls(article):
    about = make_page(title="About us", slug="about", kind=Page.Kind.ABOUT)
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "author": article.bylines.first().author.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
        "source": article.citations.first().source.get_absolute_url(),
        "search": reverse("articles:search") + "?q=minister",
        "page": about.get_absolute_url(),
        "corrections": reverse("articles:corrections"),
    }


@pytest.mark.parametrize(
    "page",
    ["home", "article", "author", "section", "tag", "source", "search", "page", "corrections"],
)
def test_every_public_page_has_social_card_canonical_and_description(client, article, page):
    address = public_urls(article)[page]
    response = client.get(address)
    assert response.status_code == 200
    tags = meta_tags(response)
    for name in [
        "description",
        "og:title",
        "og:description",
        "og:url",
        "og:type",
        "og:site_name",
        "og:image",
        "twitter:card",
    ]:
        assert len(tags.get(name, [])) == 1, name
        assert tags[name][0].strip(), name
    canonical = tags["canonical"]
    assert len(canonical) == 1
    assert canonical[0]["href"] == tags["og:url"][0]
    assert canonical[0]["href"].startswith(f"{BASE}/")
    assert tags["og:image"][0].startswith(f"{BASE}/")


def test_article_social_card_describes_the_article(client, article):
    tags = meta_tags(client.get(article.get_absolute_url()))
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Minister visits Minsk"]
    assert tags["og:description"] == ["The minister met his counterpart on Tuesday."]
    assert tags["article:section"] == ["World"]
    assert tags["article:tag"] == ["Belarus", "Defence"]
    assert tags["article:published_time"] == [article.published_at.isoformat()]
    assert tags["article:modified_time"] == [article.published_at.isoformat()]


def test_article_with_a_picture_gets_a_large_twitter_card(client):
    article = make_article(hero_image=png_upload(), hero_alt="A bridge at dusk")
    article.refresh_from_db()
    picture = article.social_image or article.hero_image
    tags = meta_tags(client.get(article.get_absolute_url()))
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["og:image"] == [f"{BASE}{picture.url}"]
    # The social card is the hero cropped: the hero's own description fits it.
    assert tags["og:image:alt"] == ["A bridge at dusk"]


def test_a_typographic_social_card_is_described_by_the_headline(client):
    article = make_article(headline="Minister resigns")
    pictures_made(article)
    tags = meta_tags(client.get(article.get_absolute_url()))
    assert tags["og:image:alt"] == ["Minister resigns"]


def test_pages_without_a_picture_get_a_summary_card_with_the_logo(client):
    tags = meta_tags(client.get(reverse("articles:home")))
    assert tags["twitter:card"] == ["summary"]
    assert tags["og:type"] == ["website"]
    assert tags["og:image"] == [f"{BASE}/static/img/logo.png"]


def test_a_shared_preview_names_no_canonical_address(client):
    article = make_article(status=Article.Status.DRAFT)
    token = preview_link_token(article)
    response = client.get(reverse("articles:article-preview-shared", kwargs={"token": token}))
    assert response.status_code == 200
    tags = meta_tags(response)
    assert "canonical" not in tags
    assert "og:url" not in tags
    assert token not in " ".join(JSON_LD_BLOCK.findall(response.content.decode()))


def test_canonical_url_keeps_the_page_number_and_drops_tracking(client, monkeypatch):
    monkeypatch.setattr(paging, "STORIES_PER_PAGE", 1)
    section = make_section(name="World")
    make_article(section=section)
    make_article(section=section)
    # The page served, as a number: "02" is page 2.
    response = client.get(section.get_absolute_url(), {"page": "02", "utm_campaign": "x"})
    assert meta_tags(response)["canonical"][0]["href"] == f"{BASE}/sections/world/?page=2"


# --- Feeds, search box and pagination -------------------------------------------------


def test_every_page_advertises_the_site_feeds(client):
    response = client.get(reverse("articles:home"))
    assertContains(
        response,
        '<link rel="alternate" type="application/rss+xml" title="The Newsroom: latest news (RSS)"'
        f' href="{reverse("articles:feed")}">',
        html=True,
    )
    assertContains(
        response,
        '<link rel="alternate" type="application/atom+xml" title="The Newsroom: latest news'
        f' (Atom)" href="{reverse("articles:feed-atom")}">',
        html=True,
    )


@pytest.mark.parametrize("kind", ["section", "author", "source"])
def test_section_author_and_source_pages_advertise_their_own_feeds(client, article, kind):
    obj = {
        "section": article.section,
        "author": article.bylines.first().author,
        "source": article.citations.first().source,
    }[kind]
    response = client.get(obj.get_absolute_url())
    feeds = {link["href"] for link in meta_tags(response)["alternate"]}
    assert reverse(f"articles:{kind}-feed", kwargs={"slug": obj.slug}) in feeds
    assert reverse(f"articles:{kind}-feed-atom", kwargs={"slug": obj.slug}) in feeds
    assert reverse("articles:feed") in feeds


def test_header_has_a_labelled_search_box(client):
    response = client.get(reverse("articles:home"))
    content = response.content.decode()
    form = re.search(r'<form class="site-search"[^>]*>(.*?)</form>', content, re.DOTALL)
    assert form
    assert f'action="{reverse("articles:search")}"' in form.group(0)
    assert 'method="get"' in form.group(0)
    assert '<label class="visually-hidden" for="site-search-query">' in form.group(1)
    assert 'id="site-search-query" type="search" name="q"' in form.group(1)


def test_pagination_keeps_other_query_parameters(client, monkeypatch):
    monkeypatch.setattr(paging, "STORIES_PER_PAGE", 1)
    section = make_section()
    for _ in range(3):
        make_article(section=section)
    response = client.get(section.get_absolute_url(), {"ref": "newsletter", "page": "2"})
    assertContains(response, 'href="?ref=newsletter&amp;page=3" rel="next"')
    assertContains(response, 'href="?ref=newsletter&amp;page=1" rel="prev"')


# --- Types of work and fact checks ----------------------------------------------------

# What Google's documentation asks of a ClaimReview (developers.google.com/search/docs/
# appearance/structured-data/factcheck): required claimReviewed, reviewRating, url and
# author; reviewRating needs alternateName (the verdict readers see) and, when it gives a
# ratingValue, the bestRating and worstRating that scale it; itemReviewed is a Claim with
# its author and, where known, where it appeared and when.
CLAIM_REVIEW_REQUIRED = {"claimReviewed", "reviewRating", "url", "author"}


@pytest.mark.parametrize(
    "work_type, schema_type",
    [
        (Article.WorkType.NEWS, "ReportageNewsArticle"),
        (Article.WorkType.ANALYSIS, "AnalysisNewsArticle"),
        (Article.WorkType.OPINION, "OpinionNewsArticle"),
        (Article.WorkType.REVIEW, "ReviewNewsArticle"),
        (Article.WorkType.EXPLAINER, "BackgroundNewsArticle"),
        (Article.WorkType.SPONSORED, "AdvertiserContentArticle"),
        (Article.WorkType.FACT_CHECK, "NewsArticle"),
    ],
)
def test_each_type_of_work_has_its_schema_type_and_a_label_above_the_headline(
    client, work_type, schema_type
):
    story = make_article(headline="Ports reopen", work_type=work_type, **FACT_CHECK_FIELDS)
    response = client.get(story.get_absolute_url())

    data = item(response, schema_type)
    assert data["headline"] == "Ports reopen"
    content = response.content.decode()
    label = content.index(f'class="work-type work-type--{work_type}"')
    assert label < content.index('class="article__headline"')
    assert Article.WorkType(work_type).label in content[label : label + 200]


def test_opinion_and_sponsored_say_what_they_are_in_words(client):
    opinion = make_article(work_type=Article.WorkType.OPINION)
    sponsored = make_article(work_type=Article.WorkType.SPONSORED)

    assertContains(client.get(opinion.get_absolute_url()), "own view, not the newsroom")
    assertContains(client.get(sponsored.get_absolute_url()), "Paid for by an advertiser")


def test_cards_show_the_type_of_work(client):
    section = make_section(name="Comment")
    make_article(
        headline="Why the talks will fail", work_type=Article.WorkType.OPINION, section=section
    )

    response = client.get(section.get_absolute_url())

    assertContains(response, '<span class="work-type__name">Opinion</span>')


FACT_CHECK_FIELDS = {
    "claim_reviewed": "Unemployment has halved since 2020.",
    "claimant": "Jane Minister",
    "claim_appearance": "Speech to the party conference",
    "claim_url": "https://example.org/speech",
    "claim_date": timezone.localdate() - timedelta(days=3),
    "rating": Article.Rating.MOSTLY_FALSE,
}


@pytest.fixture
def fact_check():
    make_page(title="How we check facts", kind=Page.Kind.VERIFICATION_POLICY)
    return make_article(
        headline="Has unemployment really halved?",
        work_type=Article.WorkType.FACT_CHECK,
        **FACT_CHECK_FIELDS,
    )


def test_a_fact_check_carries_a_claim_review_as_google_requires(client, fact_check):
    data = item(client.get(fact_check.get_absolute_url()), "ClaimReview")

    assert CLAIM_REVIEW_REQUIRED <= data.keys()
    assert data["url"] == f"{BASE}{fact_check.get_absolute_url()}"
    assert data["claimReviewed"] == "Unemployment has halved since 2020."
    assert data["author"]["@type"] == "NewsMediaOrganization"
    assert data["author"]["name"] and data["author"]["url"].startswith(BASE)
    rating = data["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    claim = data["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "Jane Minister"}
    assert claim["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://example.org/speech",
        "name": "Speech to the party conference",
    }
    assert claim["datePublished"] == FACT_CHECK_FIELDS["claim_date"].isoformat()
    assert data["datePublished"]


def test_a_fact_check_shows_its_verdict_at_the_top(client, fact_check):
    response = client.get(fact_check.get_absolute_url())
    content = response.content.decode()

    box = content.index('class="fact-check"')
    assert box < content.index('class="article__body prose"')
    assertContains(response, "Unemployment has halved since 2020.")
    assertContains(response, '<strong class="fact-check__verdict">Mostly false</strong>')
    assertContains(response, 'href="https://example.org/speech"')
    assertContains(response, "how we rate claims")


def test_a_fact_check_by_an_organisation_names_one(client):
    story = make_article(
        work_type=Article.WorkType.FACT_CHECK,
        **{**FACT_CHECK_FIELDS, "claimant": "Acme Party"},
        claimant_kind="Organization",
    )
    claim = item(client.get(story.get_absolute_url()), "ClaimReview")["itemReviewed"]

    assert claim["author"] == {"@type": "Organization", "name": "Acme Party"}


def test_an_ordinary_story_has_no_claim_review(client, article):
    types = [entry["@type"] for entry in json_ld(client.get(article.get_absolute_url()))]

    assert "ClaimReview" not in types


def test_a_fact_check_without_its_claim_or_rating_is_not_published():
    from articles import workflow

    story = make_article(status=Article.Status.DRAFT, work_type=Article.WorkType.FACT_CHECK)

    assert workflow.INCOMPLETE_FACT_CHECK in [
        problem.message for problem in workflow.publication_problems(story)
    ]
    story.claim_reviewed, story.claimant, story.rating = "A claim.", "Someone", 1
    assert workflow.publication_problems(story) == []


# --- Dateline, language, robots ---------------------------------------------------------


def test_the_dateline_comes_before_the_first_paragraph_and_is_where_it_was_made(client):
    story = make_article(dateline="Kyiv", body="The talks resumed on Monday.")
    response = client.get(story.get_absolute_url())
    content = response.content.decode()

    assert content.index('class="article__dateline">Kyiv<') < content.index(
        "The talks resumed on Monday."
    )
    data = item(response, "ReportageNewsArticle")
    assert data["locationCreated"] == {"@type": "Place", "name": "Kyiv"}


def test_every_article_says_its_language(client, article, settings):
    data = item(client.get(article.get_absolute_url()), "ReportageNewsArticle")

    assert data["inLanguage"] == settings.LANGUAGE_CODE


def test_pages_let_search_engines_show_large_pictures(client, article):
    assert meta_tags(client.get(article.get_absolute_url()))["robots"] == [
        "max-image-preview:large"
    ]
    assert meta_tags(client.get(reverse("articles:home")))["robots"] == ["max-image-preview:large"]


def test_search_results_stay_out_of_search_engines(client):
    assert meta_tags(client.get(reverse("articles:search") + "?q=x"))["robots"] == [
        "noindex, follow"
    ]


# --- The Trust Project's policies -----------------------------------------------------

POLICY_PROPERTIES = {
    Page.Kind.UNNAMED_SOURCES_POLICY: "unnamedSourcesPolicy",
    Page.Kind.VERIFICATION_POLICY: "verificationFactCheckingPolicy",
    Page.Kind.DIVERSITY_POLICY: "diversityPolicy",
    Page.Kind.FEEDBACK_POLICY: "actionableFeedbackPolicy",
    Page.Kind.OWNERSHIP: "ownershipFundingInfo",
    Page.Kind.MISSION: "missionCoveragePrioritiesPolicy",
}


def test_the_organisation_and_footer_link_every_trust_project_policy(client):
    from articles.pages import ensure_policy_pages

    ensure_policy_pages()
    response = client.get(reverse("articles:home"))
    data = item(response, "NewsMediaOrganization")

    for kind, name in POLICY_PROPERTIES.items():
        page = Page.objects.get(kind=kind)
        assert data[name] == f"{BASE}{page.get_absolute_url()}"
        assertContains(
            response,
            f'<a class="site-footer__link" href="{page.get_absolute_url()}">{page.title}</a>',
        )


# --- Authors' expertise -----------------------------------------------------------------


def test_an_author_page_shows_and_emits_their_expertise(client):
    author = make_author(
        name="Olena Marchenko",
        role="Energy correspondent",
        knows_about="energy, the Baltic states",
        knows_language="English, Ukrainian",
        same_as="https://social.example/@olena\nhttps://olena.example.org/\njavascript:alert(1)",
        profile_public=True,
    )
    response = client.get(author.get_absolute_url())
    person = item(response, "ProfilePage")["mainEntity"]

    assert person["jobTitle"] == "Energy correspondent"
    assert person["knowsAbout"] == ["energy", "the Baltic states"]
    assert person["knowsLanguage"] == ["English", "Ukrainian"]
    assert person["sameAs"] == ["https://social.example/@olena", "https://olena.example.org/"]
    assertContains(response, 'href="https://social.example/@olena" rel="me noopener"')
    assertContains(response, "energy, the Baltic states")
    assertNotContains(response, "javascript:")


def test_a_profile_link_that_is_not_a_web_address_is_refused():
    from django.core.exceptions import ValidationError

    author = make_author(same_as="ftp://files.example/me")
    with pytest.raises(ValidationError) as refused:
        author.full_clean()

    assert "same_as" in refused.value.message_dict
