"""Site pages editors maintain: about, masthead, policies."""

from django.db import models
from django.db.models import Q
from markdownx.models import MarkdownxField

from ..addresses import address
from ..markdown import render_markdown, validate_markdown


class PageKind(models.TextChoices):
    ABOUT = "about", "About us / masthead"
    CORRECTIONS_POLICY = "corrections_policy", "Corrections policy"
    ETHICS_POLICY = "ethics_policy", "Ethics policy"
    UNNAMED_SOURCES_POLICY = "unnamed_sources_policy", "Unnamed sources policy"
    VERIFICATION_POLICY = "verification_policy", "Verification and fact-checking policy"
    DIVERSITY_POLICY = "diversity_policy", "Diversity policy"
    FEEDBACK_POLICY = "feedback_policy", "Actionable feedback policy"
    OWNERSHIP = "ownership", "Ownership and funding"
    MISSION = "mission", "Mission and coverage priorities"
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
        help_text="Policy pages are linked from the footer and the site's structured data "
        "(the Trust Project's indicators).",
    )
    body = MarkdownxField(help_text="The page in Markdown.", validators=[validate_markdown])
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
        return address("articles:page-detail", self.slug)
