"""The editors' admin: articles with their bylines, citations and corrections, and the lists
they draw on."""

from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from markdownx.admin import MarkdownxModelAdmin

from ..forms import ArticleAdminForm
from ..models import Article, Author, Byline, Citation, Correction, Section, Source, Tag

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
    fields = ["source", "supports", "url", "position"]
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


@admin.register(Article)
class ArticleAdmin(MarkdownxModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "status", "section", "byline_names", "published_at"]
    list_filter = ["status", "section", "bylines__author", "tags"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "dek", "body", "bylines__author__name"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    save_on_top = True
    actions = ["publish_selected"]
    fieldsets = [
        ("Story", {"fields": ["headline", "slug", "dek", "body"]}),
        (
            "Presentation",
            {"fields": ["summary", "hero_image", "hero_alt", "hero_caption", "hero_credit"]},
        ),
        ("Metadata", {"fields": ["section", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        # Section and bylines for every row in a fixed number of queries.
        return super().get_queryset(request).for_listing()

    @admin.display(description="Byline")
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish_selected(self, request, queryset):
        # publish() goes through save(), so body_html and published_at stay right; articles
        # already published or scheduled keep their date.
        articles = [article for article in queryset if article.status != Article.Status.PUBLISHED]
        for article in articles:
            article.publish()
        self.message_user(request, f"Published {len(articles)} article(s).", messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        new_forms = {
            formset: {form for form in formset.forms if form.instance.pk is None}
            for formset in formsets
        }
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if formset.model in (Byline, Citation):
                number_in_entry_order(formset, new_forms[formset])


@admin.register(Author)
class AuthorAdmin(MarkdownxModelAdmin):
    list_display = ["name", "role", "article_count"]
    search_fields = ["name", "email", "role"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "role", "bio", "photo", "email", "user"]
    # Counting articles groups the rows, and grouped queries drop Meta.ordering.
    ordering = ["name"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("bylines"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, author):
        return author.article_count


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]
    formfield_overrides = HTTPS_URL_FIELDS

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
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


from . import pages  # noqa: E402, F401  (registers PageAdmin)
