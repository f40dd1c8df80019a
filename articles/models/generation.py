"""The content generation: the one number that says which cached pages are still current."""

from django.db import models
from django.db.models import Q


class ContentGeneration(models.Model):
    """The site's one row of the content generation (articles/caching.py keeps it up to date).

    It lives in the database, not in the cache, so that raising it commits or rolls back
    with the change that raised it, and every server and command sees the same number.
    """

    content = models.BigIntegerField(
        help_text="Goes up with every change readers could see; cached pages carry it."
    )
    next_article_at = models.DateTimeField(
        null=True, help_text="When the next scheduled article goes live."
    )
    next_correction_at = models.DateTimeField(
        null=True, help_text="When the next scheduled correction goes live."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="contentgeneration_single_row"),
        ]

    def __str__(self):
        return f"Content generation {self.content}"
