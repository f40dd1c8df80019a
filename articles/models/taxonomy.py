"""How articles are filed: sections and tags."""

from django.db import models

from ..addresses import address


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="Shown in navigation.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the section's URL.")
    description = models.TextField(
        blank=True, help_text="One or two sentences for the section page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Navigation order: lower numbers come first."
    )
    # Set on the front page's own admin page ("Front page"), beside the placed stories.
    front_page_position = models.PositiveSmallIntegerField(
        default=0,
        help_text="Where the section's block comes on the front page: lower numbers first "
        "(ties in navigation order).",
    )
    on_front_page = models.BooleanField(
        default=True, help_text="Show a block of the section's newest stories on the front page."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:section-detail", self.slug)


class TagQuerySet(models.QuerySet):
    def public(self):
        """Tags readers may see: on a story they can read. A tag only drafts use may be a
        scoop's: it stays unknown until publication."""
        from .article import Article  # article.py imports this module.

        return self.filter(pk__in=Article.objects.published().values("tags"))


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renaming = not self._state.adding
        super().save(*args, **kwargs)
        if renaming:
            # Each of its stories shows its name and address (Article.page_parts).
            self.articles.all().refresh_derived()

    def get_absolute_url(self):
        return address("articles:tag-detail", self.slug)

    def delete(self, *args, **kwargs):
        from .article import Article  # article.py imports this module.

        stories = list(self.articles.values_list("pk", flat=True))
        deleted = super().delete(*args, **kwargs)
        Article.objects.filter(pk__in=stories).refresh_derived()
        return deleted
