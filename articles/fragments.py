"""Cached parts of pages: what costs the most to render is kept on its own.

When a publication retires every cached page (articles/caching.py), most of each page's HTML
is still good: an article's body, bylines and sources, a story's card in a list. Those parts
are cached in the "template_fragments" cache, keyed on versions that change exactly when
what they show changes, so that rendering a page again costs a query or two and a few cache
reads instead of a dozen queries and thousands of template nodes.

The versions name the generations read from the database for the request (caching.py), so
a part is never reused after the change that retired it, whatever the cache kept meanwhile.

Templates cache their parts with Django's {% cache %} tag and the versions below; lists of
stories use {% article_cards %} (templatetags/article_tags.py), which reads every card of a
list in one trip to the cache.
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from .caching import release_fingerprint, request_generations


def unique_version():
    """A version no stored fragment has: the part is rendered afresh (and never reused)."""
    return f"unique-{uuid.uuid4().hex}"


def versioned(request, parts):
    """`parts` made a version for this release and site."""
    # The same for every part of a request's page, and a list asks for one per story.
    prefix = getattr(request, "_fragment_prefix", None)
    if prefix is None:
        site = f"{request.scheme}://{request.get_host()}"
        prefix = request._fragment_prefix = f"{release_fingerprint()}:{site}"
    return ":".join([prefix, *map(str, parts)])


def site_version(request):
    """For parts that show site-wide content (navigation, related stories): any change
    readers could see retires them."""
    return versioned(request, [request_generations(request).content])


def article_version(request, article):
    """For parts that show one article: its own row, its parts and the names it shows.

    Every write operation that changes the article or any of its bylines, citations,
    corrections or tags saves the article, which moves its updated_at (articles/workflow.py).
    Renaming an author, source, section or tag, or a scheduled correction going live, raises
    the fragment generation, which retires every article's parts.
    """
    generations = request_generations(request)
    return versioned(request, [generations.fragments, article.pk, article.updated_at.isoformat()])


def article_parts(request, articles, template_name, **context):
    """Each article rendered with `template_name`, by pk: the parts kept in the cache come
    from one read, and only the missing ones are rendered (ready_to_render reads first what
    they show)."""
    articles = list(articles)
    # Without a request (a template rendered on its own) nothing is cached.
    seconds = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS if request else 0
    fragments = caches["template_fragments"]
    part = [template_name, sorted(context.items())]
    keys = {
        article.pk: make_template_fragment_key(
            "part", [*part, article_version(request, article) if seconds else article.pk]
        )
        for article in articles
    }
    found = fragments.get_many(list(keys.values())) if seconds else {}
    missing = [article for article in articles if keys[article.pk] not in found]
    if missing:
        rendered = {
            keys[article.pk]: render_to_string(template_name, {"article": article, **context})
            for article in ready_to_render(missing)
        }
        if seconds:
            fragments.set_many(rendered, seconds)
        found.update(rendered)
    # Safe: every part was rendered by a template, which escaped what it shows. An article
    # deleted since the list was read has no part.
    return {pk: mark_safe(found.get(key, "")) for pk, key in keys.items()}


def ready_to_render(articles):
    """`articles` with what their cards show: their bylines and, for those a list read with
    for_cards() (only their versions), their whole rows."""
    # Imported here: articles.models imports caching, which imports this module.
    from .models import LONG_TEXT_FIELDS, Article, Byline

    if not articles[0].has_only_version_fields():
        prefetch_related_objects(
            articles, Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )
        return articles
    # Cards show no body: twenty bodies and search vectors would cost more than the rest.
    rows = Article.objects.for_listing().defer(*LONG_TEXT_FIELDS)
    rows = rows.in_bulk([article.pk for article in articles])
    return [rows[article.pk] for article in articles if article.pk in rows]


def article_cards(request, articles, template_name, **context):
    """The articles' cards (article_parts), joined in the articles' order."""
    articles = list(articles)
    parts = article_parts(request, articles, template_name, **context)
    return mark_safe("".join(parts[article.pk] for article in articles))


def get_cached_or_404(request, queryset, **lookup):
    """get_object_or_404(queryset, **lookup), kept in the fragment cache until the site's
    content next changes: a list page then reads its section, tag, author or source once
    per change rather than on every render (saving, renaming or deleting any of them
    changes the content). The queryset's conditions are part of the key, so a queryset
    that hides rows (Source.objects.on_the_record()) never shares an entry with one that
    does not."""
    seconds = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS
    if not seconds:
        return get_object_or_404(queryset, **lookup)
    fragments = caches["template_fragments"]
    conditions = [queryset.model._meta.label, queryset.query.where, sorted(lookup.items())]
    key = make_template_fragment_key("object", [site_version(request), *conditions])
    found = fragments.get(key)
    if found is None:
        # A missing object raises Http404 here and is not kept: nothing to retire later.
        found = get_object_or_404(queryset, **lookup)
        fragments.set(key, found, seconds)
    return found


class CachedCountPaginator(Paginator):
    """A Paginator that keeps its total in the fragment cache under `count_key`.

    Counting 100,000 rows costs PostgreSQL tens of milliseconds on every page of every list;
    the key must change whenever the total can (views.paginate puts site_version() in it).
    """

    def __init__(self, object_list, per_page, *, count_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        seconds = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS
        fragments = caches["template_fragments"]
        count = fragments.get(self.count_key) if seconds else None
        if count is None:
            count = Paginator.count.func(self)
            if seconds:
                fragments.set(self.count_key, count, seconds)
        return count
