"""Public pages. Every query starts from Article.objects.published(): drafts never leak.
The previews at the end are the exception: they check who asks, or a signed link."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import navigation, reader_reports, workflow
from .evidence import archiving, replay
from .forms import ErrorReportForm
from .front_page import read_front_page
from .models import Article, Author, Correction, Page, Section, Source, Tag
from .paging import StoryPage, counted_page, page_number
from .preview import article_for_preview_token
from .search import (
    MAX_RESULTS,
    RESULTS_PER_PAGE,
    article_snippet,
    clean_query,
    highlight,
    query_terms,
)

CORRECTIONS_PER_PAGE = 20


def home(request):
    """Page one is the front page (front_page.py); later pages list the older stories."""
    if page_number(request.GET.get("page")) == 1:
        front = read_front_page(request)
        return render(request, "articles/home.html", {"front": front, "page": front.page})
    page = story_page(request, Article.objects.paged_newest_cards())
    return render(request, "articles/home.html", {"page": page})


def article_detail(request, slug):
    article = Article.objects.published_page(slug)
    if article is None:
        # An old address of a published article (slugs can change) leads to its new one.
        moved = Article.objects.published().filter(slug_redirects__old_slug=slug).first()
        if moved:
            return redirect(moved, permanent=True)
        if Article.objects.was_taken_down(slug):
            return article_gone(request)
        raise Http404("No article found.")
    related = list(article.related_articles())
    navigation.file_under_sections(request, [article, *related])
    return render(request, "articles/article_detail.html", {"article": article, "related": related})


# The story's page is cached and shared by every reader, so its form carries no CSRF token.
# Nothing here acts as anyone: a forged report is just a report, and the limits stop floods.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def report_error(request, slug):
    """Readers tell the desk what is wrong in a published story: no account, no script."""
    article = get_object_or_404(
        Article.objects.published().only("pk", "slug", "headline", "section"), slug=slug
    )
    form = ErrorReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if form.is_bot():
                # Bots are told what people are told, so they learn nothing from the answer.
                return HttpResponseRedirect(f"{request.path}?sent=1", status=303)
            try:
                reader_reports.file_report(
                    article,
                    message=form.cleaned_data["message"],
                    evidence_url=form.cleaned_data["evidence_url"],
                    email=form.cleaned_data["email"],
                    sender=reader_reports.sender_of(request),
                )
            except reader_reports.TooManyReports:
                status = 429
            else:
                return HttpResponseRedirect(f"{request.path}?sent=1", status=303)
    navigation.file_under_sections(request, [article])
    context = {
        "article": article,
        "form": form,
        "sent": request.method == "GET" and request.GET.get("sent") == "1",
        "too_many": status == 429,
    }
    return render(request, "articles/report_error.html", context, status=status)


def article_gone(request):
    """410 Gone: readers learn the story was removed, and search engines drop the address.
    Not kept in the page cache, which stores only 200s (caching.is_storable)."""
    response = render(request, "articles/article_gone.html", status=410)
    response["X-Robots-Tag"] = "noindex"
    return response


def story_page(request, stories, *, none_is_404=False):
    """The page of `stories` that ?page= asks for, each story given its section.

    With `none_is_404`, no published story at all is a 404: a tag or source only drafts
    use may be a scoop's, and stays unknown until publication. (Authors are the newsroom's
    staff: theirs is public from their first published story, or before it when an Editor
    made their profile public.)"""
    page = StoryPage.of(stories, request.GET.get("page"))
    if none_is_404 and not page.object_list:
        raise Http404("Nothing published here yet.")
    navigation.file_under_sections(request, page.object_list)
    return page


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    # As Author.objects.public() says: an Editor's public profile, or a published story.
    page = story_page(
        request, Article.objects.paged_newest_cards(author), none_is_404=not author.profile_public
    )
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = story_page(request, Article.objects.paged_newest_cards(section))
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = story_page(request, Article.objects.paged_newest_cards(tag), none_is_404=True)
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


def source_detail(request, slug):
    # An anonymous source has no public page: its slug alone could name it.
    source = get_object_or_404(Source.objects.on_the_record(), slug=slug)
    page = story_page(request, Article.objects.paged_newest_cards(source), none_is_404=True)
    return render(request, "articles/source_detail.html", {"source": source, "page": page})


def search(request):
    """Published articles matching ?q=, best match first; without a query, just the form."""
    query = clean_query(request.GET.get("q", ""))
    page = None
    if query:
        # The ranked matches are at most MAX_RESULTS ids, paged here without a COUNT(*);
        # only the page's own articles are then read whole.
        ranked = Article.objects.ranked_matches(query)
        page = counted_page(Paginator(ranked, RESULTS_PER_PAGE), request.GET.get("page"))
        articles = Article.objects.search_results(page.object_list)
        page.object_list = [articles[pk] for pk in page.object_list if pk in articles]
        navigation.file_under_sections(request, page.object_list)
        terms = query_terms(query)
        for article in page.object_list:
            article.headline_html = highlight(article.headline, terms)
            article.snippet_html = article_snippet(article, terms)
    return render(
        request,
        "articles/search.html",
        {"query": query, "page": page, "max_results": MAX_RESULTS},
    )


def render_preview(request, article):
    """The article exactly as readers will see it, marked as a preview and kept out of
    search engines, shared caches and other sites' referrer logs."""
    # Rendered afresh every time, and never stored: a preview must not leave drafts in the cache.
    related = list(article.related_articles())
    navigation.file_under_sections(request, [article, *related])
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "is_preview": True, "related": related},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    # A shared link's token is in the address: links out of the story must not pass it on.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def article_preview(request, pk):
    """Staff who may edit an article preview it, whatever its status; others get a 404."""
    article = get_object_or_404(Article.objects.for_detail(), pk=pk)
    if not (request.user.is_staff and workflow.can_change(request.user, article)):
        raise Http404("No article found.")
    return render_preview(request, article)


@never_cache
def shared_article_preview(request, token):
    """Anyone holding a valid shareable preview link reads the article, without an account."""
    article = article_for_preview_token(token, Article.objects.for_detail())
    if article is None:
        raise Http404("This preview link is invalid, has expired or was revoked.")
    return render_preview(request, article)


def corrections(request):
    """Every published correction of a published article, newest first."""
    queryset = (
        Correction.objects.filter(
            published_at__lte=timezone.now(), article__in=Article.objects.published()
        )
        .select_related("article")
        .order_by("-published_at", "-id")
    )
    page = counted_page(Paginator(queryset, CORRECTIONS_PER_PAGE), request.GET.get("page"))
    return render(request, "articles/corrections.html", {"page": page})


def page_detail(request, slug):
    """An about or policy page; unpublished ones are not found."""
    site_page = get_object_or_404(Page, slug=slug, is_published=True)
    return render(request, "articles/page_detail.html", {"site_page": site_page})


def archived_copy(request, slug):
    """The evidence locker's copy of a cited page, with its fingerprint and address; the
    copy itself is framed from archived_copy_content, sandboxed."""
    try:
        copy = replay.copy_for(request, slug)
    except replay.CopyWithdrawn:
        response = render(request, "articles/archived_copy_withdrawn.html", status=410)
        response["X-Robots-Tag"] = "noindex"
        return response
    response = render(
        request,
        "articles/archived_copy.html",
        {"copy": copy, "kind": replay.kind_of(copy), "stored": archiving.read(copy)},
    )
    response["X-Robots-Tag"] = "noindex"
    # The cited address is on the page: other sites need not learn who read it.
    response["Referrer-Policy"] = "no-referrer"
    return response


def archived_copy_content(request, slug):
    """The archived body alone, under a policy of its own that runs no script."""
    try:
        copy = replay.copy_for(request, slug)
    except replay.CopyWithdrawn:
        raise Http404("This archived copy was withdrawn.") from None
    return replay.copy_response(copy)
