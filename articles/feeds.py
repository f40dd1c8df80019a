"""RSS 2.0 and Atom feeds of the newest articles: site-wide and per section, author, source."""

import io
import re
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from .addresses import address
from .control_characters import xml_safe
from .models import Article, Author, Section, Source

FEED_LENGTH = 50

# nh3 writes attributes in double quotes, so root-relative links can be matched reliably.
ROOT_RELATIVE_URL = re.compile(r'\b(href|src)="(/[^/"][^"]*)"')


def absolute_urls(html, base):
    """Body HTML with root-relative links made absolute, since feed readers have no page URL."""
    return ROOT_RELATIVE_URL.sub(lambda match: f'{match[1]}="{urljoin(base, match[2])}"', html)


class XmlSafeFeed:
    """A feed generator that leaves out what XML cannot carry from everything it writes: the
    feed's own title and description as well as each item's text, names and body."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = xml_safe(self.feed)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = xml_safe(self.items[-1])

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        # WebSub: where feed readers subscribe to be told of changes (articles/websub.py).
        if settings.NEWSROOM_WEBSUB_HUB:
            handler.addQuickElement(
                self.link_element, "", {"rel": "hub", "href": settings.NEWSROOM_WEBSUB_HUB}
            )

    def write(self, outfile, encoding):
        # Django's generator writes the feed element by element: to the response, that was
        # thousands of small writes, each encoded on its own. Written here into one string,
        # then to the response at once.
        text = io.StringIO()
        super().write(text, encoding)
        outfile.write(text.getvalue())


class RssWithContentFeed(XmlSafeFeed, Rss201rev2Feed):
    """RSS 2.0 with the full story in <content:encoded>."""

    link_element = "atom:link"

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", absolute_urls(item["content"], item["link"]))


class AtomWithContentFeed(XmlSafeFeed, Atom1Feed):
    """Atom with one <author> per byline and the full story in <content type="html">."""

    link_element = "link"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "author_name": None})
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", urljoin(item["link"], url))
            handler.endElement("author")
        handler.addQuickElement(
            "content", absolute_urls(item["content"], item["link"]), {"type": "html"}
        )


class LatestArticlesFeed(Feed):
    """The newest published articles on the whole site."""

    feed_type = RssWithContentFeed
    route = "articles:feed"

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def feed_url(self, obj):
        """rel="self": the feed's public address, the topic WebSub hubs know it by."""
        return settings.NEWSROOM_SITE_URL + address(self.route, obj.slug if obj else "")

    def description(self, obj):
        return settings.NEWSROOM_SITE_TAGLINE

    def subtitle(self, obj):
        # Atom's name for the description.
        return self.description(obj)

    def author_name(self, obj):
        # Atom wants an author for every entry; the publication stands in when there is no byline.
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj):
        return reverse("articles:home")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).for_results().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Descriptions are HTML to feed readers; the summary is plain text.
        return escape(item.summary or item.dek)

    def item_author_name(self, item):
        return ", ".join(byline["name"] for byline in item.page_parts.get("bylines", [])) or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # Atom's <updated> is the last change the publisher calls significant, not every save.
        return item.public_updated_at

    def item_categories(self, item):
        section = [item.section.name] if item.section else []
        return section + [tag["name"] for tag in item.page_parts.get("tags", [])]

    def item_extra_kwargs(self, item):
        return {
            "content": item.body_html,
            "authors": [
                (byline["name"], address("articles:author-detail", byline["slug"]))
                for byline in item.page_parts.get("bylines", [])
            ],
        }


class LatestArticlesAtomFeed(LatestArticlesFeed):
    route = "articles:feed-atom"
    feed_type = AtomWithContentFeed


class SectionFeed(LatestArticlesFeed):
    """The newest published articles in one section."""

    route = "articles:section-feed"

    def get_object(self, request, slug):
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
    route = "articles:section-feed-atom"
    feed_type = AtomWithContentFeed


class AuthorFeed(LatestArticlesFeed):
    """The newest published articles with one author in the byline."""

    route = "articles:author-feed"

    def get_object(self, request, slug):
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
    route = "articles:author-feed-atom"
    feed_type = AtomWithContentFeed


class SourceFeed(LatestArticlesFeed):
    """The newest published articles citing one source."""

    route = "articles:source-feed"

    def get_object(self, request, slug):
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
    route = "articles:source-feed-atom"
    feed_type = AtomWithContentFeed
