"""Public pages. Every query starts from Article.objects.published(): drafts never leak."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Article, Author, Byline, Citation, Section, Source, Tag
from .search import article_snippet, clean_query, highlight, query_terms

ARTICLES_PER_PAGE = 20


def paginate(request, queryset):
    return Paginator(queryset, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))


def home(request):
    page = paginate(request, Article.objects.published().for_listing().newest_first())
    lead = page.object_list[0] if page.number == 1 and page.object_list else None
    return render(request, "articles/home.html", {"page": page, "lead": lead})


def article_detail(request, slug):
    queryset = (
        Article.objects.published()
        .select_related("section")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            "corrections",
            "tags",
        )
    )
    article = get_object_or_404(queryset, slug=slug)
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "related": article.related_articles()},
    )


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    page = paginate(
        request, Article.objects.published().by_author(author).for_listing().newest_first()
    )
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = paginate(
        request, Article.objects.published().in_section(section).for_listing().newest_first()
    )
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, Article.objects.published().tagged(tag).for_listing().newest_first())
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    page = paginate(
        request, Article.objects.published().citing(source).for_listing().newest_first()
    )
    return render(request, "articles/source_detail.html", {"source": source, "page": page})


def search(request):
    """Published articles matching ?q=, best match first; without a query, just the form."""
    query = clean_query(request.GET.get("q", ""))
    page = None
    if query:
        page = paginate(request, Article.objects.published().search(query).for_listing())
        terms = query_terms(query)
        for article in page:
            article.headline_html = highlight(article.headline, terms)
            article.snippet_html = article_snippet(article, terms)
    return render(request, "articles/search.html", {"query": query, "page": page})
