"""Readers who asked for email, and what was sent to them.

An address is stored only once its owner has confirmed it (double opt-in): until then it
lives only inside the signed link mailed to it (newsletters/subscribing.py). Unsubscribing
deletes the reader's row, and with it their deliveries.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from articles.models import Article, Section


class SubscriberQuerySet(models.QuerySet):
    def for_digest(self):
        return self.filter(wants_digest=True)

    def for_alerts_in(self, section):
        """Readers who asked for breaking alerts from `section` (none without a section)."""
        if section is None:
            return self.none()
        return self.filter(alert_sections=section)


class Subscriber(models.Model):
    email = models.EmailField(help_text="Stored only after its owner confirmed it.")
    wants_digest = models.BooleanField(
        default=True, help_text="Receives the daily digest of the day's stories."
    )
    digest_sections = models.ManyToManyField(
        Section,
        blank=True,
        related_name="digest_subscribers",
        help_text="Sections their digest carries; none chosen: every section.",
    )
    alert_sections = models.ManyToManyField(
        Section,
        blank=True,
        related_name="alert_subscribers",
        help_text="Receives breaking alerts about stories in these sections.",
    )
    confirmed_at = models.DateTimeField(
        help_text="When the reader followed the confirmation link: their consent."
    )
    consent = models.TextField(help_text="The words the reader agreed to, as the form showed.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletters_subscriber_email_unique"),
        ]

    def __str__(self):
        return self.email

    def digest_stories(self, stories):
        """Those of the day's `stories` this reader's digest carries: the sections they
        chose, or all of them."""
        chosen = {section.pk for section in self.digest_sections.all()}
        return [story for story in stories if not chosen or story.section_id in chosen]

    def personal_data(self):
        """Everything stored about this reader, for an export they asked for."""
        return {
            "email": self.email,
            "wants_digest": self.wants_digest,
            "digest_sections": [section.name for section in self.digest_sections.all()],
            "alert_sections": [section.name for section in self.alert_sections.all()],
            "confirmed_at": self.confirmed_at.isoformat(),
            "consent": self.consent,
            "deliveries": [
                {
                    "mailing": str(delivery.mailing),
                    "claimed_at": delivery.claimed_at.isoformat(),
                    "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
                }
                for delivery in self.deliveries.select_related("mailing__article")
            ],
        }


@receiver(pre_delete, sender=Section)
def stop_what_a_deleted_section_sent(sender, instance, **kwargs):
    """A section that goes takes its readers' choices of it along, but never widens them: a
    reader whose digest carried only that section no longer gets one (rather than a digest of
    every section), and a reader left with nothing to receive is forgotten, since their
    consent covered only what they chose."""
    digest_choices = Subscriber.digest_sections.through.objects
    alert_choices = Subscriber.alert_sections.through.objects
    chose_it = Subscriber.objects.filter(
        Q(pk__in=digest_choices.filter(section=instance).values("subscriber"))
        | Q(pk__in=alert_choices.filter(section=instance).values("subscriber"))
    )
    chose_it.filter(pk__in=digest_choices.filter(section=instance).values("subscriber")).exclude(
        pk__in=digest_choices.exclude(section=instance).values("subscriber")
    ).update(wants_digest=False)
    chose_it.filter(wants_digest=False).exclude(
        pk__in=alert_choices.exclude(section=instance).values("subscriber")
    ).delete()


class Mailing(models.Model):
    """One send: a breaking alert about a story, or one day's digest."""

    class Kind(models.TextChoices):
        ALERT = "alert", "Breaking alert"
        DIGEST = "digest", "Daily digest"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled: the story is not published"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailings",
        help_text="The story an alert is about.",
    )
    day = models.DateField(null=True, blank=True, help_text="The day a digest covers.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["alert", "digest"]), name="newsletters_mailing_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sending", "sent", "cancelled"]),
                name="newsletters_mailing_status_valid",
            ),
            # One digest a day, however many jobs the queue runs for it.
            models.UniqueConstraint(
                fields=["day"], condition=Q(kind="digest"), name="newsletters_one_digest_a_day"
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.DIGEST:
            return f"Daily digest of {self.day:%d %b %Y}"
        headline = self.article.headline if self.article else "a deleted story"
        return f"Alert: {headline}"


class Delivery(models.Model):
    """One reader's copy of one mailing, claimed before it is sent: a retried send skips
    every reader it claimed, so nobody gets a mailing twice (at most once, by design: a
    worker that dies between the claim and the send leaves that reader without it)."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="newsletters_one_delivery_each"
            ),
        ]

    def __str__(self):
        return f"{self.mailing} to {self.subscriber}"
