import re

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from django.views.static import serve
from markdownx.views import MarkdownifyView

from articles.api import api
from articles.caching import cache_public_page
from articles.images import BodyImageUploadView
from articles.sitemaps import SITEMAPS, NewsSitemap

# The admin's look for the pages Django's auth app serves outside the admin site.
ADMIN_TITLES = {
    "site_header": settings.NEWSROOM_SITE_NAME,
    "site_title": settings.NEWSROOM_SITE_NAME,
}

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
    # The one-time link `manage.py invite` sends, to choose a password (articles/onboarding.py).
    path(
        "admin/password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_TITLES),
        name="password_reset_confirm",
    ),
    path(
        "admin/password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_TITLES),
        name="password_reset_complete",
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
    # Not for production: nginx serves /media/ there (deploy/nginx.conf). Archived copies
    # (evidence/) are replayed only through the site, which checks who may see them.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>(?!evidence/).*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]
