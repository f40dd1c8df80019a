"""The front page as Editors arrange it: the stories they place at its top, in order."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .article import Article

# The lead and the top stories beside it: the slots an Editor can fill.
FRONT_PAGE_SLOTS = 7


class FrontPagePlacement(models.Model):
    """A story an Editor placed on the front page. The placed stories lead the page in the
    order of their positions (the first is the lead); slots nobody filled take the newest
    stories. A placed story readers may not see (unpublished, archived, scheduled) is
    skipped as if it were not placed, so it leaves the front page the moment it goes."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="front_page_placement",
        help_text="The story placed on the front page.",
    )
    position = models.PositiveSmallIntegerField(
        unique=True, help_text="Its place at the top of the front page: 0 is the lead."
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    placed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position"]
        verbose_name = "front page"
        verbose_name_plural = "front page"
        constraints = [
            models.CheckConstraint(
                condition=Q(position__lt=FRONT_PAGE_SLOTS), name="front_page_position_in_a_slot"
            ),
        ]

    def __str__(self):
        return "Lead" if self.position == 0 else f"Top story {self.position}"
