"""The read-only JSON API under /api/, for apps, aggregators and partners.

Built on django-ninja rather than Django REST framework: a read-only API needs typed output
schemas, validated query parameters and an OpenAPI description, and ninja derives all three
from the same Pydantic classes with far less code than DRF's serializers, viewsets and
routers. Its endpoints read like the site's function views (a published() queryset in, a
schema out), and bad parameters become 422 JSON errors without hand-written checks. The
schema at /api/openapi.json is generated from the code, so it never drifts, and ninja ships
Swagger UI's files, so the interactive docs at /api/docs come from our own static files.

Like every public view, each endpoint starts from Article.objects.published(), so drafts,
articles in review, archived ones and those scheduled for later never appear.
"""

import re
from datetime import date
from functools import wraps
from typing import Annotated

from csp.decorators import csp_update
from django.db.models import Max, Prefetch
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination, paginate
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from .api_schemas import (
    ERROR_EXAMPLES,
    LATEST_ARTICLES,
    ArticleDetail,
    ArticleSummary,
    AuthorDetail,
    AuthorOut,
    ErrorOut,
    SectionOut,
    SourceDetail,
    SourceOut,
)
from .models import Article, Author, Citation, Correction, Section, Source, Tag

CACHE_SECONDS = 60
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Past any archive's end; larger page numbers would reach the database as offsets too large
# for it (a 500).
MAX_PAGE = 100_000

# What every operation shares, because every one is wrapped in cached_publicly: it answers
# conditional requests with 304 and sends these headers with its 200 and its 304.
CONDITIONAL_REQUEST_HEADERS = [
    {
        "in": "header",
        "name": "If-None-Match",
        "required": False,
        "schema": {"type": "string"},
        "description": "An ETag this operation sent: 304 with no body while it still holds.",
    },
    {
        "in": "header",
        "name": "If-Modified-Since",
        "required": False,
        "schema": {"type": "string"},
        "description": "An HTTP date: 304 with no body when nothing shown has changed since "
        "(article operations, which send Last-Modified).",
    },
]
VALIDATOR_HEADERS = {
    "ETag": {
        "required": True,
        "schema": {"type": "string"},
        "description": "Changes whenever the body does; send it back in If-None-Match.",
    },
    "Cache-Control": {
        "required": True,
        "schema": {"type": "string", "example": f"public, max-age={CACHE_SECONDS}"},
        "description": f"Any cache may keep the response {CACHE_SECONDS} seconds, then must "
        "revalidate it.",
    },
    "Last-Modified": {
        "required": False,
        "schema": {"type": "string"},
        "description": "Article operations: when the articles shown last changed.",
    },
}
# Requests larger than gunicorn reads (its limit_request_line and limit_request_field_size) are
# refused before Django sees them, with a short HTML body; any operation can meet them.
SIZE_LIMIT_RESPONSES = {
    414: {
        "description": "URI Too Long: path and query string over 4,094 bytes, refused by the "
        "server before the API reads them (an HTML body, not ErrorOut)."
    },
    431: {
        "description": "Request Header Fields Too Large: a header over 8,190 bytes, refused "
        "by the server before the API reads it (an HTML body, not ErrorOut)."
    },
}


class NewsroomAPI(NinjaAPI):
    """A NinjaAPI whose schema also says what every operation shares, which ninja cannot
    derive from the code: conditional requests and their 304, the caching headers, the
    server's size limits, and an example of the error body under each error status."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["parameters"].extend(CONDITIONAL_REQUEST_HEADERS)
                responses = operation["responses"]
                responses[304] = {"description": "Not Modified: the copy the client holds."}
                responses.update(SIZE_LIMIT_RESPONSES)
                for status in (200, 304):
                    responses[status]["headers"] = VALIDATOR_HEADERS
                for status, example in ERROR_EXAMPLES.items():
                    if status in responses:
                        responses[status]["content"]["application/json"]["example"] = example
                operation["responses"] = dict(sorted(responses.items()))
        return schema


api = NewsroomAPI(
    title="Newsroom API",
    version="1",
    description="Published articles, their authors, sections and sources. Read-only. "
    "Every error (404, 410, 422) has the same body, ErrorOut. The API is not rate-limited.",
    urls_namespace="api",
    # No validator badge: it would call an outside service from the docs page.
    docs=Swagger(settings={"validatorUrl": None}),
    # Swagger UI's stylesheet draws its icons as data: images; allowed on this page only.
    docs_decorator=csp_update({"img-src": ["data:"]}),
)


@api.exception_handler(HttpError)
def http_error(request, exc):
    """A 404 or 410 in the one error shape."""
    return api.create_response(
        request, ErrorOut(detail=str(exc), errors=[]).model_dump(), status=exc.status_code
    )


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    """A 422 in the one error shape, naming each parameter refused."""
    errors = [{"parameter": str(error["loc"][-1]), "message": error["msg"]} for error in exc.errors]
    detail = "; ".join(f"{error['parameter']}: {error['message']}" for error in errors)
    return api.create_response(
        request, ErrorOut(detail=detail, errors=errors).model_dump(), status=422
    )


class BoundedPagination(PageNumberPagination):
    """Page and page size within the limits the schema states, refused with a 422 outside
    them: no page size is quietly lowered."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")


paginated = paginate(BoundedPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)


def cached_publicly(view):
    """Let browsers and shared caches keep a successful read briefly, then revalidate it.

    The ETag is a hash of the body, so it changes with anything shown, including an
    author's new name in a byline. Article views also set Last-Modified for clients that
    only send If-Modified-Since; authors, sections and sources record no time of change,
    so they are validated by ETag alone.
    """

    @wraps(view)
    def view_with_cache_headers(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Errors stay uncached: a 404 for a story about to be published must not linger.
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    return conditional_page(view_with_cache_headers)


cacheable = decorate_view(cached_publicly)


def set_last_modified(response, moment):
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())


def get_by_slug(queryset, slug, noun):
    """The object with this slug, or a 404 whose message names what was missing."""
    missing = HttpError(404, f"No {noun} with the slug '{slug}'.")
    # No slug holds a NUL, and PostgreSQL refuses any query that does (a 500).
    if "\x00" in slug:
        raise missing
    try:
        return queryset.get(slug=slug)
    except queryset.model.DoesNotExist:
        raise missing from None


def get_article(queryset, slug):
    """The published article with this slug; as on the site, 410 Gone for the address of a
    story readers saw that has since been archived or deleted, else a 404."""
    try:
        return get_by_slug(queryset, slug, "article")
    except HttpError:
        # get_by_slug refuses a NUL before any query; this must not send one either.
        if "\x00" not in slug and Article.objects.was_taken_down(slug):
            raise HttpError(410, f"The article with the slug '{slug}' was taken down.") from None
        raise


def articles_for_cards():
    return Article.objects.published().for_listing().prefetch_related("tags").newest_first()


def latest_change(articles):
    """When this set of published articles last changed for readers.

    An article scheduled for later enters the set at its published_at, which may be later
    than its last edit; counting both keeps If-Modified-Since honest for such stories.
    """
    return articles.aggregate(latest=Max(Greatest("updated_at", "published_at")))["latest"]


def require_iso_day(value):
    """Only YYYY-MM-DD, as the schema's "format: date" says: pydantic alone would also take
    a number of seconds since 1970 ("0") or a date with a midnight time."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("date_format", "Input should be a day as YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(require_iso_day)]


class ArticleFilters(Schema):
    # Typed without "| None": a query string has no null, and the schema should not offer one.
    section: str = Field(None, description="Section slug; an unknown one is a 404.")
    author: str = Field(None, description="Author slug; an unknown one is a 404.")
    tag: str = Field(None, description="Tag slug; an unknown one is a 404.")
    source: str = Field(None, description="Source slug; an unknown one is a 404.")
    published_after: Day = Field(
        None, description="Published on or after this day (YYYY-MM-DD, in the site's time zone)."
    )
    published_before: Day = Field(
        None,
        description="Published on or before this day (YYYY-MM-DD, in the site's time zone). "
        "Earlier than published_after, no day qualifies: an empty page, not an error.",
    )

    def apply(self, articles):
        """Narrow published articles; an unknown slug is a 404, not an empty list."""
        if self.section:
            articles = articles.in_section(get_by_slug(Section.objects, self.section, "section"))
        if self.author:
            articles = articles.by_author(
                get_by_slug(Author.objects.public(), self.author, "author")
            )
        if self.tag:
            articles = articles.tagged(get_by_slug(Tag.objects, self.tag, "tag"))
        if self.source:
            articles = articles.citing(
                get_by_slug(Source.objects.on_the_record(), self.source, "source")
            )
        if self.published_after:
            articles = articles.filter(published_at__date__gte=self.published_after)
        if self.published_before:
            articles = articles.filter(published_at__date__lte=self.published_before)
        return articles


@api.get(
    "/articles/",
    response={200: list[ArticleSummary], 404: ErrorOut, 422: ErrorOut},
    url_name="article-list",
    tags=["articles"],
    summary="Published articles, newest first",
)
@cacheable
@paginated
def article_list(request, response: HttpResponse, filters: Query[ArticleFilters]):
    articles = filters.apply(articles_for_cards())
    set_last_modified(response, latest_change(articles))
    return articles


@api.get(
    "/articles/{slug}/",
    response={200: ArticleDetail, 404: ErrorOut, 410: ErrorOut},
    url_name="article-detail",
    tags=["articles"],
    summary="One published article with its sources and corrections",
)
@cacheable
def article_detail(request, slug: str, response: HttpResponse):
    """A story readers saw that has since been archived or deleted answers 410 Gone, at its
    address and its earlier ones; any other slug with no published article, 404."""
    queryset = articles_for_cards().prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source")),
        # A correction dated in the future is not public yet.
        Prefetch(
            "corrections", queryset=Correction.objects.filter(published_at__lte=timezone.now())
        ),
    )
    article = get_article(queryset, slug)
    corrected = [correction.published_at for correction in article.corrections.all()]
    set_last_modified(response, max([article.updated_at, article.published_at, *corrected]))
    return article


@api.get(
    "/authors/",
    response={200: list[AuthorOut], 422: ErrorOut},
    url_name="author-list",
    tags=["authors"],
    summary="Authors by name",
)
@cacheable
@paginated
def author_list(request):
    return Author.objects.public()


@api.get(
    "/authors/{slug}/",
    response={200: AuthorDetail, 404: ErrorOut},
    url_name="author-detail",
    tags=["authors"],
    summary="One author with their newest published articles",
)
@cacheable
def author_detail(request, slug: str):
    author = get_by_slug(Author.objects.public(), slug, "author")
    author.latest_articles = articles_for_cards().by_author(author)[:LATEST_ARTICLES]
    return author


@api.get(
    "/sections/",
    response=list[SectionOut],
    url_name="section-list",
    tags=["sections"],
    summary="Sections in navigation order",
)
@cacheable
def section_list(request):
    return Section.objects.all()


@api.get(
    "/sources/",
    response={200: list[SourceOut], 422: ErrorOut},
    url_name="source-list",
    tags=["sources"],
    summary="Sources by name",
)
@cacheable
@paginated
def source_list(request):
    return Source.objects.public()


@api.get(
    "/sources/{slug}/",
    response={200: SourceDetail, 404: ErrorOut},
    url_name="source-detail",
    tags=["sources"],
    summary="One source with the newest published articles citing it",
)
@cacheable
def source_detail(request, slug: str):
    source = get_by_slug(Source.objects.public(), slug, "source")
    source.latest_articles = articles_for_cards().citing(source)[:LATEST_ARTICLES]
    return source
