"""Shareable preview links: signed, expiring addresses of unpublished articles.

A link carries the article's id and its preview_token, signed with the site's secret and the
time it was made. It works for NEWSROOM_PREVIEW_MAX_AGE, and resetting the article's
preview_token (Article.reset_preview_links) revokes every link made before.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import Article

SALT = "articles.preview"


def preview_max_age():
    return getattr(settings, "NEWSROOM_PREVIEW_MAX_AGE", timedelta(days=7))


def preview_link_token(article):
    """The signed token for a shareable preview link to `article`, valid from now."""
    return signing.TimestampSigner(salt=SALT).sign(f"{article.pk}:{article.preview_token}")


def preview_link(article):
    """The shareable preview link's path and the time it stops working."""
    path = reverse("articles:article-preview-shared", kwargs={"token": preview_link_token(article)})
    return path, timezone.now() + preview_max_age()


def article_for_preview_token(token, queryset=None):
    """The article a preview token opens, or None if it is forged, expired or revoked."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=preview_max_age())
    except signing.BadSignature:  # SignatureExpired is a BadSignature too.
        return None
    pk, _, preview_token = value.partition(":")
    if not pk.isdigit():
        return None
    article = (queryset if queryset is not None else Article.objects).filter(pk=pk).first()
    if article is None or not constant_time_compare(article.preview_token, preview_token):
        return None
    return article
