"""The editors' admin: articles with their bylines, citations and corrections, and the lists
they draw on."""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from markdownx.admin import MarkdownxModelAdmin

from .. import workflow
from ..forms import (
    ArticleAdminForm,
    AuthorAdminForm,
    SectionAdminForm,
    SourceAdminForm,
    TagAdminForm,
)
from ..models import Article, Author, Byline, Citation, Correction, Section, Source, Tag
from ..sourcing import unsourced_claims
from .revisions import RevisionsAdminMixin
from .sourcing import SourcingAdminMixin

admin.site.site_header = settings.NEWSROOM_SITE_NAME
admin.site.site_title = settings.NEWSROOM_SITE_NAME
admin.site.index_title = "Newsroom desk"
admin.site.site_url = "/"

# Links typed without a scheme get https://, as Django 6 will do by default.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class BylineInline(admin.TabularInline):
    model = Byline
    fields = ["author", "role", "position"]
    autocomplete_fields = ["author"]
    extra = 1


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["source", "supports", "url", "anonymity_note", "position"]
    autocomplete_fields = ["source"]
    formfield_overrides = HTTPS_URL_FIELDS
    extra = 1


class CorrectionInline(admin.TabularInline):
    model = Correction
    fields = ["kind", "note", "published_at"]
    extra = 0


def number_in_entry_order(formset, new_forms):
    """Renumber a formset's rows 0, 1, 2… in the order editors see and enter them.

    Rows sort by the position editors typed, ties keeping entry order; new rows left at 0
    go last, so adding a byline to a story never pushes it in front of the existing ones.
    """
    kept = [
        form
        for form in formset.forms
        if form.instance.pk is not None and form not in formset.deleted_forms
    ]

    def order(entry):
        index, form = entry
        position = form.instance.position
        return (float("inf") if form in new_forms and position == 0 else position, index)

    for position, (_, form) in enumerate(sorted(enumerate(kept), key=order)):
        if form.instance.position != position:
            form.instance.position = position
            form.instance.save(update_fields=["position"])


def headlines(articles):
    return ", ".join(f"“{article.headline}”" for article in articles)


@admin.register(Article)
class ArticleAdmin(SourcingAdminMixin, RevisionsAdminMixin, MarkdownxModelAdmin):
    """Articles through the editorial workflow (articles/workflow.py has the rules).

    Writers see every article, so they know what the desk is working on, but change only
    their own drafts and articles in review; the rest open read-only.
    """

    form = ArticleAdminForm
    list_display = ["headline", "publication_state", "section", "byline_names", "published_at"]
    list_filter = ["status", "section", "bylines__author", "tags"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "dek", "body", "bylines__author__name"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    save_on_top = True
    actions = ["publish_selected", "unpublish_selected", "archive_selected"]
    fieldsets = [
        ("Story", {"fields": ["headline", "slug", "dek", "body"]}),
        (
            "Presentation",
            {"fields": ["summary", "hero_image", "hero_alt", "hero_caption", "hero_credit"]},
        ),
        ("Metadata", {"fields": ["section", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "embargo_until"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-autosave.js"]

    def get_queryset(self, request):
        # Section and bylines for every row in a fixed number of queries.
        return super().get_queryset(request).for_listing()

    def get_view_on_site_url(self, obj=None):
        # A draft or scheduled story has no public page yet, only a 404: "Preview" shows it.
        if obj is not None and not obj.is_published():
            return None
        return super().get_view_on_site_url(obj)

    def delete_model(self, request, obj):
        workflow.delete_articles([obj], user=request.user)

    def delete_queryset(self, request, queryset):
        workflow.delete_articles(queryset, user=request.user)

    @admin.display(description="Byline")
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description="Status", ordering="status")
    def publication_state(self, article):
        # "Published" with a date still ahead would hide from editors what readers cannot see.
        return "Scheduled" if article.is_scheduled() else article.get_status_display()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_change(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_delete(request.user, obj)
        )

    def has_publish_permission(self, request):
        """Who sees the publish, unpublish and archive actions."""
        return workflow.can_publish(request.user) and self.has_change_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            # When an article goes out is an editor's decision.
            readonly += ["published_at", "embargo_until"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.is_published() or not workflow.can_publish(request.user):
            return fieldsets
        # Only a change to a story readers can see is an update to tell them about.
        return [
            (name, {**options, "fields": [*options["fields"], "substantive_update"]})
            if name == "Publishing"
            else (name, options)
            for name, options in fieldsets
        ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # A narrowed choice list also refuses any other status posted by hand.
            allowed = workflow.statuses_for(request.user)
            kwargs["choices"] = [(status.value, status.label) for status in allowed]
            kwargs["error_messages"] = {"invalid_choice": workflow.STATUS_REFUSED}
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.last_edited_by = request.user
        if change and obj.is_published() and form.cleaned_data.get("substantive_update"):
            obj.content_updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        new_forms = {
            formset: {row for row in formset.forms if row.instance.pk is None}
            for formset in formsets
        }
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if formset.model in (Byline, Citation):
                number_in_entry_order(formset, new_forms[formset])
            # A correction tells readers the story changed, so it moves the "Updated" time.
            if formset.model is Correction and formset.new_objects and form.instance.is_published():
                form.instance.mark_updated()

    def report_result(self, request, result, *, done_message):
        """Tell the editor what an action changed and what it skipped, and why."""
        parts = [done_message] if result.done else ["Nothing changed."]
        if result.skipped:
            reasons = "; ".join(f"“{article.headline}”: {why}" for article, why in result.skipped)
            parts.append(f"Skipped {len(result.skipped)}: {reasons}.")
        level = messages.WARNING if result.skipped else messages.SUCCESS
        self.message_user(request, " ".join(parts), level)

    def confirm_action(
        self, request, articles, *, action, title, question, confirm_label, selected=None
    ):
        """The page that asks before `action` runs on `articles` (each a (article, details)
        pair); confirming posts the action again, for `selected` (by default the same
        articles), with confirmation=yes."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "question": question,
            "confirm_label": confirm_label,
            "action": action,
            "stories": [{"article": article, "details": details} for article, details in articles],
            "selected": selected or [article.pk for article, _ in articles],
        }
        return TemplateResponse(request, "admin/articles/article/action_confirmation.html", context)

    @staticmethod
    def is_confirmed(request):
        return request.POST.get("confirmation") == "yes"

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
        confirmed = self.is_confirmed(request)
        result = workflow.publish_articles(queryset, user=request.user, publish_anyway=confirmed)
        scheduled = [article for article in result.done if article.is_scheduled()]
        published = [article for article in result.done if article not in scheduled]
        done = []
        if published:
            done.append(f"Published {len(published)}: {headlines(published)}.")
        if scheduled:
            done.append(f"Scheduled {len(scheduled)}: {headlines(scheduled)}.")
        if not result.confirmable:
            self.report_result(request, result, done_message=" ".join(done))
            return None
        # The rest went out (or were skipped, and say why); these wait for the Editor to
        # read their claims and confirm, as "Publish anyway" on the article's page asks.
        result.skipped = [
            (article, why) for article, why in result.skipped if article not in result.confirmable
        ]
        if result.done or result.skipped:
            self.report_result(request, result, done_message=" ".join(done))
        return self.confirm_action(
            request,
            [
                (article, [claim_line(finding) for finding in unsourced_claims(article)])
                for article in result.confirmable
            ],
            action="publish_selected",
            title="Publish stories with uncited or vague claims?",
            question=(
                "The Sourcing desk finds claims in these stories that no cited source "
                "stands behind. Publish them as they are, or go back and cite or rewrite."
            ),
            confirm_label="Yes, publish anyway",
        )

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        if not self.is_confirmed(request) and (live := self.live_stories(queryset)):
            return self.confirm_action(
                request,
                [(article, []) for article in live],
                action="unpublish_selected",
                selected=[article.pk for article in queryset],
                title="Unpublish live stories?",
                question="Readers will no longer find these stories: they go back to draft.",
                confirm_label="Yes, unpublish them",
            )
        result = workflow.unpublish_articles(queryset, user=request.user)
        done = f"Unpublished {len(result.done)}, now drafts: {headlines(result.done)}."
        self.report_result(request, result, done_message=done)
        return None

    @admin.action(description="Archive selected articles", permissions=["publish"])
    def archive_selected(self, request, queryset):
        if not self.is_confirmed(request) and (live := self.live_stories(queryset)):
            return self.confirm_action(
                request,
                [(article, []) for article in live],
                action="archive_selected",
                selected=[article.pk for article in queryset],
                title="Archive live stories?",
                question=(
                    "These stories come off the site: their pages tell readers and search "
                    "engines that they were removed."
                ),
                confirm_label="Yes, archive them",
            )
        result = workflow.archive_articles(queryset, user=request.user)
        done = f"Archived {len(result.done)}: {headlines(result.done)}."
        self.report_result(request, result, done_message=done)
        return None

    @staticmethod
    def live_stories(queryset):
        """The articles readers can see now, or will at their scheduled time."""
        return [article for article in queryset if article.status == Article.Status.PUBLISHED]


def claim_line(finding):
    kind = "Vague" if finding.status == "vague" else "Named, not cited"
    return f"{kind}: “{finding.attribution.sentence}”"


class ProfileAdmin(admin.ModelAdmin):
    """The admin of authors, sources, sections and tags: the lists stories draw on.

    A Writer changes or deletes one only while no story that readers may see shows it
    (workflow.can_change_shown); otherwise it opens read-only. Every save is a revision,
    under the editor's name.
    """

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_change_shown(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_change_shown(request.user, obj)
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(Author)
class AuthorAdmin(ProfileAdmin, MarkdownxModelAdmin):
    form = AuthorAdminForm
    list_display = ["name", "role", "article_count"]
    search_fields = ["name", "email", "role"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "role", "bio", "photo", "email", "user", "profile_public"]
    # Counting articles groups the rows, and grouped queries drop Meta.ordering.
    ordering = ["name"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("bylines"))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            # A page readers see is published by someone who may publish.
            readonly.append("profile_public")
        return readonly

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, author):
        return author.article_count


@admin.register(Source)
class SourceAdmin(ProfileAdmin):
    form = SourceAdminForm
    list_display = ["name", "kind", "organisation", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]
    formfield_overrides = HTTPS_URL_FIELDS

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Unticking "anonymous" shows the source's name to readers of every story citing
        # it: only those who may sign off anonymous sources decide that.
        if (
            obj is not None
            and obj.is_anonymous
            and not request.user.has_perm("articles.approve_anonymous_sources")
        ):
            readonly.append("is_anonymous")
        return readonly

    def get_queryset(self, request):
        # An article may cite one source more than once; count each article once.
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("citations__article", distinct=True))
        )

    @admin.display(description="Articles citing it", ordering="article_count")
    def article_count(self, source):
        return source.article_count


@admin.register(Section)
class SectionAdmin(ProfileAdmin):
    form = SectionAdminForm
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(ProfileAdmin):
    form = TagAdminForm
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


from . import pages  # noqa: E402, F401  (registers PageAdmin)
