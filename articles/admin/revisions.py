"""The pages of an article's history in the admin: compare two versions, look at one and
restore it, recover a deleted article, reset preview links. ArticleAdmin wires them in;
each is a function of the admin and the request. What they do is in articles/revisions.py
(readable versions and differences) and articles/workflow.py (restore, recover).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from reversion.errors import RevertError
from reversion.models import Version

from .. import workflow
from ..models import Article
from ..revisions import (
    COMPARED_FIELDS,
    KEPT_ON_RESTORE,
    article_snapshot,
    article_versions,
    text_changes,
    version_snapshot,
)


def article_or_404(model_admin, request, object_id, *, change=False):
    article = model_admin.get_object(request, unquote(object_id))
    if article is None:
        raise Http404("No article with that id.")
    allowed = (
        model_admin.has_change_permission(request, article)
        if change
        else model_admin.has_view_or_change_permission(request, article)
    )
    if not allowed:
        raise PermissionDenied
    return article


def page_context(model_admin, request, article, title):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": article,
        "title": title,
        "has_change_permission": model_admin.has_change_permission(request, article),
        "history_url": reverse(
            f"{model_admin.admin_site.name}:articles_article_history", args=[article.pk]
        ),
    }


def compare_view(model_admin, request, object_id):
    """The differences between two stored versions chosen on the history page."""
    article = article_or_404(model_admin, request, object_id)
    versions = article_versions(article)
    try:
        older = versions.get(pk=int(request.GET.get("from", "")))
        newer = versions.get(pk=int(request.GET.get("to", "")))
    except (ValueError, Version.DoesNotExist):
        messages.error(request, "Choose two versions of this article to compare.")
        return HttpResponseRedirect(
            reverse(f"{model_admin.admin_site.name}:articles_article_history", args=[article.pk])
        )
    if older.revision.date_created > newer.revision.date_created:
        older, newer = newer, older
    context = {
        **page_context(model_admin, request, article, f"Compare versions of “{article}”"),
        "older": older,
        "newer": newer,
        "changes": text_changes(version_snapshot(older), version_snapshot(newer)),
    }
    return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)


def revision_view(model_admin, request, object_id, version_id, extra_context=None):
    """One stored version: what it says, how it differs from now, and Restore."""
    article = article_or_404(model_admin, request, object_id, change=request.method == "POST")
    version = get_object_or_404(article_versions(article), pk=version_id)
    if request.method == "POST":
        try:
            workflow.restore_version(
                article,
                version,
                user=request.user,
                publish_anyway=request.POST.get("publish_anyway") == "on",
            )
        except (RevertError, IntegrityError):
            messages.error(
                request,
                "This version could not be restored: an author or source it names has "
                "been deleted since.",
            )
        except workflow.RestoreRefused as refusal:
            messages.error(request, f"This version was not restored. {refusal}")
        else:
            messages.success(
                request,
                "Restored the version of "
                f"{timezone.localtime(version.revision.date_created):%d %b %Y %H:%M}. "
                "The text it replaced is kept in the history.",
            )
        return HttpResponseRedirect(
            reverse(f"{model_admin.admin_site.name}:articles_article_change", args=[article.pk])
        )
    snapshot = version_snapshot(version)
    current = article_snapshot(article)
    context = {
        **page_context(model_admin, request, article, f"Version of “{article}”"),
        "version": version,
        "snapshot": [(label, snapshot[name]) for name, label in COMPARED_FIELDS],
        "may_confirm_claims": article.is_published() and workflow.can_publish(request.user),
        # From the article as it is to what a restore would make of it: the fields a
        # restore keeps (its address) stay as they are now, as the page explains.
        "changes": text_changes(current, {**snapshot, **kept_on_restore(current)}),
        **(extra_context or {}),
    }
    return TemplateResponse(request, "admin/articles/article/revision_detail.html", context)


def kept_on_restore(snapshot):
    """The compared fields of `snapshot` that a restore leaves as they are."""
    return {name: snapshot[name] for name, _ in COMPARED_FIELDS if name in KEPT_ON_RESTORE}


def recover_view(model_admin, request, version_id, extra_context=None):
    """A deleted article as it was, and "Recover as a draft" (workflow.recover_article).

    Only deleted articles: an earlier version of one that still exists comes back through
    Restore, with its checks, never over the live story.
    """
    version = get_object_or_404(Version.objects.get_deleted(Article), pk=version_id)
    if not workflow.can_recover(request.user, version):
        raise PermissionDenied
    if request.method == "POST":
        try:
            article = workflow.recover_article(version, user=request.user)
        except (workflow.RecoverRefused, RevertError, IntegrityError) as problem:
            reason = (
                str(problem)
                if isinstance(problem, workflow.RecoverRefused)
                else "an author or source it names has been deleted since."
            )
            messages.error(request, f"This article could not be recovered: {reason}")
            return HttpResponseRedirect(
                reverse(f"{model_admin.admin_site.name}:articles_article_recoverlist")
            )
        messages.success(
            request,
            f"“{article}” was recovered as a draft, with new preview links: links shared "
            "before it was deleted no longer work.",
        )
        # To the story itself, which wants a look before it is published again.
        return HttpResponseRedirect(
            reverse(f"{model_admin.admin_site.name}:articles_article_change", args=[article.pk])
        )
    snapshot = version_snapshot(version)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"Recover “{version.object_repr}”",
        "version": version,
        "snapshot": [(label, snapshot[name]) for name, label in COMPARED_FIELDS],
        **(extra_context or {}),
    }
    return TemplateResponse(request, "admin/articles/article/recover_detail.html", context)


def reset_preview_links_view(model_admin, request, object_id):
    """Revoke every shareable preview link to the article, after a confirmation."""
    article = article_or_404(model_admin, request, object_id, change=True)
    if request.method != "POST":
        context = page_context(model_admin, request, article, "Reset preview links")
        return TemplateResponse(request, "admin/articles/article/preview_links_reset.html", context)
    article.reset_preview_links()
    messages.success(
        request, "Preview links reset: links shared before no longer work. Here is a new one."
    )
    return HttpResponseRedirect(
        reverse(f"{model_admin.admin_site.name}:articles_article_change", args=[article.pk])
    )
