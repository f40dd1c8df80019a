"""How articles are filed: sections and tags."""

from django.db import models
from django.urls import reverse


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
