"""The lists stories draw on: authors, sources, sections and tags.

A Writer changes or deletes one only while no story readers may see shows it
(workflow.can_change_shown); otherwise it opens read-only. Each save is an editorial change
(EditorialAdmin): a revision under the editor's name, and every cached page and part of a
page retired, since a name shows on many stories.
"""

from functools import partial

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import path
from markdownx.admin import MarkdownxModelAdmin

from .. import images, workflow
from ..forms import AuthorAdminForm, SectionAdminForm, SourceAdminForm, TagAdminForm
from ..models import Author, Section, Source, Tag
from .accounts import author_profile_view

# Links typed without a scheme get https://, as Django 6 will do by default.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class EditorialAdmin(admin.ModelAdmin):
    """An admin whose every write (the form, a list edit or action, a deletion) is one
    workflow.editorial_change: recorded, and shown to readers at once."""

    def editorial_change(self, request, comment):
        return workflow.editorial_change(request.user, comment)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        # Around the admin's own transaction: a save that fails leaves no portrait behind.
        with (
            images.files_kept_only_on_success(),
            self.editorial_change(request, "Changed in the admin."),
        ):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with self.editorial_change(request, "Changed from the list."):
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with self.editorial_change(request, "Deleted."):
            return super().delete_view(request, object_id, extra_context)


class ProfileAdmin(EditorialAdmin):
    """Authors, sources, sections and tags: what readers see of them changes with them."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_change_shown(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_change_shown(request.user, obj)
        )


@admin.register(Author)
class AuthorAdmin(ProfileAdmin, MarkdownxModelAdmin):
    form = AuthorAdminForm
    list_display = ["name", "role", "article_count"]
    search_fields = ["name", "email", "role"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "role",
        "bio",
        "knows_about",
        "knows_language",
        "same_as",
        "photo",
        "email",
        "user",
        "profile_public",
    ]
    # Counting articles groups the rows, and grouped queries drop Meta.ordering.
    ordering = ["name"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("bylines"))

    def get_urls(self):
        view = self.admin_site.admin_view(partial(author_profile_view, self))
        return [path("yours/", view, name="articles_author_profile"), *super().get_urls()]

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
        if not workflow.can_publish(request.user):
            # Archiving pages a site asks crawlers to leave alone is an Editor's decision.
            readonly.append("robots_override_reason")
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
