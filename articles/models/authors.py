"""The people who write the articles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from markdownx.models import MarkdownxField

from .. import images
from ..addresses import address
from ..markdown import render_markdown, validate_markdown


class AuthorQuerySet(models.QuerySet):
    def public(self):
        """Authors readers may see: with a story readers can read, or whose profile an Editor
        made public ahead of their first one. A profile a Writer just typed stays unseen."""
        from .article import Article  # article.py imports this module.

        return self.filter(
            models.Q(profile_public=True)
            | models.Q(pk__in=Article.objects.published().values("bylines__author"))
        )


class Author(models.Model):
    name = models.CharField(max_length=200, help_text="As it appears in bylines.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the author's URL.")
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text='Job title shown with the byline, e.g. "Defense correspondent".',
    )
    bio = MarkdownxField(
        validators=[validate_markdown],
        blank=True,
        help_text="Short biography in Markdown, shown on the author page.",
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
    profile_public = models.BooleanField(
        "Public profile",
        default=False,
        help_text="Show this author's page to readers before their first published story. "
        "Only Editors can set it; once a published story carries the byline, the page is "
        "public anyway.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from .article import Article  # article.py imports this module.

        self.bio_html = render_markdown(self.bio)
        images.store_upload(self.photo, square=True)
        renaming = not self._state.adding
        super().save(*args, **kwargs)
        if renaming:
            # Their stories show, and are searched by, the author's name.
            Article.objects.filter(bylines__author=self).distinct().refresh_derived()

    def get_absolute_url(self):
        return address("articles:author-detail", self.slug)

    def clean(self):
        super().clean()
        # A new portrait is checked and re-encoded here, so the form shows what is wrong.
        try:
            images.clean_upload_for(self.photo, square=True)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error
