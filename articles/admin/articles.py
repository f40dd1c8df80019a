"""The article admin: the list, the change form with its bylines, citations and corrections,
the sourcing desk, history and the list actions. The rules are in articles/workflow.py and
every write goes through it: the form's one save path is workflow.save_story.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin
from reversion.admin import VersionAdmin

from .. import images, workflow
from ..forms import (
    NEW_TAG,
    ArticleAdminForm,
    BylineForm,
    TagsChoiceField,
    WellFormedIdChoiceField,
    WellFormedIdsMultipleChoiceField,
    is_id,
)
from ..markdown import removed_by_sanitiser
from ..models import FACT_CHECK_FIELDS, Article, Byline, Citation, Correction
from ..preview import preview_link
from ..revisions import EditConflict, article_versions, record_if_missing
from ..sourcing import (
    blocks_publishing,
    claim_line,
    format_summary,
    summary_for,
    unsourced_claims,
)
from . import revisions as history
from . import sourcing as sourcing_desk
from .desk import (
    CorrectedListFilter,
    EmbargoListFilter,
    StatusListFilter,
    YoursListFilter,
    in_progress_first,
)
from .profiles import HTTPS_URL_FIELDS
from .widgets import HeroImageWidget, narrow_picture_warning


class WellFormedIdsSelect(AutocompleteSelect):
    """The admin's autocomplete, which draws again only the posted values that are ids: a
    form shown again with a forged value explains it rather than failing."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if is_id(item)], attr)


class WellFormedIdsSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, [item for item in value if is_id(item)], attr)
        # Tags typed in the autocomplete that do not exist yet stay chosen on a form shown
        # again with an error.
        for index, item in enumerate(str(item) for item in value if str(item).startswith(NEW_TAG)):
            option = self.create_option(name, item, item[len(NEW_TAG) :], True, len(groups))
            groups.append((None, [option], len(groups) + index))
        return groups


class WellFormedIdsAdmin:
    """Choices of rows that survive forged values: refused with a reason (the fields) and
    drawn again without them (the widgets), where Django's own would fail the request."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", WellFormedIdChoiceField)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = WellFormedIdsSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", WellFormedIdsMultipleChoiceField)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = WellFormedIdsSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# The article form's right-hand column, at 1280 px and wider (change_form.html): what
# decides how and when the story goes out, beside the text.
SIDE = "article-form__side"
# Rows whose `position` editors set by dragging (admin-article-form.js), not by typing.
REORDERABLE = "reorderable"
HIDDEN_POSITION = {models.PositiveSmallIntegerField: {"widget": forms.HiddenInput}}


class BylineInline(WellFormedIdsAdmin, admin.TabularInline):
    model = Byline
    form = BylineForm
    fields = ["author", "role", "position"]
    autocomplete_fields = ["author"]
    formfield_overrides = HIDDEN_POSITION
    classes = [REORDERABLE]
    extra = 1


class CitationInline(WellFormedIdsAdmin, admin.StackedInline):
    model = Citation
    fields = ["source", "supports", "url", "anonymity_note", "position"]
    autocomplete_fields = ["source"]
    formfield_overrides = {**HTTPS_URL_FIELDS, **HIDDEN_POSITION}
    classes = [REORDERABLE, SIDE]
    extra = 1


class CorrectionInline(admin.TabularInline):
    model = Correction
    fields = ["kind", "note", "published_at"]
    extra = 0


def removed_rows_posted(data, prefix, rows):
    """Whether the posted formset `prefix` names a row that `rows` no longer holds."""
    try:
        count = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
    except ValueError:
        return False  # The formset's own check explains that.
    posted = {data.get(f"{prefix}-{index}-id") for index in range(count)} - {None, ""}
    return bool(posted - {str(pk) for pk in rows.values_list("pk", flat=True)})


def headlines(articles):
    return ", ".join(f"“{article.headline}”" for article in articles)


@admin.register(Article)
class ArticleAdmin(WellFormedIdsAdmin, VersionAdmin, MarkdownxModelAdmin):
    """Articles through the editorial workflow.

    Writers see every article, so they know what the desk is working on, but change only
    their own drafts and articles in review; the rest open read-only.
    """

    form = ArticleAdminForm
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = [
        "headline",
        "publication_state",
        "section",
        "work_type",
        "byline_names",
        "published_at",
        "sourcing_summary",
    ]
    list_filter = [
        StatusListFilter,
        YoursListFilter,
        "work_type",
        "section",
        "bylines__author",
        "tags",
        sourcing_desk.SourcingListFilter,
        EmbargoListFilter,
        CorrectedListFilter,
    ]
    date_hierarchy = "published_at"
    search_fields = ["headline", "dek", "body", "bylines__author__name"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    save_on_top = True
    actions = ["publish_selected", "unpublish_selected", "archive_selected"]
    fieldsets = [
        (
            "Story",
            {"fields": ["work_type", "headline", "slug", "dek", "dateline", "body", "summary"]},
        ),
        (
            "Fact check",
            {
                "fields": FACT_CHECK_FIELDS,
                "description": "Only for the type of work “Fact check”: readers see the "
                "claim and our rating in a box at the top, and search engines read it.",
                "classes": ["collapse"],
            },
        ),
        ("Publishing", {"fields": ["status", "published_at", "embargo_until"], "classes": [SIDE]}),
        ("Section and tags", {"fields": ["section", "tags"], "classes": [SIDE]}),
        (
            "Picture",
            {
                "fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"],
                "classes": [SIDE],
            },
        ),
    ]
    object_history_template = "admin/articles/article/revision_history.html"
    history_latest_first = True

    formfield_overrides = {models.ImageField: {"widget": HeroImageWidget}}

    class Media:
        css = {"all": ["css/admin.css", "css/admin-sourcing.css", "css/admin-article-form.css"]}
        js = ["js/admin-autosave.js", "js/admin-sourcing.js", "js/admin-article-form.js"]

    # What the list and the form show

    def get_queryset(self, request):
        # Section, bylines and (for the Sourcing column) citations for every row, in a fixed
        # number of queries.
        return (
            super()
            .get_queryset(request)
            .for_listing()
            .prefetch_related(
                Prefetch("citations", queryset=Citation.objects.select_related("source"))
            )
        )

    def get_ordering(self, request):
        return in_progress_first()

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and self.has_change_permission(request, article):
            # The form shows the link, and only a request knows the site's address.
            path, expires_at = preview_link(article)
            article.shareable_preview = (request.build_absolute_uri(path), expires_at)
        return article

    def get_view_on_site_url(self, obj=None):
        # A draft or scheduled story has no public page yet, only a 404: "Preview" shows it.
        if obj is not None and not obj.is_published():
            return None
        return super().get_view_on_site_url(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "shareable_preview_link"]
        readonly.append(self.panel_field(request, obj))
        if obj is not None:
            readonly.append(self.evidence_field(request, obj))
        if not workflow.can_publish(request.user):
            # When an article goes out is an editor's decision.
            readonly += ["published_at", "embargo_until"]
        return readonly

    def get_fieldsets(self, request, obj=None, *, publish_anyway=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.is_published() and workflow.can_publish(request.user):
            # Only a change to a story readers can see is an update to tell them about.
            fieldsets = [
                (name, {**options, "fields": [*options["fields"], "substantive_update"]})
                if name == "Publishing"
                else (name, options)
                for name, options in fieldsets
            ]
        # Readers see the note under the sources box, so it is written beside the panel.
        sourcing = [self.panel_field(request, obj), "backstory"]
        if obj is not None:
            sourcing.insert(1, self.evidence_field(request, obj))
        if publish_anyway is None:
            publish_anyway = self.can_edit(request, obj) and self.offers_publish_anyway(
                request, obj
            )
        if publish_anyway:
            sourcing.append("publish_anyway")
        if self.can_edit(request, obj) and workflow.can_sign_off(request.user):
            sourcing.append("sign_off_anonymous_sources")
        fieldsets.append(("Sourcing", {"fields": sourcing, "classes": [SIDE]}))
        if obj is not None and self.has_change_permission(request, obj):
            fieldsets.append(
                (
                    "Preview",
                    {"fields": ["shareable_preview_link", "base_version"], "classes": [SIDE]},
                )
            )
        return fieldsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # Tags typed in the autocomplete that do not exist yet are created on save.
            kwargs["form_class"] = TagsChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # A narrowed choice list also refuses any other status posted by hand.
            allowed = workflow.statuses_for(request.user)
            kwargs["choices"] = [(status.value, status.label) for status in allowed]
            kwargs["error_messages"] = {"invalid_choice": workflow.STATUS_REFUSED}
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The form's publishing checks judge the citations as posted, with who edits.
        citations = CitationInline(self.model, self.admin_site).get_formset(request, obj)
        return type(
            form.__name__,
            (form,),
            {
                "user": request.user,
                "citation_formset": partial(citations, prefix=citations.get_default_prefix()),
                "refusal": getattr(request, "publication_refused", None),
            },
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        author = getattr(request.user, "author_profile", None)
        if isinstance(inline, BylineInline) and getattr(obj, "pk", None) is None and author:
            # A new story's byline is, to begin with, its writer's.
            kwargs["initial"] = [{"author": author.pk}]
        if "data" in kwargs and obj is not None and obj.pk is not None:
            if removed_rows_posted(
                kwargs["data"], prefix, inline.model.objects.filter(article=obj)
            ):
                # A colleague removed a row this form still shows, so the save is a conflict
                # anyway: show the rows as they are now, or every later save would fail on
                # the missing row.
                del kwargs["data"], kwargs["files"], kwargs["save_as_new"]
                messages.warning(
                    request,
                    f"{inline.model._meta.verbose_name_plural.capitalize()}: a colleague "
                    "removed a row since you opened the article. They are shown as saved now; "
                    "make your change to them again.",
                )
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context["adminform"]
        if "publish_anyway" in adminform.form.errors:
            # Left out because the saved story had no claims to confirm, the box is needed
            # after all: this save adds some. Show it with its error, for the editor to tick.
            adminform.fieldsets = self.get_fieldsets(request, obj, publish_anyway=True)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def panel_field(self, request, obj):
        # Readers of the form without the right to edit it get the findings without buttons.
        return "sourcing_panel" if self.can_edit(request, obj) else "sourcing_findings"

    def evidence_field(self, request, obj):
        # Only Editors add the correction note a changed source calls for.
        may_note = workflow.can_publish(request.user) and self.can_edit(request, obj)
        return "evidence_panel" if may_note else "evidence_findings"

    def can_edit(self, request, obj):
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def offers_publish_anyway(self, request, obj):
        """Whether the form shows "Publish anyway": only where ticking it can change anything."""
        if blocks_publishing() or not workflow.can_publish(request.user):
            return False
        if obj is None:
            # A new article's claims are in a body not typed yet, so the add form offers it.
            return True
        # A live story asks only when an edit adds claims (ArticleAdminForm.check_claims).
        return obj.status != Article.Status.PUBLISHED and bool(unsourced_claims(obj))

    @admin.display(description="Byline")
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description="Status", ordering="status")
    def publication_state(self, article):
        # "Published" with a date still ahead would hide from editors what readers cannot see.
        return "Scheduled" if article.is_scheduled() else article.get_status_display()

    @admin.display(description="Sourcing")
    def sourcing_summary(self, article):
        sources = [citation.source for citation in article.citations.all()]
        return format_summary(summary_for(article.body, sources))

    @admin.display(description="Sourcing")
    def sourcing_panel(self, article):
        return sourcing_desk.render_panel(self, article, editable=True)

    @admin.display(description="Sourcing")
    def sourcing_findings(self, article):
        return sourcing_desk.render_panel(self, article, editable=False)

    @admin.display(description="Cited pages")
    def evidence_panel(self, article):
        return sourcing_desk.render_evidence(self, article, may_note=True)

    @admin.display(description="Cited pages")
    def evidence_findings(self, article):
        return sourcing_desk.render_evidence(self, article, may_note=False)

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

    # Who may do what (workflow.py)

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

    # Saving: one path, workflow.save_story

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and self.has_change_permission(request, article):
            if request.method == "POST":
                # Before the save's own revision, so that it stays a version of its own.
                record_if_missing(article, comment="Recorded before an edit in the admin.")
            extra_context = {
                "preview_url": reverse("articles:article-preview", kwargs={"pk": article.pk}),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if not all(is_id(pk) for pk in selected):
            self.message_user(request, "Choose the articles from the list.", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as error:
            # A date out of any calendar in the address (?published_at__year=99999999999).
            raise IncorrectLookupParameters(error) from error

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # Actions change articles: VersionAdmin records them.
            return super().changelist_view(request, extra_context)
        # Reading the list records nothing: no revision, and no transaction, around it.
        context = {"has_change_permission": self.has_change_permission(request)}
        return admin.ModelAdmin.changelist_view(self, request, {**context, **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # Around the admin's own transaction: a save that fails, even at its commit,
            # leaves no picture behind.
            with images.files_kept_only_on_success():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Nothing was written (the save rolled back); on the form shown again, the
            # version check explains what happened.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.PublicationRefused as refusal:
            # The form's checks passed, the rules on what was saved did not (a colleague
            # changed a source meanwhile, say): nothing was written; the form says why.
            request.publication_refused = str(refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    # The revision keeps workflow.save_story's account of the change ("Published.",
    # "Scheduled for …", "Changed body."): VersionAdmin would put the admin's list of
    # changed fields ("Changed Status.") in its place.
    def log_addition(self, request, obj, message):
        return admin.ModelAdmin.log_addition(self, request, obj, message)

    def log_change(self, request, obj, message):
        return admin.ModelAdmin.log_change(self, request, obj, message)

    def save_model(self, request, obj, form, change):
        """Nothing yet: save_related saves the article with its rows, in one operation."""

    def save_related(self, request, form, formsets, change):
        article = workflow.save_story(form, formsets, user=request.user)
        if "body" in form.changed_data and (removed := removed_by_sanitiser(article.body)):
            self.message_user(
                request,
                "Saved, but the story's HTML lost what it may not carry: "
                + "; ".join(f"{what} ({why})" for what, why in removed)
                + ".",
                messages.WARNING,
            )
        if "hero_image" in form.changed_data and (
            warning := narrow_picture_warning(article.hero_image.name)
        ):
            self.message_user(request, f"Saved, but: {warning}", messages.WARNING)

    def delete_model(self, request, obj):
        workflow.delete_articles([obj], user=request.user)

    def delete_queryset(self, request, queryset):
        workflow.delete_articles(queryset, user=request.user)

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

    # History, restore and recover (admin/revisions.py), and the sourcing desk's pages

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                wrap(partial(history.compare_view, self)),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/reset-preview-links/",
                wrap(partial(history.reset_preview_links_view, self)),
                name=f"{name}_reset_preview_links",
            ),
            path(
                "sourcing/analyse/",
                wrap(partial(sourcing_desk.analyse_view, self)),
                name=f"{name}_sourcing_analyse",
            ),
            path(
                "sources-report/",
                wrap(partial(sourcing_desk.sources_report_view, self)),
                name=f"{self.opts.app_label}_sources_report",
            ),
            path(
                "sourcing/note-source-change/<int:citation_id>/",
                wrap(partial(sourcing_desk.note_source_change_view, self)),
                name=f"{name}_note_source_change",
            ),
            path(
                "<path:object_id>/sourcing/cite/",
                wrap(partial(sourcing_desk.cite_view, self)),
                name=f"{name}_sourcing_cite",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        versions = list(article_versions(article)) if article is not None else []
        context = {"versions": versions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return history.revision_view(self, request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        return history.recover_view(self, request, version_id, extra_context)

    # List actions

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

    @staticmethod
    def live_stories(queryset):
        """The articles readers can see now, or will at their scheduled time."""
        return [article for article in queryset if article.status == Article.Status.PUBLISHED]

    def report_result(self, request, result, *, done_message):
        """Tell the editor what an action changed and what it skipped, and why."""
        parts = [done_message] if result.done else ["Nothing changed."]
        if result.skipped:
            reasons = "; ".join(f"“{article.headline}”: {why}" for article, why in result.skipped)
            parts.append(f"Skipped {len(result.skipped)}: {reasons}.")
        level = messages.WARNING if result.skipped else messages.SUCCESS
        self.message_user(request, " ".join(parts), level)

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

    def take_down(self, request, queryset, *, action, operation, title, question, done):
        """Unpublish or archive `queryset` with workflow's `operation`, once the editor has
        confirmed taking down the live stories among them."""
        if not self.is_confirmed(request) and (live := self.live_stories(queryset)):
            return self.confirm_action(
                request,
                [(article, []) for article in live],
                action=action,
                selected=[article.pk for article in queryset],
                title=title,
                question=question,
                confirm_label="Yes, go ahead",
            )
        result = operation(queryset, user=request.user)
        self.report_result(request, result, done_message=done(result.done))
        return None

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        return self.take_down(
            request,
            queryset,
            action="unpublish_selected",
            operation=workflow.unpublish_articles,
            title="Unpublish live stories?",
            question="Readers will no longer find these stories: they go back to draft.",
            done=lambda done: f"Unpublished {len(done)}, now drafts: {headlines(done)}.",
        )

    @admin.action(description="Archive selected articles", permissions=["publish"])
    def archive_selected(self, request, queryset):
        return self.take_down(
            request,
            queryset,
            action="archive_selected",
            operation=workflow.archive_articles,
            title="Archive live stories?",
            question="These stories come off the site: their pages tell readers and search "
            "engines that they were removed.",
            done=lambda done: f"Archived {len(done)}: {headlines(done)}.",
        )
