from django.urls import path

from . import feeds, views
from .caching import cache_public_page

app_name = "articles"

urlpatterns = [
    path("", cache_public_page(views.home), name="home"),
    path("feed/", cache_public_page(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", cache_public_page(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("search/", cache_public_page(views.search), name="search"),
    path("articles/<slug:slug>/", cache_public_page(views.article_detail), name="article-detail"),
    path("articles/<slug:slug>/report-error/", views.report_error, name="report-error"),
    path("preview/<int:pk>/", views.article_preview, name="article-preview"),
    path("preview/<str:token>/", views.shared_article_preview, name="article-preview-shared"),
    path("corrections/", cache_public_page(views.corrections), name="corrections"),
    path("authors/<slug:slug>/", cache_public_page(views.author_detail), name="author-detail"),
    path("authors/<slug:slug>/feed/", cache_public_page(feeds.AuthorFeed()), name="author-feed"),
    path(
        "authors/<slug:slug>/feed/atom/",
        cache_public_page(feeds.AuthorAtomFeed()),
        name="author-feed-atom",
    ),
    path("sections/<slug:slug>/", cache_public_page(views.section_detail), name="section-detail"),
    path("sections/<slug:slug>/feed/", cache_public_page(feeds.SectionFeed()), name="section-feed"),
    path(
        "sections/<slug:slug>/feed/atom/",
        cache_public_page(feeds.SectionAtomFeed()),
        name="section-feed-atom",
    ),
    path("tags/<slug:slug>/", cache_public_page(views.tag_detail), name="tag-detail"),
    path("sources/<slug:slug>/", cache_public_page(views.source_detail), name="source-detail"),
    path("sources/<slug:slug>/feed/", cache_public_page(feeds.SourceFeed()), name="source-feed"),
    path(
        "sources/<slug:slug>/feed/atom/",
        cache_public_page(feeds.SourceAtomFeed()),
        name="source-feed-atom",
    ),
    path("pages/<slug:slug>/", cache_public_page(views.page_detail), name="page-detail"),
    # The evidence locker's copies of cited pages: the replay page, and the copy itself.
    path("evidence/<slug:slug>/", cache_public_page(views.archived_copy), name="archived-copy"),
    path(
        "evidence/<slug:slug>/content/", views.archived_copy_content, name="archived-copy-content"
    ),
]
