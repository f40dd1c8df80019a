"""The newsroom's content: articles, the people who write them and the sources they rest on."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils import dateformat, timezone
from markdownx.models import MarkdownxField

from . import images
from .caching import content_changed, fragments_changed
from .markdown import render_markdown
from .search import MAX_RESULTS, document_vector, query_terms, search_config


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="Shown in navigation.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the section's URL.")
    description = models.TextField(
        blank=True, help_text="One or two sentences for the section page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Navigation order: lower numbers come first."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section-detail", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag-detail", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(max_length=200, help_text="As it appears in bylines.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the author's URL.")
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text='Job title shown with the byline, e.g. "Defense correspondent".',
    )
    bio = MarkdownxField(
        blank=True, help_text="Short biography in Markdown, shown on the author page."
    )
    bio_html = models.TextField(blank=True, editable=False)
    photo = models.ImageField(
        upload_to="authors/", blank=True, help_text="Portrait, ideally square."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account of this author, if any.",
    )
    email = models.EmailField(blank=True, help_text="For the desk only; never shown to readers.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio)
        images.store_upload(self.photo, square=True)
        renaming = not self._state.adding
        super().save(*args, **kwargs)
        if renaming:
            # Bylines are searchable by name, so a renamed author is re-indexed.
            Article.objects.filter(bylines__author=self).distinct().refresh_search_index()

    def get_absolute_url(self):
        return reverse("articles:author-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        # A new portrait is checked and re-encoded here, so the form shows what is wrong.
        try:
            images.clean_upload_for(self.photo, square=True)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error


class SourceKind(models.TextChoices):
    OFFICIAL = "official", "Official channel or statement"
    AGENCY = "agency", "News agency"
    SOCIAL = "social", "Social-media channel"
    DOCUMENT = "document", "Document"
    INTERVIEW = "interview", "Interview"
    PRESS_RELEASE = "press_release", "Press release"
    OTHER = "other", "Other"


class SourceQuerySet(models.QuerySet):
    def on_the_record(self):
        """Sources readers may know by name: every one not granted anonymity."""
        return self.filter(is_anonymous=False)


class Source(models.Model):
    Kind = SourceKind

    name = models.CharField(
        max_length=300,
        help_text='How readers see it, e.g. "Russian Ministry of Defense Telegram channel".',
    )
    slug = models.SlugField(max_length=300, unique=True, help_text="Used in the source's URL.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    organisation = models.CharField(
        max_length=300,
        blank=True,
        help_text='Who is behind it, e.g. "Russian Ministry of Defense".',
    )
    url = models.URLField(
        max_length=500, blank=True, help_text="Home of the source (channel, agency, site)."
    )
    description = models.TextField(
        blank=True, help_text="What this source is and how far it can be trusted."
    )
    aliases = models.TextField(
        blank=True,
        help_text=(
            "Other names the source goes by in copy, one per line; used to match attributions."
        ),
    )
    is_anonymous = models.BooleanField(
        default=False,
        help_text=(
            "On background: readers never see this source's name, organisation, link or "
            "description, only the note on each article that cites it."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renaming = not self._state.adding
        super().save(*args, **kwargs)
        if renaming:
            # Articles are searchable by the names of their sources.
            Article.objects.filter(citations__source=self).distinct().refresh_search_index()

    def get_absolute_url(self):
        return reverse("articles:source-detail", kwargs={"slug": self.slug})

    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


# What only an article's own page (and search) reads: long, and left out of lists.
LONG_TEXT_FIELDS = ("body", "body_html", "search_text", "search_vector")
# What finds an article's cached parts (articles/fragments.py): with the id, its version, and
# what the page around them needs (the address, and the section the navigation marks).
VERSION_FIELDS = ("slug", "updated_at", "section")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published, and their publication time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

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

    def search(self, query):
        """The newest MAX_RESULTS articles matching a query, best first, annotated with `rank`."""
        terms = query_terms(query)
        if not terms:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            search_query = SearchQuery(query, search_type="websearch", config=search_config())
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

    def update(self, **kwargs):
        # update() skips save() and its signals, but readers may see what it changes: cached
        # pages are retired, and cached parts of articles, keyed on updated_at, too.
        kwargs.setdefault("updated_at", timezone.now())
        rows = super().update(**kwargs)
        if rows:
            content_changed()
        return rows

    def refresh_search_index(self):
        """Recompute these articles' searchable names and, on PostgreSQL, their search vectors.

        Article.save() and changes to bylines, citations, authors and sources call this;
        call it yourself after QuerySet.update(), bulk_create() or raw SQL, which skip save().
        """
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
    return [
        models.Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
        # A correction scheduled for later is not shown before its time.
        models.Prefetch(
            "corrections", queryset=Correction.objects.filter(published_at__lte=timezone.now())
        ),
        "tags",
    ]


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
    body = MarkdownxField(help_text="The story in Markdown. Start each section with a # heading.")
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived for search by refresh_search_index(); never edited by hand.
    search_text = models.TextField(
        blank=True, editable=False, help_text="Author and source names, for search."
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

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
        # Through save(), not update(), so whatever listens for saved articles hears of it.
        self.save(update_fields=["content_updated_at", "updated_at"])

    def reset_preview_links(self):
        """Revoke every shareable preview link: they are all signed with the old token."""
        self.preview_token = new_preview_token()
        # Readers see nothing of the token: the article's updated_at stays.
        Article.objects.filter(pk=self.pk).update(
            preview_token=self.preview_token, updated_at=F("updated_at")
        )

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


class SearchedArticlePart(models.Model):
    """A row whose names an article is searched by: saving or deleting it re-indexes the article."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Article.objects.filter(pk=self.article_id).refresh_search_index()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Article.objects.filter(pk=self.article_id).refresh_search_index()
        return deleted


class BylineRole(models.TextChoices):
    WRITER = "writer", "Written by"
    REPORTING = "reporting", "Additional reporting"
    PHOTOS = "photos", "Photos"
    EDITING = "editing", "Editing"


class Byline(SearchedArticlePart):
    Role = BylineRole

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.WRITER)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the byline.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author"),
            models.CheckConstraint(
                condition=Q(role__in=BylineRole.values), name="byline_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.author}"


class Citation(SearchedArticlePart):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    supports = models.CharField(
        max_length=500,
        blank=True,
        help_text='What this source supports in the story, e.g. "the purpose of the visit".',
    )
    url = models.URLField(
        max_length=500, blank=True, help_text="Link to the exact item cited (post, page, document)."
    )
    anonymity_note = models.CharField(
        max_length=500,
        blank=True,
        help_text=(
            "Required when the source is anonymous: why anonymity was granted, "
            "shown to readers in place of the name."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the Sources box.")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.source} — {self.supports}" if self.supports else str(self.source)

    def clean(self):
        super().clean()
        # Readers see the note in place of an anonymous source's name, so it cannot be empty.
        if self.source_id and self.source.is_anonymous and not self.anonymity_note.strip():
            raise ValidationError(
                {
                    "anonymity_note": "This source is anonymous: say why anonymity was granted. "
                    "Readers see this note in place of the name."
                }
            )

    @property
    def link(self):
        return self.url or self.source.url


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"
    EDITORS_NOTE = "editors_note", "Editor's note"


class Correction(models.Model):
    Kind = CorrectionKind

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField(help_text="What was wrong and what is right now, in plain words.")
    published_at = models.DateTimeField(
        default=timezone.now, help_text="When the note was made public."
    )

    class Meta:
        ordering = ["published_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values), name="correction_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.published_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"


class SlugRedirect(models.Model):
    """An article's earlier address, kept so that old links still work."""

    old_slug = models.SlugField(max_length=300, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class PageKind(models.TextChoices):
    ABOUT = "about", "About us / masthead"
    CORRECTIONS_POLICY = "corrections_policy", "Corrections policy"
    ETHICS_POLICY = "ethics_policy", "Ethics policy"
    OTHER = "other", "Other"


class Page(models.Model):
    """A simple page editors maintain: about, masthead, policies."""

    Kind = PageKind

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the page's URL.")
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="Policy pages are linked from the site's structured data.",
    )
    body = MarkdownxField(help_text="The page in Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    is_published = models.BooleanField(default=True, help_text="Untick to hide the page.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PageKind.values), name="page_kind_valid"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page-detail", kwargs={"slug": self.slug})


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
