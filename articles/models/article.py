"""The article: its fields, its queries and what an editor can do with it."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.fields.json import KeyTransform
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import dateformat, timezone
from markdownx.models import MarkdownxField

from .. import images
from ..addresses import address
from ..markdown import render_markdown, validate_markdown
from ..search import (
    MAX_RESULTS,
    alternatives,
    document_vector,
    query_terms,
    search_config,
    term_regex,
)
from . import compiled
from .authors import Author
from .page_parts import corrections_published, derive_page_parts, reading_minutes
from .sources import Source, SourceKind
from .taxonomy import Section, Tag

# What a story's card shows, and its page besides: lists and pages read only these.
CARD_FIELDS = (
    "slug",
    "headline",
    "dek",
    "summary",
    "published_at",
    "section",
    "hero_image",
    "hero_alt",
    "pictures_ready",
    "work_type",
)
# A card's bylines: only that part of page_parts is read (and decoded) for a list's cards.
CARD_PARTS = {"card_bylines": KeyTransform("bylines", "page_parts")}
# What a fact check records of the claim it checks, and its verdict.
FACT_CHECK_FIELDS = (
    "claim_reviewed",
    "claimant",
    "claimant_kind",
    "claim_appearance",
    "claim_url",
    "claim_date",
    "rating",
)
PAGE_FIELDS = (
    *CARD_FIELDS,
    "page_parts",
    *FACT_CHECK_FIELDS,
    "status",
    "dateline",
    "body_html",
    "hero_caption",
    "hero_credit",
    "hero_rights",
    "social_image",
    "content_updated_at",
    "backstory",
)
# How many articles refresh_derived() reads at a time.
DERIVED_BATCH = 500


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles readers may see: published, and their publication time has come."""
        now = timezone.now() if now is None else now
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now)

    def scheduled(self, now=None):
        """Articles set to publish at a time still to come."""
        now = timezone.now() if now is None else now
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now)

    def embargoed(self, now=None):
        """Articles nobody may publish yet (archived ones aside: they are off the desk)."""
        now = timezone.now() if now is None else now
        return self.filter(embargo_until__gt=now).exclude(status=Article.Status.ARCHIVED)

    def belonging_to(self, user):
        """Articles `user` created, or that carry the byline of their author profile."""
        from .article_parts import Byline  # article_parts.py imports this module.

        theirs = Byline.objects.filter(author__user=user).values("article")
        return self.filter(Q(created_by=user) | Q(pk__in=theirs))

    def in_section(self, section):
        return self.filter(section=section)

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def citing(self, source):
        return self.filter(citations__source=source).distinct()

    def tagged(self, tag):
        return self.filter(tags=tag)

    def for_listing(self):
        """Articles with their sections, bylines and authors, in a fixed number of queries."""
        from .article_parts import Byline  # article_parts.py imports this module.

        return self.select_related("section").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def for_cards(self):
        """What a story's card shows, for any number of cards in one query: its bylines as
        `card_bylines` (from page_parts); its section comes from the page's navigation
        (navigation.py)."""
        return self.only(*CARD_FIELDS).annotate(**CARD_PARTS)

    def filed_under(self, subject=None):
        """The articles of a list page: all of them, or those filed under `subject` (a
        section, author, tag or source)."""
        narrow = {
            None: lambda queryset, subject: queryset,
            Section: ArticleQuerySet.in_section,
            Author: ArticleQuerySet.by_author,
            Tag: ArticleQuerySet.tagged,
            Source: ArticleQuerySet.citing,
        }.get(type(subject) if subject is not None else None)
        if narrow is None:
            raise TypeError(f"No list of articles is filed under {subject!r}")
        return narrow(self, subject)

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def for_detail(self):
        """What the article page shows, in one query: its parts are in page_parts, and its
        section comes from the page's navigation (navigation.py)."""
        return self.only(*PAGE_FIELDS)

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
            # Elsewhere (SQLite in development): every word (of one side of an OR) must
            # begin a word of some searched field, and articles whose headline holds more
            # of the words come first. Matched by regular expression (Python's, on SQLite),
            # which ignores case in every script, and accents as term_regex() spells them.
            matches = Q(pk__in=[])
            rank = Value(0)
            for group in alternatives(query):
                holds_every_term = Q()
                for term in group:
                    pattern = term_regex(term)
                    in_headline = Q(headline__iregex=pattern)
                    holds_every_term &= (
                        in_headline
                        | Q(dek__iregex=pattern)
                        | Q(summary__iregex=pattern)
                        | Q(search_text__iregex=pattern)
                        | Q(body__iregex=pattern)
                    )
                    rank += Case(When(in_headline, then=Value(1)), default=Value(0))
                matches |= holds_every_term
        # Ranking reads each match's whole search vector, so only the newest matches are
        # ranked: PostgreSQL finds them by walking the newest-first index (or, for a rare
        # word, through the GIN index), and a common word costs no more than a rare one.
        newest = self.filter(matches).newest_first().values("pk")[:MAX_RESULTS]
        return (
            self.filter(pk__in=newest).annotate(rank=rank).order_by("-rank", "-published_at", "-id")
        )

    def refresh_derived(self):
        """Recompute what these articles keep of their parts: the names search finds them by
        (and, on PostgreSQL, their search vectors), and page_parts, what their pages and
        cards show of their bylines, sources, corrections and tags (models/page_parts.py).

        Saving an article, a byline, citation or correction, and renaming an author, source
        or tag call this, as the editorial change that saves an article's tags does; call it
        yourself after QuerySet.update(), bulk_create() or raw SQL, which skip save().
        """
        pks = list(self.order_by().values_list("pk", flat=True))
        # In slices: renaming a prolific author touches thousands of stories.
        for start in range(0, len(pks), DERIVED_BATCH):
            Article.objects.filter(pk__in=pks[start : start + DERIVED_BATCH])._refresh_derived()

    def _refresh_derived(self):
        # article_parts.py imports this module.
        from .article_parts import Byline, Citation, CorrectionKind

        labels = {"source": dict(SourceKind.choices), "correction": dict(CorrectionKind.choices)}
        from .evidence import ArchivedCopy  # evidence.py imports article_parts.py.

        articles = list(
            self.only("pk", "body").prefetch_related(
                models.Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
                "corrections",
                "tags",
            )
        )
        # Each citation's newest copy readers may see (a withdrawn one is the newsroom's).
        archived = {}
        for copy in ArchivedCopy.objects.filter(
            citation__article__in=articles, withdrawn_at=None
        ).order_by("citation_id", "-captured_at", "-id"):
            archived.setdefault(copy.citation_id, copy)
        for article in articles:
            article.search_text = article.names_for_search()
            article.page_parts = derive_page_parts(
                article,
                bylines=article.bylines.all(),
                citations=article.citations.all(),
                corrections=article.corrections.all(),
                tags=article.tags.all(),
                labels=labels,
                archived=archived,
            )
        Article.objects.bulk_update(articles, ["search_text", "page_parts"])
        if articles and connections[self.db].vendor == "postgresql":
            self.update(search_vector=document_vector())


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def published_page(self, slug):
        """The published article at `slug` with everything its page shows, or None."""
        found = compiled.read(Article, published_page_query, timezone.now(), slug)
        return found[0] if found else None

    def newest_cards(self, subject=None, now=None):
        """Published articles for a list of cards, newest first: all of them, or those filed
        under `subject` (a section, author, tag or source)."""
        return self.published(now).filed_under(subject).for_cards().newest_first()

    def paged_newest_cards(self, subject=None):
        """newest_cards(subject) for the list pages: sliced, each slice is read with SQL
        compiled once per process (compiled.py)."""
        return NewestCards(subject)

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
        readers. On PostgreSQL the reader's words are one parameter of its SQL, compiled
        once per process (compiled.py); SQLite's fallback writes a pattern per word into it."""
        if not query_terms(query):
            return []
        if connections[self.db].vendor != "postgresql":
            return list(self.published().search(query).values_list("pk", flat=True))
        return compiled.read_ids(
            Article, ranked_matches_query, timezone.now(), query, search_config(), using=self.db
        )

    def search_results(self, ids):
        """The published articles with these ids, as a search result shows them (a card, and
        the body's HTML for its snippet), by id; their sections are the navigation's."""
        found = compiled.read(Article, search_results_query, timezone.now(), tuple(ids))
        return {article.pk: article for article in found}


def new_preview_token():
    return secrets.token_urlsafe(24)


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class WorkType(models.TextChoices):
    """What kind of journalism a story is (the Trust Project's "type of work")."""

    NEWS = "news", "News"
    ANALYSIS = "analysis", "Analysis"
    OPINION = "opinion", "Opinion"
    REVIEW = "review", "Review"
    EXPLAINER = "explainer", "Explainer"
    FACT_CHECK = "fact_check", "Fact check"
    SPONSORED = "sponsored", "Sponsored"


# What each type of work means, in a line readers see beside its label on the story.
WORK_TYPE_NOTES = {
    WorkType.NEWS: "Reported facts, verified by our journalists.",
    WorkType.ANALYSIS: "Interprets the news, drawing on the facts and the author's expertise.",
    WorkType.OPINION: "The author's own view, not the newsroom's reporting.",
    WorkType.REVIEW: "A critic's judgement of a work, product or performance.",
    WorkType.EXPLAINER: "Background and context, to understand the news.",
    WorkType.FACT_CHECK: "We checked a public claim against the evidence.",
    WorkType.SPONSORED: "Paid for by an advertiser; not written by our journalists.",
}


class FactCheckRating(models.IntegerChoices):
    """The newsroom's five-point scale for fact checks, worst to best (documented on the
    verification policy page)."""

    FALSE = 1, "False"
    MOSTLY_FALSE = 2, "Mostly false"
    HALF_TRUE = 3, "Half true"
    MOSTLY_TRUE = 4, "Mostly true"
    TRUE = 5, "True"


class ClaimantKind(models.TextChoices):
    PERSON = "Person", "A person"
    ORGANIZATION = "Organization", "An organisation"


class Article(models.Model):
    Status = ArticleStatus
    WorkType = WorkType
    Rating = FactCheckRating

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
    work_type = models.CharField(
        "type of work",
        max_length=20,
        choices=WorkType.choices,
        default=WorkType.NEWS,
        help_text="Readers see it above the headline: News reports facts; Analysis and "
        "Explainer interpret them; Opinion argues; Sponsored is paid for by an advertiser.",
    )
    dateline = models.CharField(
        max_length=100,
        blank=True,
        help_text='Where the reporting was done, e.g. "KYIV". Shown before the first paragraph.',
    )
    # A fact check's claim: required once the type of work is "Fact check".
    claim_reviewed = models.CharField(
        "claim checked",
        max_length=500,
        blank=True,
        help_text="The claim, in a short sentence, as it was made (fact checks only).",
    )
    claimant = models.CharField(
        "who made the claim",
        max_length=200,
        blank=True,
        help_text="The person or organisation who made it (fact checks only).",
    )
    claimant_kind = models.CharField(
        "the claimant is",
        max_length=20,
        choices=ClaimantKind.choices,
        default=ClaimantKind.PERSON,
    )
    claim_appearance = models.CharField(
        "where it was made",
        max_length=300,
        blank=True,
        help_text='E.g. "Interview on Channel 4 News" (fact checks only).',
    )
    claim_url = models.URLField(
        "link to the claim",
        max_length=500,
        blank=True,
        help_text="The post, video or page where the claim was made (fact checks only).",
    )
    claim_date = models.DateField(
        "date of the claim", null=True, blank=True, help_text="When it was made, if known."
    )
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=FactCheckRating.choices,
        help_text="Our verdict on the newsroom's five-point scale (fact checks only).",
    )
    hero_rights = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The lead picture's rights as its IPTC/XMP metadata gave them on upload "
        "(creator, credit line, copyright notice, source, usage terms, licence).",
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
    pictures_ready = models.BooleanField(
        default=True,
        editable=False,
        help_text="Whether the hero's renditions and the social card exist yet (a job makes "
        "them after a save); until then pages show the hero picture itself.",
    )
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
    # Who sent the story to review and when: what the desk's "waiting for review" shows.
    submitted_for_review_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_for_review_at = models.DateTimeField(null=True, blank=True, editable=False)
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
    # Derived from the article's parts by refresh_derived(); never edited by hand.
    page_parts = models.JSONField(
        default=dict,
        editable=False,
        help_text="What the page and cards show of the bylines, sources, corrections and tags.",
    )
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
            models.CheckConstraint(
                condition=Q(work_type__in=WorkType.values), name="article_work_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__in=FactCheckRating.values),
                name="article_rating_valid",
            ),
            models.CheckConstraint(
                condition=Q(claimant_kind__in=ClaimantKind.values),
                name="article_claimant_kind_valid",
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
        stored = images.store_upload(self.hero_image, renditions=False)
        if stored is not None:
            # A new lead picture brings its rights, and the credit it asks for.
            self.hero_rights = stored.rights.as_dict()
            if not self.hero_credit:
                self.hero_credit = stored.rights.credit_text()[:200]
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "hero_rights", "hero_credit"}
        elif not self.hero_image:
            self.hero_rights = {}
        # The share card follows the headline, section and hero, not the body; it and the
        # hero's renditions are drawn by a job, and pages show the hero itself until then.
        self.pictures_ready = images.article_pictures_in_place(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "hero_image",
                "social_image",
                "pictures_ready",
            }
        super().save(*args, **kwargs)
        if not self.pictures_ready:
            from ..jobs import make_article_pictures  # the jobs import the models.

            make_article_pictures.enqueue(self.pk)
        if old_public_slug:
            SlugRedirect.objects.update_or_create(
                old_slug=old_public_slug, defaults={"article": self}
            )
        Article.objects.filter(pk=self.pk).refresh_derived()

    def get_absolute_url(self):
        return address("articles:article-detail", self.slug)

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def clean(self):
        super().clean()
        if self.work_type == WorkType.FACT_CHECK:
            missing = self.fact_check_missing()
            if missing:
                raise ValidationError({name: "A fact check needs this." for name in missing})
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

    def note_submission(self, *, by, previous_status=None):
        """Remember who sent the story to review and when, if this change sends it there."""
        if self.status == self.Status.IN_REVIEW and previous_status != self.Status.IN_REVIEW:
            self.submitted_for_review_by = by
            self.submitted_for_review_at = timezone.now()

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

    def work_type_note(self):
        return WORK_TYPE_NOTES.get(self.work_type, "")

    def is_fact_check(self):
        return self.work_type == WorkType.FACT_CHECK

    def fact_check_missing(self):
        """The fields a fact check cannot go out without: what was claimed, by whom, and
        our rating (what Google's ClaimReview requires besides the page itself)."""
        if not self.is_fact_check():
            return []
        return [
            name for name in ("claim_reviewed", "claimant", "rating") if not getattr(self, name)
        ]

    @property
    def public_updated_at(self):
        """The time readers, feeds and structured data give as "updated"."""
        return self.content_updated_at or self.published_at

    @property
    def reading_minutes(self):
        return self.page_parts.get("reading_minutes") or reading_minutes(self.body)

    def published_corrections(self):
        """The corrections readers see now, oldest first (from page_parts)."""
        return corrections_published(self.page_parts, timezone.now())

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

    def related_articles(self, limit=4):
        """Other published stories sharing tags or the section, newest first (a list)."""
        # With neither a section nor tags the query matches nothing, and reads nothing.
        tag_ids = tuple(tag["id"] for tag in self.page_parts.get("tags", []))
        return compiled.read(
            Article,
            related_articles_query,
            timezone.now(),
            self.section_id,
            tag_ids,
            self.pk,
            shape=(limit,),
        )


class NewestCards:
    """Published stories filed under `subject` (or all), newest first, as a sequence to
    slice: a list page reads one slice."""

    def __init__(self, subject=None):
        self.subject = subject

    def __getitem__(self, part):
        if not isinstance(part, slice) or part.step is not None:
            raise TypeError("Read a slice of the newest stories")
        subject = self.subject
        kind = None if subject is None else type(subject)
        return compiled.read(
            Article,
            newest_cards_query,
            timezone.now(),
            None if subject is None else subject.pk,
            shape=(kind, part.start, part.stop),
        )


# The public pages' story queries, compiled once per process (compiled.py).


def newest_cards_query(kind, start, stop, now, subject_id):
    subject = None if kind is None else kind.from_db(None, ["id"], [subject_id])
    return Article.objects.newest_cards(subject, now=now)[start:stop]


def published_page_query(now, slug):
    return Article.objects.published(now).for_detail().filter(slug=slug).order_by()[:1]


def ranked_matches_query(now, query, config):
    return Article.objects.published(now).search(query, config=config).values_list("id")


def search_results_query(now, ids):
    published = Article.objects.published(now).filter(pk__in=ids)
    return published.for_cards().only(*CARD_FIELDS, "body_html")


def related_articles_query(limit, now, section_id, tag_ids, pk):
    # A subquery rather than a join: no DISTINCT over whole rows, so the database walks
    # the newest-first index and stops after `limit` matches, however big the archive.
    shared = Q(section_id=section_id) if section_id else Q(pk__in=[])
    if tag_ids:
        tagged = Article.tags.through.objects.filter(tag__in=tag_ids).values("article")
        shared |= Q(pk__in=tagged)
    return (
        Article.objects.published(now)
        .filter(shared)
        .exclude(pk=pk)
        .for_cards()
        .newest_first()[:limit]
    )


@receiver(m2m_changed, sender=Article.tags.through)
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """However an article's tags change (the change form, an import, a restore, a script),
    what its page shows of them follows (page_parts)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            Article.objects.filter(pk=instance.pk).refresh_derived()
    elif action == "pre_clear":  # A tag taken off all its stories: note which first.
        instance._stories_cleared = list(instance.articles.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        stories = pk_set if action != "post_clear" else instance._stories_cleared
        Article.objects.filter(pk__in=stories).refresh_derived()
