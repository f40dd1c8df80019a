"""Receivers that retire cached pages and fragments whenever readers could see a change."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from ..caching import content_changed, fragments_changed
from .article import Article
from .article_parts import Byline, Citation, Correction, SlugRedirect
from .authors import Author
from .pages import Page
from .sources import Source
from .taxonomy import Section, Tag


def retire_cached_pages(**kwargs):
    content_changed()


def retire_article_fragments(instance, **kwargs):
    # An article's cached HTML is keyed on its updated_at: moving it retires that HTML.
    Article.objects.filter(pk=instance.article_id).update(updated_at=timezone.now())


def retire_all_fragments(**kwargs):
    # Authors, sources, sections and tags show on many articles: retire every article's HTML.
    fragments_changed()


def retire_fragments_of_tagged_articles(instance, action, reverse, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # tag.article_set changed: which articles is not always known.
        fragments_changed()
    else:
        Article.objects.filter(pk=instance.pk).update(updated_at=timezone.now())


# Cached public pages are retired on every write readers could see (articles/caching.py).
# Signals rather than save() and delete(): cascades, bulk deletes and tags.set() skip those.
for model in (
    Article,
    Author,
    Byline,
    Citation,
    Correction,
    Page,
    Section,
    SlugRedirect,
    Source,
    Tag,
):
    post_save.connect(
        retire_cached_pages, sender=model, dispatch_uid=f"pages-saved-{model.__name__}"
    )
    post_delete.connect(
        retire_cached_pages, sender=model, dispatch_uid=f"pages-deleted-{model.__name__}"
    )
m2m_changed.connect(retire_cached_pages, sender=Article.tags.through, dispatch_uid="pages-tags")

# Cached fragments of article pages (articles/caching.py) are retired by the same writes.
for model in (Byline, Citation, Correction):
    post_save.connect(
        retire_article_fragments, sender=model, dispatch_uid=f"fragments-saved-{model.__name__}"
    )
    post_delete.connect(
        retire_article_fragments, sender=model, dispatch_uid=f"fragments-deleted-{model.__name__}"
    )
for model in (Author, Section, Source, Tag):
    post_save.connect(
        retire_all_fragments, sender=model, dispatch_uid=f"fragments-saved-{model.__name__}"
    )
    post_delete.connect(
        retire_all_fragments, sender=model, dispatch_uid=f"fragments-deleted-{model.__name__}"
    )
m2m_changed.connect(
    retire_fragments_of_tagged_articles, sender=Article.tags.through, dispatch_uid="fragments-tags"
)
