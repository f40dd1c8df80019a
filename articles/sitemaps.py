"""Sitemaps for search engines: published articles, the pages listing them, and Google News."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .control_characters import xml_safe
from .models import Article, Author, Page, Section, Source

# Google News only takes articles from the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000

# Google News wants ISO 639 codes, except for Chinese, which it spells by region.
NEWS_LANGUAGES = {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}


def news_language():
    code = settings.LANGUAGE_CODE.lower()
    return NEWS_LANGUAGES.get(code, code.split("-")[0])


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().newest_first().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of the default, which walks every item again.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ListingSitemap(Sitemap):
    """Pages listing articles, while they have a published one; lastmod is its latest change."""

    model = None
    # How a published article points at one of this sitemap's objects.
    article_lookup = None

    def items(self):
        latest_change = (
            Article.objects.published()
            .filter(**{self.article_lookup: OuterRef("pk")})
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return (
            self.model.objects.annotate(lastmod=Subquery(latest_change))
            .filter(lastmod__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.lastmod


class SectionSitemap(ListingSitemap):
    model = Section
    article_lookup = "section"


class AuthorSitemap(ListingSitemap):
    model = Author
    article_lookup = "bylines__author"

    def items(self):
        # An Editor may make a profile public before the author's first story.
        latest_change = (
            Article.objects.published()
            .filter(bylines__author=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return (
            Author.objects.public()
            .annotate(lastmod=Coalesce(Subquery(latest_change), "updated_at"))
            .order_by("pk")
        )


class SourceSitemap(ListingSitemap):
    model = Source
    article_lookup = "citations__source"

    def items(self):
        # Anonymous sources have no public page; their slugs alone could name them.
        return super().items().filter(is_anonymous=False)


class PageSitemap(Sitemap):
    """The about and policy pages readers and search engines rely on to judge the site."""

    def items(self):
        return Page.objects.filter(is_published=True).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class NewsSitemap(Sitemap):
    """Articles published in the last 48 hours, in Google News's format (feeds/news_sitemap.xml)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .newest_first()
            .only("slug", "headline", "published_at", "updated_at")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        publication = xml_safe({"name": settings.NEWSROOM_SITE_NAME, "language": news_language()})
        for url in urls:
            url["publication"] = publication
            # The only text from the database in any sitemap (the others list addresses and
            # dates); these instances are read for this sitemap alone.
            url["item"].headline = xml_safe(url["item"].headline)
        return urls


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "sources": SourceSitemap,
    "pages": PageSitemap,
}
