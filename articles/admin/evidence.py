"""The evidence locker in the admin: the archived copies of cited pages, each with its
fingerprint and where it came from, and an Editor's withdrawal from public view (with a
reason) or reinstatement, through workflow.py. Copies are made by capturing, never typed:
nothing here adds, edits or deletes one."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .. import workflow
from ..models import ArchivedCopy


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Why readers may no longer see this copy (a takedown request, say). "
        "Kept for the newsroom; readers are told only that it was withdrawn.",
    )


@admin.register(ArchivedCopy)
class ArchivedCopyAdmin(admin.ModelAdmin):
    list_display = ["requested_url", "story", "source", "captured_at", "short_fingerprint", "shown"]
    list_filter = [("withdrawn_at", admin.EmptyFieldListFilter), "content_type"]
    search_fields = ["requested_url", "final_url", "sha256", "citation__article__headline"]
    date_hierarchy = "captured_at"
    list_select_related = ["citation__article", "citation__source"]
    fields = [
        "story",
        "source",
        "requested_url",
        "final_url",
        "status_code",
        "content_type",
        "size",
        "sha256",
        "captured_at",
        "replay",
        "withdrawal",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Story")
    def story(self, copy):
        if copy.citation is None:
            return "— (citation removed)"
        article = copy.citation.article
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.headline,
        )

    @admin.display(description="Source")
    def source(self, copy):
        if copy.citation is None:
            return "—"
        source = copy.citation.source
        return f"{source.name} (anonymous)" if source.is_anonymous else source.name

    @admin.display(description="SHA-256")
    def short_fingerprint(self, copy):
        return copy.sha256[:12] + "…"

    @admin.display(description="Readers see it", boolean=True)
    def shown(self, copy):
        return not copy.is_withdrawn and not (copy.citation and copy.citation.source.is_anonymous)

    @admin.display(description="Replay")
    def replay(self, copy):
        return format_html('<a href="{}">Open the copy</a>', copy.get_absolute_url())

    @admin.display(description="Public view")
    def withdrawal(self, copy):
        if copy.is_withdrawn:
            return format_html(
                "Withdrawn on {} by {}: {}",
                copy.withdrawn_at.strftime("%d %b %Y %H:%M"),
                copy.withdrawn_by or "the newsroom",
                copy.withdrawal_reason,
            )
        return "Shown to readers with its story" + (
            " (never: the source is anonymous)"
            if copy.citation and copy.citation.source.is_anonymous
            else ""
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        copy = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "may_withdraw": copy is not None and workflow.can_publish(request.user),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/withdraw/",
                wrap(partial(withdraw_view, self)),
                name="articles_archivedcopy_withdraw",
            ),
            *super().get_urls(),
        ]


def withdraw_view(model_admin, request, object_id):
    """Withdraw a copy from public view with a reason, or show a withdrawn one again."""
    if not workflow.can_publish(request.user):
        raise PermissionDenied
    if not object_id.isdigit():
        raise Http404("No such archived copy.")
    copy = ArchivedCopy.objects.filter(pk=object_id).first()
    if copy is None:
        raise Http404("No such archived copy.")
    change_url = reverse("admin:articles_archivedcopy_change", args=[copy.pk])
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and copy.is_withdrawn and "reinstate" in request.POST:
        workflow.reinstate_archived_copy(copy, user=request.user)
        messages.success(request, "The copy is shown to readers again.")
        return HttpResponseRedirect(change_url)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw_archived_copy(
                copy, user=request.user, reason=form.cleaned_data["reason"]
            )
        except workflow.EvidenceRefused as refusal:
            form.add_error("reason", str(refusal))
        else:
            messages.success(request, "Withdrawn: readers no longer see this copy.")
            return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Withdraw from public view" if not copy.is_withdrawn else "Show to readers again",
        "opts": model_admin.opts,
        "original": copy,
        "form": form,
        "change_url": change_url,
    }
    return TemplateResponse(request, "admin/articles/archivedcopy/withdraw.html", context)
