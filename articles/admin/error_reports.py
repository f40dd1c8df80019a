"""The desk's queue of readers' error reports, and turning one into a correction.

Every status change goes through workflow.settle_report(), and a correction through
workflow.correct_from_report(), so that the reader is told the outcome once, on commit.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from .. import workflow
from ..forms import CorrectionFromReportForm
from ..models import Correction, ErrorReport


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "story", "excerpt", "status", "has_email", "reader_told_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["message", "article__headline"]
    date_hierarchy = "created_at"
    list_select_related = ["article"]
    fields = [
        "story",
        "message",
        "evidence_link",
        "email",
        "status",
        "correction_link",
        "reader_told_at",
        "created_at",
    ]
    readonly_fields = [
        "story",
        "message",
        "evidence_link",
        "email",
        "correction_link",
        "reader_told_at",
        "created_at",
    ]
    change_form_template = "admin/articles/errorreport/change_form.html"

    def lookup_allowed(self, lookup, value, request=None):
        # The queue of one story, linked from its change form.
        return lookup == "article__id__exact" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False  # Readers file reports; the desk works through them.

    @admin.display(description="Story", ordering="article__headline")
    def story(self, report):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[report.article_id]),
            report.article.headline,
        )

    @admin.display(description="What is wrong")
    def excerpt(self, report):
        return Truncator(report.message).chars(90)

    @admin.display(description="Email left", boolean=True)
    def has_email(self, report):
        return bool(report.email)

    @admin.display(description="Evidence")
    def evidence_link(self, report):
        if not report.evidence_url:
            return "—"
        return format_html(
            '<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>', report.evidence_url
        )

    @admin.display(description="Correction")
    def correction_link(self, report):
        if report.correction is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', report.correction.get_absolute_url(), report.correction
        )

    def save_model(self, request, obj, form, change):
        workflow.settle_report(
            obj, user=request.user, status=obj.status, article_url=story_address(request, obj)
        )

    def get_urls(self):
        return [
            path(
                "<int:report_id>/correction/",
                self.admin_site.admin_view(self.correction_view),
                name="articles_errorreport_correction",
            ),
            *super().get_urls(),
        ]

    def correction_view(self, request, report_id):
        """The correction form, pre-filled from the report; saving publishes the correction
        and settles the report as Corrected."""
        report = get_object_or_404(ErrorReport.objects.select_related("article"), pk=report_id)
        if not (
            workflow.can_handle_reports(request.user)
            and workflow.can_change(request.user, report.article)
        ):
            raise PermissionDenied
        initial = {"kind": Correction.Kind.CORRECTION, "note": report.message}
        form = CorrectionFromReportForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            workflow.correct_from_report(
                report,
                user=request.user,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                article_url=story_address(request, report),
            )
            messages.success(
                request,
                "The correction is published"
                + (" and the reader will be told." if report.email else "."),
            )
            return redirect("admin:articles_errorreport_change", report.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Correct the story from this report",
            "opts": self.model._meta,
            "report": report,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/errorreport/correction.html", context)


def story_address(request, report):
    return request.build_absolute_uri(report.article.get_absolute_url())
