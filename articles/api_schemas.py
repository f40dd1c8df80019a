"""The API's public shapes: what readers may see of each object, and nothing internal.

Each schema lists its fields explicitly, so a new model field (an email, a status) stays
private until someone adds it here on purpose.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from .images import content_type, largest_version, renditions_for
from .models import Byline, Correction, Source, WorkType

# How many of an author's or a source's newest articles their detail pages carry.
LATEST_ARTICLES = 20


def absolute_url(context, obj):
    return context["request"].build_absolute_uri(obj.get_absolute_url())


class ParameterError(Schema):
    parameter: str = Field(description="The query or path parameter refused.")
    message: str = Field(description="Why it was refused.")


class ErrorOut(Schema):
    """The body of every error the API answers (404, 410, 422), and only of those."""

    detail: str = Field(description="What went wrong, in words a developer can act on.")
    errors: list[ParameterError] = Field(
        description="For a 422, each parameter refused and why; empty for other errors."
    )


# Shown in the docs page under each error status, and checked against ErrorOut by the tests.
ERROR_EXAMPLES = {
    404: {"detail": "No author with the slug 'no-such-author'.", "errors": []},
    410: {"detail": "The article with the slug 'old-story' was taken down.", "errors": []},
    422: {
        "detail": "page_size: Input should be less than or equal to 100",
        "errors": [
            {"parameter": "page_size", "message": "Input should be less than or equal to 100"}
        ],
    },
}


class SectionRef(Schema):
    name: str
    slug: str
    url: str = Field(description="The section's page on this site.")

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj)


class SectionOut(SectionRef):
    description: str


class TagOut(Schema):
    name: str
    slug: str
    url: str = Field(description="The tag's page on this site.")

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj)


class AuthorOut(Schema):
    name: str
    slug: str
    role: str = Field(description='Job title, e.g. "Defense correspondent".')
    bio_html: str = Field(description="Sanitised HTML rendered from the author's biography.")
    url: str = Field(description="The author's page on this site.")

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj)


class BylineOut(Schema):
    name: str
    slug: str
    role: Byline.Role = Field(description="What this author did on this article.")
    url: str = Field(description="The author's page on this site.")

    @staticmethod
    def resolve_name(obj):
        return obj.author.name

    @staticmethod
    def resolve_slug(obj):
        return obj.author.slug

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.author)


class SourceOut(Schema):
    name: str
    slug: str
    kind: Source.Kind
    organisation: str = Field(description="Who is behind the source.")
    url: str = Field(description="The source's page on this site.")
    website: str | None = Field(description="Home of the source itself (channel, agency, site).")

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj)

    @staticmethod
    def resolve_website(obj):
        return obj.url or None


class AnonymousSourceOut(Schema):
    anonymous: bool = Field(True, description="Always true: the source spoke on background.")
    note: str = Field(description="Why anonymity was granted, shown in place of the name.")


class CitationOut(Schema):
    source: SourceOut | AnonymousSourceOut = Field(
        description="The source, or for an anonymous one only the note on why it is anonymous."
    )
    supports: str = Field(description="What this source supports in the story.")
    url: str | None = Field(
        description="The exact item cited, or the source's home when no item is linked; "
        "null for an anonymous source."
    )

    # An anonymous source's name, organisation, slug and links could identify it: never shown.
    @staticmethod
    def resolve_source(obj):
        if obj.source.is_anonymous:
            return {"anonymous": True, "note": obj.anonymity_note}
        return obj.source

    @staticmethod
    def resolve_url(obj):
        return None if obj.source.is_anonymous else obj.link or None


class CorrectionOut(Schema):
    kind: Correction.Kind
    note: str
    published_at: datetime


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    type: str = Field(description="Its MIME type: image/webp, or the picture's own format.")


class PictureOut(Schema):
    url: str = Field(description="The largest version of the picture the site serves.")
    width: int | None = Field(description="Its width in pixels, where known.")
    height: int | None = Field(description="Its height in pixels, where known.")
    type: str = Field(description="Its MIME type.")
    alt: str = Field(description="What the picture shows, for readers who cannot see it.")
    renditions: list[RenditionOut] = Field(
        description="Every width the picture is served in, WebP and the picture's own format, "
        "smallest first, for a srcset."
    )


def hero_picture(article, context):
    """The article's hero picture as PictureOut says it, or None: from the stored name."""
    image = article.hero_image
    if not image:
        return None
    storage = image.storage

    def absolute(name):
        return context["request"].build_absolute_uri(storage.url(name))

    # Until a job has made the renditions (pictures_ready), the picture itself and no others.
    name, width, height = largest_version(image.name, ready=article.pictures_ready)
    renditions = [
        {
            "url": absolute(file_name),
            "width": rendition.width,
            "height": rendition.height,
            "type": content_type(file_name),
        }
        for rendition in (renditions_for(image.name) if article.pictures_ready else [])
        for file_name in (rendition.webp_name, rendition.fallback_name)
    ]
    return {
        "url": absolute(name),
        "width": width,
        "height": height,
        "type": content_type(name),
        "alt": article.hero_alt,
        "renditions": renditions,
    }


class ArticleSummary(Schema):
    headline: str
    slug: str
    work_type: Literal[tuple(WorkType.values)] = Field(
        description="The type of work: "
        + ", ".join(f"{value} ({label})" for value, label in WorkType.choices)
        + "."
    )
    url: str = Field(description="The article's page on this site.")
    dek: str = Field(description="One sentence under the headline.")
    summary: str
    section: SectionRef | None
    tags: list[TagOut]
    bylines: list[BylineOut]
    published_at: datetime
    updated_at: datetime = Field(
        description="When the story last changed substantively (or published_at if never)."
    )
    picture: PictureOut | None = Field(description="The hero picture; null when it has none.")

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj)

    @staticmethod
    def resolve_picture(obj, context):
        return hero_picture(obj, context)

    @staticmethod
    def resolve_updated_at(obj):
        # Typo fixes do not count as updates for readers; only substantive ones do.
        return obj.public_updated_at


class ArticleDetail(ArticleSummary):
    dateline: str = Field(description="Where the reporting was done; empty if not given.")
    body_html: str = Field(description="The story as sanitised HTML, safe to embed.")
    citations: list[CitationOut]
    corrections: list[CorrectionOut]


class AuthorDetail(AuthorOut):
    latest_articles: list[ArticleSummary] = Field(
        description=f"The {LATEST_ARTICLES} newest published articles with this byline; "
        "filter /api/articles/ by author for the rest."
    )


class SourceDetail(SourceOut):
    description: str = Field(description="What this source is and how far it can be trusted.")
    latest_articles: list[ArticleSummary] = Field(
        description=f"The {LATEST_ARTICLES} newest published articles citing this source; "
        "filter /api/articles/ by source for the rest."
    )
