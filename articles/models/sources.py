"""The sources articles rest on."""

from django.db import models
from django.db.models import Q

from ..addresses import address


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

    def public(self):
        """Sources readers may see listed: on the record, and cited by a story they can read.
        A source only drafts cite may be a scoop's: it stays unknown until publication."""
        from .article import Article  # article.py imports this module.

        return self.on_the_record().filter(
            pk__in=Article.objects.published().values("citations__source")
        )


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
    robots_override_reason = models.TextField(
        blank=True,
        help_text=(
            "Left empty, the evidence locker honours this source's robots.txt and archives "
            "nothing it asks crawlers to leave alone. Filled in by an Editor, it archives "
            "cited pages regardless: say why (a public record the site blocks, say)."
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
        from .article import Article  # article.py imports this module.

        renaming = not self._state.adding
        super().save(*args, **kwargs)
        if renaming:
            # Their stories show, and are searched by, the names of their sources.
            Article.objects.filter(citations__source=self).distinct().refresh_derived()

    def get_absolute_url(self):
        return address("articles:source-detail", self.slug)

    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]
