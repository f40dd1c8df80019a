import re

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from django.views.static import serve
from markdownx.views import MarkdownifyView

from articles.api import api
from articles.caching import cache_public_page
from articles.images import BodyImageUploadView
from articles.sitemaps import SITEMAPS, NewsSitemap

urlpatterns = [
    # The editor's live preview and image upload are for staff only.
    path(
        "admin/markdownx/markdownify/",
        staff_member_required(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
    path(
        "admin/markdownx/upload/",
        staff_member_required(BodyImageUploadView.as_view()),
        name="markdownx_upload",
    ),
    path("admin/", admin.site.urls),
    # The API's own address leads to its documentation.
    path("api/", RedirectView.as_view(pattern_name="api:openapi-view"), name="api-root"),
    path("api/", api.urls),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        cache_public_page(sitemap_views.sitemap),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "feeds/news_sitemap.xml"},
        name="news-sitemap",
    ),
    path(
        "robots.txt",
        cache_public_page(
            TemplateView.as_view(
                template_name="robots.txt", content_type="text/plain; charset=utf-8"
            )
        ),
        name="robots-txt",
    ),
    path("newsletters/", include("newsletters.urls")),
    path("", include("articles.urls")),
]

if settings.NEWSROOM_SERVE_MEDIA and settings.MEDIA_STORAGE == "local":
    # Not for production: nginx serves /media/ there (deploy/nginx.conf).
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]
