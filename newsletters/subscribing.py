"""Subscribing and unsubscribing: double opt-in with signed links, no login anywhere.

A subscribe request stores nothing: the address and the reader's choices travel inside the
signed confirmation link mailed to that address, and become a Subscriber only when its owner
follows it. Every request is answered the same way, whether the address is new, waiting or
already subscribed (confirming again just updates the choices), so the form never tells
anyone who reads the newsletter.
"""

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.models import Section

from . import mail
from .models import Subscriber

CONFIRM_SALT = "newsletters.confirm"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"

CONSENT = (
    "I agree that {site} may store my email address to send me the newsletters I chose, "
    "until I unsubscribe (a link in every email)."
)


def consent_text():
    return CONSENT.format(site=settings.NEWSROOM_SITE_NAME)


def is_rate_limited(client_address):
    """Count a subscribe request from `client_address`; True once it made too many this
    hour. (Per process without a shared cache, like the page cache: a bound, not a quota.)"""
    key = f"newsletters:subscribe-rate:{client_address}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # Expired between add() and incr().
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.NEWSROOM_SUBSCRIBE_RATE_PER_HOUR


def request_subscription(*, email, wants_digest, sections, digest_sections=()):
    """Mail `email` a link that confirms these choices (`sections`: breaking alerts;
    `digest_sections`: what the digest carries, every section if none); stores nothing."""
    digest_sections = list(digest_sections) if wants_digest else []
    token = signing.dumps(
        {
            "email": email.strip(),
            "digest": bool(wants_digest),
            "digest_sections": sorted(section.pk for section in digest_sections),
            "sections": sorted(section.pk for section in sections),
        },
        salt=CONFIRM_SALT,
        compress=True,
    )
    mail.send_confirmation(
        email=email.strip(),
        token=token,
        wants_digest=wants_digest,
        sections=sections,
        digest_sections=digest_sections,
    )


class LinkInvalid(Exception):
    """The link was altered, or has expired; the message says which, for the reader."""


def confirm(token):
    """Create or update the Subscriber the confirmation link `token` describes."""
    try:
        choices = signing.loads(
            token,
            salt=CONFIRM_SALT,
            max_age=settings.NEWSROOM_CONFIRMATION_MAX_AGE,
        )
    except signing.SignatureExpired as error:
        raise LinkInvalid("This confirmation link has expired: please subscribe again.") from error
    except signing.BadSignature as error:
        raise LinkInvalid("This confirmation link is not valid.") from error
    # Sections deleted since the link was mailed drop out of the choices, never widening
    # them: a digest of only deleted sections is no digest. (Links mailed before readers
    # could choose the digest's sections carry no such key.)
    digest_sections = list(Section.objects.filter(pk__in=choices.get("digest_sections", [])))
    alert_sections = list(Section.objects.filter(pk__in=choices["sections"]))
    wants_digest = choices["digest"] and (
        bool(digest_sections) or not choices.get("digest_sections")
    )
    if not wants_digest and not alert_sections:
        raise LinkInvalid(
            "The sections you chose are no longer published, so there is nothing to send "
            "you: please subscribe again."
        )
    with transaction.atomic():
        subscriber = Subscriber.objects.filter(email__iexact=choices["email"]).first()
        if subscriber is None:
            subscriber = Subscriber(email=choices["email"])
        subscriber.wants_digest = wants_digest
        subscriber.confirmed_at = timezone.now()
        subscriber.consent = consent_text()
        subscriber.save()
        subscriber.alert_sections.set(alert_sections)
        subscriber.digest_sections.set(digest_sections)
    return subscriber


def unsubscribe_token(subscriber):
    # The address is signed too: a token outlives its row, and row numbers can be reused.
    return signing.dumps(
        {"id": subscriber.pk, "email": subscriber.email.lower()}, salt=UNSUBSCRIBE_SALT
    )


def subscriber_for(token):
    """The Subscriber an unsubscribe link names, or None (already gone, or not valid)."""
    try:
        who = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=who["id"], email__iexact=who["email"]).first()


def unsubscribe(subscriber):
    """Forget the reader: their address, choices and deliveries."""
    subscriber.delete()
