from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("search/", views.search, name="search"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("preview/<int:pk>/", views.article_preview, name="article-preview"),
    path("preview/<str:token>/", views.shared_article_preview, name="article-preview-shared"),
    path("corrections/", views.corrections, name="corrections"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("sections/<slug:slug>/", views.section_detail, name="section-detail"),
    path("sections/<slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("sections/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("sources/<slug:slug>/feed/", feeds.SourceFeed(), name="source-feed"),
    path("sources/<slug:slug>/feed/atom/", feeds.SourceAtomFeed(), name="source-feed-atom"),
    path("pages/<slug:slug>/", views.page_detail, name="page-detail"),
]
