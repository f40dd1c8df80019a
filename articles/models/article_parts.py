"""The parts of an article: bylines, citations, corrections and its earlier addresses."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .article import Article
from .authors import Author
from .sources import Source


class ArticlePart(models.Model):
    """A row an article shows on its page and is searched by: saving or deleting it
    recomputes what the article keeps of its parts (ArticleQuerySet.refresh_derived)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Article.objects.filter(pk=self.article_id).refresh_derived()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Article.objects.filter(pk=self.article_id).refresh_derived()
        return deleted


class BylineRole(models.TextChoices):
    WRITER = "writer", "Written by"
    REPORTING = "reporting", "Additional reporting"
    PHOTOS = "photos", "Photos"
    EDITING = "editing", "Editing"


class Byline(ArticlePart):
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


class Citation(ArticlePart):
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


class Correction(ArticlePart):
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
    """An article's earlier address, kept so that old links still work; or, with no article,
    the address of a story readers saw that has since been deleted (it answers 410 Gone)."""

    old_slug = models.SlugField(max_length=300, unique=True)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slug_redirects",
        help_text="Empty once the article is deleted: the address then says it was removed.",
    )
    # The deleted article this address was of, so that recovering it takes the address back.
    removed_article_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug if self.article else '(removed)'}"
