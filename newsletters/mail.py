"""The newsletters' email: composing each message (HTML and plain text, absolute links, the
one-click unsubscribe headers of RFC 8058) and sending a mailing in batches.

Messages go through Django's email backend (settings.EMAIL_*): SMTP in production, the
console in development.
"""

from django.conf import settings
from django.core import mail as django_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Delivery, Mailing


def absolute(path):
    """`path` on the site's public address (NEWSROOM_SITE_URL): mail has no page to be
    relative to. Addresses already absolute (media on object storage) are kept."""
    if path.startswith(("https://", "http://")):
        return path
    return settings.NEWSROOM_SITE_URL + path


def story_context(article):
    """What a message shows of a story: headline, dek, hero, the sources it rests on."""
    return {
        "headline": article.headline,
        "dek": article.dek,
        "summary": article.summary,
        "url": absolute(article.get_absolute_url()),
        "section": article.section.name if article.section_id else "",
        "hero_url": absolute(article.hero_image.url) if article.hero_image else "",
        "hero_alt": article.hero_alt,
        "backstory": article.backstory,
        "sources": [
            citation["name"] if not citation.get("anonymous") else "An anonymous source"
            for citation in article.page_parts.get("citations", [])
        ],
        "published_at": article.published_at,
    }


def compose(*, to, subject, template, context, unsubscribe_url=None):
    """An email with plain-text and HTML parts from templates/jinja2/newsletters/email/
    `template`.txt and .html; with `unsubscribe_url`, the List-Unsubscribe headers too."""
    context = {
        **context,
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_url": absolute("/"),
        "subject": subject,
        "unsubscribe_url": unsubscribe_url,
    }
    headers = {}
    if unsubscribe_url:
        # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to this address.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        headers["List-Id"] = f"{settings.NEWSROOM_SITE_NAME} <newsletters.{_host()}>"
    message = django_mail.EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"newsletters/email/{template}.txt", context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"newsletters/email/{template}.html", context), "text/html"
    )
    return message


def _host():
    return settings.NEWSROOM_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def send_confirmation(*, email, token, wants_digest, sections, digest_sections=()):
    """The double opt-in message: a link that confirms the choices it carries."""
    choices = []
    if wants_digest:
        only = ", ".join(section.name for section in digest_sections)
        choices.append(f"the daily digest ({only} only)" if only else "the daily digest")
    if sections:
        choices.append("breaking alerts from " + ", ".join(section.name for section in sections))
    compose(
        to=email,
        subject=f"Confirm your subscription to {settings.NEWSROOM_SITE_NAME}",
        template="confirm",
        context={
            "confirm_url": absolute(reverse("newsletters:confirm", args=[token])),
            "choices": " and ".join(choices),
            "max_age_days": settings.NEWSROOM_CONFIRMATION_MAX_AGE.days,
        },
    ).send()


def unsubscribe_url(subscriber):
    from .subscribing import unsubscribe_token

    return absolute(reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscriber)]))


def alert_message(article, *, to, unsubscribe_url=None):
    return compose(
        to=to,
        subject=f"Breaking: {article.headline}",
        template="alert",
        context={"story": story_context(article)},
        unsubscribe_url=unsubscribe_url,
    )


def digest_message(stories, *, day, to, unsubscribe_url=None):
    return compose(
        to=to,
        subject=f"{settings.NEWSROOM_SITE_NAME}: the day's stories, {day:%-d %B %Y}",
        template="digest",
        context={
            "stories": [story_context(article) for article in stories],
            "day_label": f"{day:%-d %B %Y}",
        },
        unsubscribe_url=unsubscribe_url,
    )


def claim(mailing, subscriber):
    """Record that `subscriber` gets `mailing`, before sending it; False if someone (an
    earlier attempt, another worker) already did."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(mailing=mailing, subscriber=subscriber)
    except IntegrityError:
        return None


def send_mailing(mailing, recipients, make_message):
    """Send `mailing` to every one of `recipients` not yet claimed, in batches of
    NEWSROOM_MAIL_BATCH_SIZE over one connection each; returns how many were sent now.
    `make_message(subscriber, to=…, unsubscribe_url=…)` composes each reader's message, or
    returns None when this mailing has nothing for them (a digest of sections they skip).

    Each reader is claimed (a Delivery row) before their message goes: a retry, or a second
    worker, skips them. An SMTP error stops the send; the job's retry carries on from the
    first reader not claimed.
    """
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    waiting = recipients.exclude(deliveries__mailing=mailing).order_by("pk")
    batch_size = settings.NEWSROOM_MAIL_BATCH_SIZE
    sent = 0
    last_pk = 0
    while True:
        batch = list(waiting.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        with django_mail.get_connection() as connection:
            for subscriber in batch:
                # Composed before the claim: a message that cannot be made costs nobody theirs.
                message = make_message(
                    subscriber, to=subscriber.email, unsubscribe_url=unsubscribe_url(subscriber)
                )
                if message is None:
                    continue
                delivery = claim(mailing, subscriber)
                if delivery is None:
                    continue
                message.connection = connection
                message.send()
                Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
                sent += 1
    Mailing.objects.filter(pk=mailing.pk).update(
        status=Mailing.Status.SENT,
        finished_at=timezone.now(),
        sent_count=Delivery.objects.filter(mailing=mailing, sent_at__isnull=False).count(),
    )
    return sent
