from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("sections/<slug:slug>/", views.section_detail, name="section-detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
]
