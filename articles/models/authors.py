"""The people who write the articles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from markdownx.models import MarkdownxField

from .. import images
from ..addresses import address
from ..markdown import render_markdown, validate_markdown


def lines_of(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def profile_links(text):
    """The web addresses in a one-per-line list: a line that is not one (a script's
    ``javascript:`` slipped past the form) never reaches an href."""
    return [line for line in lines_of(text) if line.lower().startswith(("http://", "https://"))]


def validate_profile_links(text):
    check = URLValidator(schemes=["http", "https"])
    for link in lines_of(text):
        try:
            check(link)
        except ValidationError as error:
            raise ValidationError(
                f"“{link}” is not a web address (http:// or https://)."
            ) from error


def listed(text):
    """The items of a comma-separated list, blanks dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]


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
    knows_about = models.CharField(
        "covers",
        max_length=500,
        blank=True,
        help_text='What they know and report on, comma-separated, e.g. "energy, climate '
        'policy, the Baltic states".',
    )
    knows_language = models.CharField(
        "languages",
        max_length=200,
        blank=True,
        help_text='Languages they report in, comma-separated, e.g. "English, Ukrainian".',
    )
    same_as = models.TextField(
        "profiles elsewhere",
        blank=True,
        validators=[validate_profile_links],
        help_text="Links to their own profiles on other sites (social media, a personal "
        'site), one per line. Shown on the author page as theirs (rel="me").',
    )
    photo = models.ImageField(
        upload_to="authors/", blank=True, help_text="Portrait, ideally square."
    )
    photo_ready = models.BooleanField(
        default=True,
        editable=False,
        help_text="Whether the portrait's renditions exist yet (a job makes them after a "
        "save); until then the page shows the portrait itself.",
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
        images.store_upload(self.photo, square=True, renditions=False)
        # The portrait's renditions are made by a job; the page shows the portrait until then.
        self.photo_ready = images.photo_in_place(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "photo", "photo_ready"}
        renaming = not self._state.adding
        super().save(*args, **kwargs)
        if not self.photo_ready:
            from ..jobs import make_author_photo  # the jobs import the models.

            make_author_photo.enqueue(self.pk)
        if renaming:
            # Their stories show, and are searched by, the author's name.
            Article.objects.filter(bylines__author=self).distinct().refresh_derived()

    def get_absolute_url(self):
        return address("articles:author-detail", self.slug)

    def expertise(self):
        """What readers and the structured data learn of the author's expertise."""
        return {
            "covers": listed(self.knows_about),
            "languages": listed(self.knows_language),
            "profiles": profile_links(self.same_as),
        }

    def clean(self):
        super().clean()
        # A new portrait is checked and re-encoded here, so the form shows what is wrong.
        try:
            images.clean_upload_for(self.photo, square=True)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error
