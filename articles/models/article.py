"""The article: its fields, its queries and what an editor can do with it."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import dateformat, timezone
from markdownx.models import MarkdownxField

from .. import images
from ..markdown import render_markdown, validate_markdown
from ..search import MAX_RESULTS, document_vector, query_terms, search_config
from .authors import Author
from .prepared import PreparedQuery
from .sources import Source
from .taxonomy import Section, Tag

# What only an article's own page (and search) reads: long, and left out of lists.
LONG_TEXT_FIELDS = ("body", "body_html", "search_text", "search_vector")
# What finds an article's cached parts (articles/fragments.py): with the id, its version, and
# what the page around them needs (the address, and the section the navigation marks).
VERSION_FIELDS = ("slug", "updated_at", "section")


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles readers may see: published, and their publication time has come."""
        now = timezone.now() if now is None else now
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now)

    def in_section(self, section):
        return self.filter(section=section)

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def citing(self, source):
        return self.filter(citations__source=source).distinct()

    def tagged(self, tag):
        return self.filter(tags=tag)

    def for_listing(self):
        """What an article card shows, in a fixed number of queries."""
        from .article_parts import Byline  # article_parts.py imports this module.

        return self.select_related("section").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def for_cards(self):
        """Only what finds each card in the fragment cache: the id and version of each story.
        The stories whose cards are missing are then read whole (fragments.article_parts)."""
        return self.only(*VERSION_FIELDS)

    def for_results(self):
        """What a search result shows: a card, and a snippet of the body's HTML."""
        return self.select_related("section").defer("body", "search_text", "search_vector")

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def for_detail(self):
        """What the article page shows, in a fixed number of queries."""
        return self.select_related("section").prefetch_related(*page_parts())

    def for_page(self):
        """Only what the article page needs to find its cached parts. Article.load_page_parts
        reads the rest of the row, and what the page shows besides, only when a part is
        missing."""
        return self.only(*VERSION_FIELDS)

    def search(self, query, config=None):
        """The newest MAX_RESULTS articles matching a query, best first, annotated with `rank`.
        `config` is PostgreSQL's text-search configuration, the site language's by default."""
        terms = query_terms(query)
        if not terms:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            config = config or search_config()
            search_query = SearchQuery(query, search_type="websearch", config=config)
            matches = Q(search_vector=search_query)
            rank = SearchRank(F("search_vector"), search_query)
        else:
            # Elsewhere (SQLite in development): every word must appear in some searched
            # field, and articles whose headline holds more of the words come first.
            matches = Q()
            rank = Value(0)
            for term in terms:
                # SQLite ignores case for ASCII only, so other scripts try the usual spellings.
                in_headline = Q()
                anywhere = Q()
                for spelling in dict.fromkeys([term, term.lower(), term.capitalize()]):
                    in_headline |= Q(headline__icontains=spelling)
                    anywhere |= (
                        Q(headline__icontains=spelling)
                        | Q(dek__icontains=spelling)
                        | Q(summary__icontains=spelling)
                        | Q(search_text__icontains=spelling)
                        | Q(body__icontains=spelling)
                    )
                matches &= anywhere
                rank += Case(When(in_headline, then=Value(1)), default=Value(0))
        # Ranking reads each match's whole search vector, so only the newest matches are
        # ranked: PostgreSQL finds them by walking the newest-first index (or, for a rare
        # word, through the GIN index), and a common word costs no more than a rare one.
        newest = self.filter(matches).newest_first().values("pk")[:MAX_RESULTS]
        return (
            self.filter(pk__in=newest).annotate(rank=rank).order_by("-rank", "-published_at", "-id")
        )

    def refresh_search_index(self):
        """Recompute these articles' searchable names and, on PostgreSQL, their search vectors.

        Article.save() and changes to bylines, citations, authors and sources call this;
        call it yourself after QuerySet.update(), bulk_create() or raw SQL, which skip save().
        """
        from .article_parts import Byline, Citation  # article_parts.py imports this module.

        articles = list(
            self.order_by().prefetch_related(
                models.Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
            )
        )
        for article in articles:
            article.search_text = article.names_for_search()
        Article.objects.bulk_update(articles, ["search_text"])
        if articles and connections[self.db].vendor == "postgresql":
            Article.objects.filter(pk__in=[article.pk for article in articles]).update(
                search_vector=document_vector()
            )


def page_parts():
    """Prefetches for what an article page shows besides the article row."""
    from .article_parts import Byline, Citation, Correction  # article_parts.py imports this module.

    return [
        models.Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
        # A correction scheduled for later is not shown before its time.
        models.Prefetch(
            "corrections", queryset=Correction.objects.filter(published_at__lte=timezone.now())
        ),
        "tags",
    ]


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def published_page(self, slug):
        """The published article at `slug`, read as for_page() reads it, or None: one query,
        with SQL built once per process (prepared.py)."""
        found = PUBLISHED_PAGE.run(self, timezone.now(), limit=1, slug=slug)
        return found[0] if found else None

    def newest_cards(self, subject=None):
        """Published articles for a list of cards, newest first, read as for_cards() reads
        them: all of them, or those filed under `subject` (a section, author, tag or source).
        A sequence for Paginator, each page one query with SQL built once per process."""
        return NewestCards(self, subject)

    def was_taken_down(self, slug):
        """Whether readers once had a story at this address (its own, or an earlier one)
        that has since been archived or deleted: the site and the API answer 410 Gone for it.
        A story taken down before it was published stays unknown."""
        from .article_parts import SlugRedirect  # article_parts.py imports this module.

        archived = (
            self.filter(status=Article.Status.ARCHIVED, published_at__lte=timezone.now())
            .filter(Q(slug=slug) | Q(slug_redirects__old_slug=slug))
            .exists()
        )
        return archived or SlugRedirect.objects.filter(old_slug=slug, article=None).exists()

    def ranked_matches(self, query):
        """The ids of the published articles matching `query`, best first: search() for
        readers. On PostgreSQL, where every query has the same SQL, it is built once per
        process (prepared.py)."""
        if connections[self.db].vendor != "postgresql" or not query_terms(query):
            return list(self.published().search(query).values_list("pk", flat=True))
        rows = RANKED_MATCHES.rows(
            self, timezone.now(), limit=MAX_RESULTS, query=query, config=search_config()
        )
        return [pk for (pk,) in rows]


PUBLISHED_PAGE = PreparedQuery(
    lambda now, slug: Article.objects.published(now=now).for_page().filter(slug=slug).order_by()
)


RANKED_MATCHES = PreparedQuery(
    lambda now, query, config: (
        Article.objects.published(now=now).search(query, config=config).values_list("pk")
    )
)


def newest_cards_query(narrow=None):
    def build(now, **subject):
        queryset = Article.objects.published(now=now)
        if narrow:
            queryset = narrow(queryset, subject["pk"])
        return queryset.for_cards().newest_first()

    return PreparedQuery(build)


class NewestCards:
    """What ArticleManager.newest_cards() returns: Paginator asks its count(), which
    views.paginate keeps in the cache, and one slice of it, a page."""

    # How each kind of list narrows the published articles.
    NARROW = {
        None: None,
        Section: ArticleQuerySet.in_section,
        Author: ArticleQuerySet.by_author,
        Tag: ArticleQuerySet.tagged,
        Source: ArticleQuerySet.citing,
    }
    QUERIES = {model: newest_cards_query(narrow) for model, narrow in NARROW.items()}

    def __init__(self, manager, subject=None):
        self.manager = manager
        self.kind = type(subject) if subject is not None else None
        if self.kind not in self.NARROW:
            raise TypeError(f"No list of articles is filed under {subject!r}")
        self.subject = {"pk": subject.pk} if subject is not None else {}

    def count(self):
        return self.QUERIES[self.kind].build(now=timezone.now(), **self.subject).count()

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step is not None or window.stop is None:
            raise TypeError("Only pages of the list can be read, as slices with an end")
        start = window.start or 0
        limit = max(window.stop - start, 0)
        return self.QUERIES[self.kind].run(
            self.manager, timezone.now(), limit=limit, offset=start, **self.subject
        )


def new_preview_token():
    return secrets.token_urlsafe(24)


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Article(models.Model):
    Status = ArticleStatus

    headline = models.CharField(max_length=300, help_text="The main title, as readers see it.")
    slug = models.SlugField(
        max_length=300,
        unique=True,
        help_text="The article's address. Changing it breaks existing links.",
    )
    dek = models.CharField(
        max_length=500,
        blank=True,
        help_text="Standfirst: one sentence under the headline that sells the story.",
    )
    summary = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Plain text for article cards and the meta description (about 160 characters).",
    )
    body = MarkdownxField(
        help_text="The story in Markdown. Start each section with a # heading.",
        validators=[validate_markdown],
    )
    body_html = models.TextField(blank=True, editable=False)
    hero_image = models.ImageField(upload_to="heroes/", blank=True, help_text="The lead picture.")
    hero_alt = models.CharField(
        max_length=300, blank=True, help_text="Describe the picture for readers who cannot see it."
    )
    hero_caption = models.CharField(max_length=500, blank=True, help_text="What the picture shows.")
    hero_credit = models.CharField(
        max_length=200, blank=True, help_text='E.g. "Jane Doe / Agency".'
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")
    sources = models.ManyToManyField(Source, through="Citation", related_name="articles")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers first see the article. Set automatically when it is published.",
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "Nobody can publish or schedule the article before this time "
            "(e.g. a press release's release time)."
        ),
    )
    content_updated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text='The public "Updated" time: moved only by substantive updates and corrections.',
    )
    backstory = models.TextField(
        blank=True,
        help_text='"How we reported this": optional note shown to readers under the story.',
    )
    anonymous_sources_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The Editor who signed off the anonymous sources cited.",
    )
    anonymous_sources_approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A sign-off covers exactly the anonymous sources cited when it was given: citing another
    # one (in an edit, an import or a restore) needs a new one.
    anonymous_sources_signed_off = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The ids of the anonymous sources the Editor's sign-off covers.",
    )
    preview_token = models.CharField(
        max_length=32,
        default=new_preview_token,
        editable=False,
        help_text="Part of every shareable preview link; resetting it revokes them all.",
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised on every save, to detect conflicting edits."
    )
    social_image = models.ImageField(upload_to="social/", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Which file an import made the article from: a later import updates the article only
    # from a file with the same key, never one that another file or an editor created.
    import_key = models.CharField(
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The file the article was imported from (its front matter's import_key, "
        "or its file name).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived for search by refresh_search_index(); never edited by hand.
    search_text = models.TextField(
        blank=True, editable=False, help_text="Author and source names, for search."
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and archive articles"),
            ("edit_others_article", "Can edit articles written by others"),
            ("approve_anonymous_sources", "Can sign off anonymous sources"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(
                fields=["section", "status", "-published_at"], name="article_section_published"
            ),
            # search_vector's GIN index is made by migration 0002 on PostgreSQL only:
            # SQLite cannot build one, and an index declared here would be built everywhere.
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        from .article_parts import SlugRedirect  # article_parts.py imports this module.

        self.body_html = render_markdown(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # Links to a published article's old address must keep working after a new slug.
        old_public_slug = (
            Article.objects.published()
            .filter(pk=self.pk)
            .exclude(slug=self.slug)
            .values_list("slug", flat=True)
            .first()
            if self.pk
            else None
        )
        if not self._state.adding:
            # Each save is a new version, so an editor working from an older one is warned.
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        images.store_upload(self.hero_image)
        # The share card follows the headline, section and hero, not the body.
        if images.refresh_social_image(self) and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "hero_image", "social_image"}
        super().save(*args, **kwargs)
        if old_public_slug:
            SlugRedirect.objects.update_or_create(
                old_slug=old_public_slug, defaults={"article": self}
            )
        Article.objects.filter(pk=self.pk).refresh_search_index()

    def get_absolute_url(self):
        return reverse("articles:article-detail", kwargs={"slug": self.slug})

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED:
            error = self.embargo_error(self.published_at or timezone.now())
            if error:
                raise ValidationError({"published_at": error})

    def is_scheduled(self):
        """Published, but its publication time has not come yet."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def is_embargoed(self):
        """Whether the embargo still forbids publishing now."""
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    def embargo_error(self, when):
        """Why the article may not go out at `when`, or "" when the embargo allows it."""
        if self.embargo_until is None or when >= self.embargo_until:
            return ""
        lifted = dateformat.format(timezone.localtime(self.embargo_until), "j M Y H:i T")
        return f"Embargoed until {lifted}: publish or schedule at or after that time"

    def publish(self, *, when=None):
        """Publish now, or at `when`; readers see it from then on.

        Raises ValidationError when the embargo forbids that time, so no caller can slip past it.
        """
        when = when or self.published_at or timezone.now()
        error = self.embargo_error(when)
        if error:
            raise ValidationError({"published_at": error})
        self.status = self.Status.PUBLISHED
        self.published_at = when
        self.save()

    def unpublish(self):
        """Back to draft; published_at is kept, so publishing again keeps the first date."""
        self.status = self.Status.DRAFT
        self.save()

    def archive(self):
        """Take the article off the site for good, without deleting it."""
        self.status = self.Status.ARCHIVED
        self.save()

    @property
    def public_updated_at(self):
        """The time readers, feeds and structured data give as "updated"."""
        return self.content_updated_at or self.published_at

    def mark_updated(self, *, when=None):
        """Move the public "Updated" time: for substantive updates and corrections only."""
        self.content_updated_at = when or timezone.now()
        self.save(update_fields=["content_updated_at", "updated_at"])

    def reset_preview_links(self):
        """Revoke every shareable preview link: they are all signed with the old token."""
        self.preview_token = new_preview_token()
        # Readers see nothing of the token: the article's version and updated_at stay.
        Article.objects.filter(pk=self.pk).update(preview_token=self.preview_token)

    def names_for_search(self):
        """Byline and source names, one per line, as search should find them."""
        names = [byline.author.name for byline in self.bylines.all()]
        for citation in self.citations.all():
            # A reader must not find a story by the name it withholds.
            if not citation.source.is_anonymous:
                names += [citation.source.name, citation.source.organisation]
        return "\n".join(dict.fromkeys(name for name in names if name))

    def has_only_version_fields(self):
        """Read by for_page() or for_cards(): what finds its cached parts, not what they show."""
        return "headline" in self.get_deferred_fields()

    def load_page_parts(self):
        """This article with everything its page shows: the whole row, and its bylines,
        citations, corrections and tags, fetched once.

        Templates call this inside cached fragments, so that a cached page skips the queries.
        """
        article = self.__dict__.get("_with_page_parts")
        if article is None:
            article = self
            if self.has_only_version_fields():
                article = Article.objects.select_related("section").get(pk=self.pk)
                # Shared with the parts of the page that use this instance (navigation,
                # related stories), so they query nothing again.
                self.section = article.section
            models.prefetch_related_objects([article], *page_parts())
            self._prefetched_objects_cache = article._prefetched_objects_cache
            self._with_page_parts = article
        return article

    def related_articles(self, limit=4):
        """Other published stories sharing tags or the section, newest first."""
        # A subquery rather than a join: no DISTINCT over whole rows, so the database walks
        # the newest-first index and stops after `limit` matches, however big the archive.
        tag_ids = [tag.pk for tag in self.tags.all()]
        shared = Q(pk__in=Article.tags.through.objects.filter(tag__in=tag_ids).values("article"))
        if self.section_id:
            shared |= Q(section_id=self.section_id)
        return (
            Article.objects.published()
            .filter(shared)
            .exclude(pk=self.pk)
            .for_listing()
            .newest_first()[:limit]
        )
