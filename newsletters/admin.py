"""The newsletters in the admin: readers (export or delete one reader's data), mailings, and
the breaking-alert page (preview, test send to oneself, send)."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.models import Article

from . import alerts, mail, subscribing
from .models import Mailing, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "wants_digest",
        "digest_section_names",
        "alert_section_names",
        "confirmed_at",
    )
    list_filter = ("wants_digest", "alert_sections")
    search_fields = ("email",)
    date_hierarchy = "confirmed_at"
    actions = ["export_data", "forget"]
    readonly_fields = (
        "email",
        "wants_digest",
        "digest_sections",
        "alert_sections",
        "confirmed_at",
        "consent",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("alert_sections", "digest_sections")

    # Addresses come only from their owners' confirmation, and only they change their choices.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        # "Forget" deletes through subscribing.unsubscribe, with a confirmation of its own.
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Digest of")
    def digest_section_names(self, subscriber):
        if not subscriber.wants_digest:
            return "—"
        return (
            ", ".join(section.name for section in subscriber.digest_sections.all())
            or "Every section"
        )

    @admin.display(description="Alerts from")
    def alert_section_names(self, subscriber):
        return ", ".join(section.name for section in subscriber.alert_sections.all()) or "—"

    @admin.action(description="Export the selected readers' data (JSON)", permissions=["view"])
    def export_data(self, request, queryset):
        data = [subscriber.personal_data() for subscriber in queryset]
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="reader-data.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(
        description="Delete the selected readers' data (address, choices, deliveries)",
        permissions=["delete"],
    )
    def forget(self, request, queryset):
        count = 0
        for subscriber in queryset:
            subscribing.unsubscribe(subscriber)
            count += 1
        self.message_user(request, f"Deleted the data of {count} reader(s).", messages.SUCCESS)


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "sent_count", "created_by", "created_at")
    list_filter = ("kind", "status")
    date_hierarchy = "created_at"
    list_select_related = ("article", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "alert/<int:article_id>/",
                self.admin_site.admin_view(self.alert_view),
                name="newsletters_mailing_alert",
            ),
            path(
                "alert/<int:article_id>/preview/",
                self.admin_site.admin_view(self.alert_preview_view),
                name="newsletters_mailing_alert_preview",
            ),
            *super().get_urls(),
        ]

    def article_for_alert(self, request, article_id):
        article = get_object_or_404(Article.objects.select_related("section"), pk=article_id)
        try:
            alerts.check_alert(article, user=request.user)
        except alerts.AlertRefused as error:
            messages.error(request, str(error))
            return article, False
        return article, True

    def alert_view(self, request, article_id):
        """Preview, test send, send: the editor's breaking alert about one story."""
        article, allowed = self.article_for_alert(request, article_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if not allowed:
            return redirect(change_url)
        if request.method == "POST":
            try:
                if "send_test" in request.POST:
                    alerts.send_test(article, user=request.user)
                    messages.success(request, f"A test was sent to {request.user.email}.")
                    return redirect(request.path)
                if "send" in request.POST:
                    alerts.queue_alert(article, user=request.user)
                    when = "now"
                    if article.published_at > timezone.now():
                        going_live = timezone.localtime(article.published_at)
                        when = f"when the story goes live ({going_live:%d %b %H:%M})"
                    messages.success(request, f"The alert is queued: it goes out {when}.")
                    return redirect(change_url)
            except alerts.AlertRefused as error:
                messages.error(request, str(error))
                return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Send as breaking alert: {article.headline}",
            "article": article,
            "recipients": alerts.recipients_of(article).count(),
            "previous": Mailing.objects.filter(kind=Mailing.Kind.ALERT, article=article),
            "preview_url": reverse("admin:newsletters_mailing_alert_preview", args=[article.pk]),
            "change_url": change_url,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/newsletters/alert.html", context)

    def alert_preview_view(self, request, article_id):
        """The alert's HTML part as readers' mail clients get it."""
        article, allowed = self.article_for_alert(request, article_id)
        if not allowed:
            raise PermissionDenied
        message = mail.alert_message(article, to=request.user.email or "preview@localhost")
        html = message.alternatives[0][0]
        response = HttpResponse(html)
        # Mail clients need inline styles; this page alone may use them, and runs no script.
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: http:; "
            "frame-ancestors 'self'"
        )
        response["X-Frame-Options"] = "SAMEORIGIN"
        response._csp_exempt = True
        return response
