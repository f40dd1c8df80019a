"""Revisions of articles in the admin: history, readable differences, restoring an earlier
version, recovering a deleted article, and the check that stops two editors from silently
overwriting each other. The logic is in articles/revisions.py and articles/workflow.py;
these are its pages.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from .. import workflow
from ..models import Article
from ..preview import preview_link
from ..revisions import (
    COMPARED_FIELDS,
    EditConflict,
    article_snapshot,
    article_versions,
    record_if_missing,
    text_changes,
    version_snapshot,
    with_version_check,
)


class RevisionsAdminMixin(VersionAdmin):
    """History with diffs, restore, previews and conflict checks for ArticleAdmin."""

    object_history_template = "admin/articles/article/revision_history.html"
    history_latest_first = True

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/reset-preview-links/",
                self.admin_site.admin_view(self.reset_preview_links_view),
                name=f"{name}_reset_preview_links",
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = with_version_check(kwargs.pop("form", self.form))
        return super().get_form(request, obj, change, form=form, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        return [*fieldsets, ("Preview", {"fields": ["shareable_preview_link", "base_version"]})]

    def save_model(self, request, obj, form, change):
        if change:
            base_version = form.cleaned_data.get("base_version") or obj.version
            # Claim the next version in one statement: of two editors saving at once,
            # exactly one gets it and the other is sent back to the form.
            claimed = Article.objects.filter(pk=obj.pk, version=base_version).update(
                version=F("version") + 1
            )
            if not claimed:
                raise EditConflict
            obj.version = base_version  # save() raises it to the claimed number.
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Nothing was written (the save rolled back); on the form shown again, the
            # version check explains what happened.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # Actions change articles: record them.
            return super().changelist_view(request, extra_context)
        # Reading the list records nothing, so it skips the revision's transaction.
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(
            request, {**context, **(extra_context or {})}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and self.has_change_permission(request, article):
            if request.method == "POST":
                # Outside the save's own revision, so it stays a version of its own.
                record_if_missing(article, comment="Recorded before an edit in the admin.")
            extra_context = {
                "preview_url": reverse("articles:article-preview", kwargs={"pk": article.pk}),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and self.has_change_permission(request, article):
            # The form shows the link, and only a request knows the site's address.
            path, expires_at = preview_link(article)
            article.shareable_preview = (request.build_absolute_uri(path), expires_at)
        return article

    def recover_view(self, request, version_id, extra_context=None):
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
            except (RevertError, IntegrityError):
                messages.error(
                    request,
                    "This article could not be recovered: an author or source it names has "
                    "been deleted since.",
                )
                return HttpResponseRedirect(
                    reverse(f"{self.admin_site.name}:articles_article_recoverlist")
                )
            messages.success(
                request,
                f"“{article}” was recovered as a draft, with new preview links: links shared "
                "before it was deleted no longer work.",
            )
            # To the story itself, which wants a look before it is published again.
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])
            )
        snapshot = version_snapshot(version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Recover “{version.object_repr}”",
            "version": version,
            "snapshot": [(label, snapshot[name]) for name, label in COMPARED_FIELDS],
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/recover_detail.html", context)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "shareable_preview_link"]

    @admin.display(description="Shareable preview link")
    def shareable_preview_link(self, article):
        if getattr(article, "shareable_preview", None) is None:
            return "—"
        url, expires_at = article.shareable_preview
        return format_html(
            '<input type="text" readonly size="90" class="shareable-preview__url" value="{}" '
            'aria-label="Shareable preview link">'
            '<div class="help">Anyone with this link can read the article as it stands, '
            "without an account, until {}. “Reset preview links” at the top revokes every "
            "link shared so far.</div>",
            url,
            date_format(timezone.localtime(expires_at), "j M Y H:i T"),
        )

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        versions = list(article_versions(article)) if article is not None else []
        context = {"versions": versions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def get_article_or_404(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No article with that id.")
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def revision_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": title,
            "has_change_permission": self.has_change_permission(request, article),
            "history_url": reverse(
                f"{self.admin_site.name}:articles_article_history", args=[article.pk]
            ),
        }

    def compare_view(self, request, object_id):
        """The differences between two stored versions chosen on the history page."""
        article = self.get_article_or_404(request, object_id)
        versions = article_versions(article)
        try:
            older = versions.get(pk=int(request.GET.get("from", "")))
            newer = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist):
            messages.error(request, "Choose two versions of this article to compare.")
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:articles_article_history", args=[article.pk])
            )
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.revision_context(request, article, f"Compare versions of “{article}”"),
            "older": older,
            "newer": newer,
            "changes": text_changes(version_snapshot(older), version_snapshot(newer)),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One stored version: what it says, how it differs from now, and Restore."""
        article = self.get_article_or_404(request, object_id, change=request.method == "POST")
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
                reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])
            )
        snapshot = version_snapshot(version)
        context = {
            **self.revision_context(request, article, f"Version of “{article}”"),
            "version": version,
            "snapshot": [(label, snapshot[name]) for name, label in COMPARED_FIELDS],
            "may_confirm_claims": article.is_published() and workflow.can_publish(request.user),
            # From the article as it is to this version: what a restore would do.
            "changes": text_changes(article_snapshot(article), snapshot),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/revision_detail.html", context)

    def reset_preview_links_view(self, request, object_id):
        """Revoke every shareable preview link to the article, after a confirmation."""
        article = self.get_article_or_404(request, object_id, change=True)
        if request.method != "POST":
            context = self.revision_context(request, article, "Reset preview links")
            return TemplateResponse(
                request, "admin/articles/article/preview_links_reset.html", context
            )
        article.reset_preview_links()
        messages.success(
            request, "Preview links reset: links shared before no longer work. Here is a new one."
        )
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])
        )

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self.forget_unsaved_text(request, response, "new")

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        return self.forget_unsaved_text(request, response, obj.pk)

    def forget_unsaved_text(self, request, response, key):
        """Tell admin-autosave.js that the text it kept for this form is now saved."""
        response.set_cookie(
            "newsroom_saved_article",
            str(key),
            max_age=24 * 3600,
            path="/admin/",
            secure=request.is_secure(),
            samesite="Lax",
        )
        return response
