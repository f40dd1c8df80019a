"""RSS 2.0 and Atom feeds of the newest articles: site-wide and per section, author, tag and
source, each item with its story and its hero picture where it has one.

Each feed is a Jinja2 template (templates/jinja2/feeds/), filled from one query's plain rows.
Django's syndication framework was used before: it built a dictionary per item through a dozen
dynamic lookups and wrote the XML element by element, so a feed of fifty full stories cost as
much as twenty article pages (bench/results.md).
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import F
from django.db.models.fields.json import KeyTransform
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import get_template
from django.utils import timezone
from django.utils.feedgenerator import rfc2822_date, rfc3339_date
from django.utils.http import http_date

from .addresses import address
from .control_characters import xml_safe
from .images import content_type, largest_version
from .models import Article, Author, Section, Source, Tag

# The newest twenty stories, each with its whole text, as a list page shows twenty: a feed
# reader polls often and WebSub (websub.py) tells subscribers of each story as it goes live.
FEED_LENGTH = 20

# What an item needs, read as plain values: no model instance is built for a feed, and of
# the stored page parts only the bylines and tags are read.
ITEM_FIELDS = (
    "headline",
    "slug",
    "summary",
    "dek",
    "published_at",
    "content_updated_at",
    "body_html",
    "work_type",
    "hero_image",
    "hero_alt",
    "pictures_ready",
)
ITEM_PARTS = {
    "section_name": F("section__name"),
    "byline_list": KeyTransform("bylines", "page_parts"),
    "tag_list": KeyTransform("tags", "page_parts"),
}

# The type of work as a category: its label, as readers see it above the headline.
WORK_TYPE_LABELS = dict(Article.WorkType.choices)

# nh3 writes attributes in double quotes, so root-relative links can be matched reliably.
ROOT_RELATIVE_URL = re.compile(r'\b(href|src)="(/[^/"][^"]*)"')

FLAVOURS = {
    "rss": ("feeds/rss.xml", "application/rss+xml; charset=utf-8", rfc2822_date),
    "atom": ("feeds/atom.xml", "application/atom+xml; charset=utf-8", rfc3339_date),
}


def absolute_urls(html, base):
    """Body HTML with root-relative links made absolute, since feed readers have no page URL."""
    if '="/' not in html:  # Most stories link nowhere on the site: no need to scan for it.
        return html
    return ROOT_RELATIVE_URL.sub(lambda match: f'{match[1]}="{urljoin(base, match[2])}"', html)


def hero_picture(row, site):
    """What a feed item says of its story's hero picture: the largest version pages serve,
    its size, type and alt text; None without a picture. From the stored name: no file read.
    RSS carries it as Media RSS <media:content>: an <enclosure> must give the file's length,
    which would mean reading every picture's file for every feed."""
    if not row["hero_image"]:
        return None
    name, width, height = largest_version(row["hero_image"], ready=row["pictures_ready"])
    return {
        "url": urljoin(site + "/", Article._meta.get_field("hero_image").storage.url(name)),
        "type": content_type(name),
        "width": width,
        "height": height,
        "alt": row["hero_alt"],
    }


@dataclass(slots=True)
class FeedItem:
    """One story as its feed entry shows it: absolute addresses, dates in the feed's format."""

    title: str
    link: str
    description: str
    authors: list  # (name, address) pairs
    published: str
    updated: str
    categories: list
    content: str
    picture: dict | None  # hero_picture()

    @classmethod
    def from_row(cls, row, site, format_date):
        link = site + address("articles:article-detail", row["slug"])
        bylines = row["byline_list"] or []
        section = [row["section_name"]] if row["section_name"] else []
        return cls(
            title=row["headline"],
            link=link,
            # Descriptions are HTML to feed readers; the summary is plain text, so it is
            # escaped as HTML here, and again as XML by the template.
            description=html.escape(row["summary"] or row["dek"]),
            authors=[
                (byline["name"], site + address("articles:author-detail", byline["slug"]))
                for byline in bylines
            ],
            published=format_date(row["published_at"]),
            # Atom's <updated> is the last change the publisher calls significant, not every
            # save.
            updated=format_date(row["content_updated_at"] or row["published_at"]),
            # The type of work first, so that a reader can filter out Opinion or Sponsored.
            categories=[
                WORK_TYPE_LABELS[row["work_type"]],
                *section,
                *(tag["name"] for tag in row["tag_list"] or []),
            ],
            content=absolute_urls(row["body_html"], link),
            picture=hero_picture(row, site),
        )


class LatestArticlesFeed:
    """The newest published articles on the whole site, as RSS 2.0 with the full story in
    <content:encoded>. Subclasses narrow the articles; the Atom ones change `flavour`."""

    flavour = "rss"

    def get_object(self, slug):
        return None

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def description(self, obj):
        return settings.NEWSROOM_SITE_TAGLINE

    def link(self, obj):
        return address("articles:home")

    def articles(self, obj):
        return Article.objects.published()

    def __call__(self, request, slug=None):
        obj = self.get_object(slug)
        template_name, content_type, format_date = FLAVOURS[self.flavour]
        site = f"{request.scheme}://{request.get_host()}"
        rows = self.articles(obj).newest_first().values(*ITEM_FIELDS, **ITEM_PARTS)[:FEED_LENGTH]
        items = [FeedItem.from_row(row, site, format_date) for row in rows]
        # The feed changed when its newest story was published or corrected.
        latest = (
            max(
                (
                    max(filter(None, (row["published_at"], row["content_updated_at"])))
                    for row in rows
                ),
                default=None,
            )
            or timezone.now()
        )
        context = {
            "title": self.title(obj),
            "description": self.description(obj),
            "link": site + self.link(obj),
            "author_name": settings.NEWSROOM_SITE_NAME,
            # WebSub (articles/websub.py): with a hub, the feed names it, and itself by the
            # public address the site pings the hub with.
            "hub": settings.NEWSROOM_WEBSUB_HUB,
            "feed_url": (settings.NEWSROOM_SITE_URL if settings.NEWSROOM_WEBSUB_HUB else site)
            + request.path,
            "language": settings.LANGUAGE_CODE,
            "updated": format_date(latest),
            "items": items,
        }
        # What XML cannot carry is left out of the whole document at once: text stored before
        # such characters were refused is still published.
        text = xml_safe(get_template(template_name, using="jinja2").render(context))
        response = HttpResponse(text, content_type=content_type)
        response.headers["Last-Modified"] = http_date(latest.timestamp())
        return response


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """Atom, with one <author> per byline and the full story in <content type="html">."""

    flavour = "atom"


class SectionFeed(LatestArticlesFeed):
    """The newest published articles in one section."""

    def get_object(self, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().in_section(obj)


class SectionAtomFeed(SectionFeed):
    flavour = "atom"


class AuthorFeed(LatestArticlesFeed):
    """The newest published articles with one author in the byline."""

    def get_object(self, slug):
        # As the author's page: public once a story carries the byline, or made public.
        return get_object_or_404(Author.objects.public(), slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return f"The latest stories by {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().by_author(obj)


class AuthorAtomFeed(AuthorFeed):
    flavour = "atom"


class TagFeed(LatestArticlesFeed):
    """The newest published articles with one tag: from its first published story on, as its
    page (a tag only drafts use may be a scoop's)."""

    def get_object(self, slug):
        return get_object_or_404(Tag.objects.public(), slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return f"The latest stories on {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().tagged(obj)


class TagAtomFeed(TagFeed):
    flavour = "atom"


class SourceFeed(LatestArticlesFeed):
    """The newest published articles citing one source."""

    def get_object(self, slug):
        return get_object_or_404(Source.objects.public(), slug=slug)

    def title(self, obj):
        return f"Citing {obj.name} — {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return f"The latest stories that cite {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().citing(obj)


class SourceAtomFeed(SourceFeed):
    flavour = "atom"
