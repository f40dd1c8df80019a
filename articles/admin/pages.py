"""The about and policy pages, which editors write in Markdown with a live preview."""

from django.contrib import admin
from markdownx.admin import MarkdownxModelAdmin

from ..forms import PageAdminForm
from ..models import Page
from .profiles import EditorialAdmin


@admin.register(Page)
class PageAdmin(EditorialAdmin, MarkdownxModelAdmin):
    form = PageAdminForm
    list_display = ["title", "kind", "is_published", "updated_at"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "kind", "is_published", "body"]
    date_hierarchy = "updated_at"
