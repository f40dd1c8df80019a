"""The newsroom's content: articles, the people who write them and the sources they rest on.

- taxonomy.py: Section and Tag, how articles are filed.
- authors.py: Author.
- sources.py: Source, its kinds and its queryset.
- article.py: Article, its status and queryset, and the field lists and prefetches its pages use.
- article_parts.py: Byline, Citation, Correction and SlugRedirect.
- evidence.py: ArchivedCopy and CitationWatch, the evidence locker's copies of cited pages
  and what watching them found (articles/evidence/).
- error_reports.py: ErrorReport, what readers say is wrong in a story.
- pages.py: Page, the site's own pages.
- front_page.py: FrontPagePlacement, the stories Editors place at the top of the front page.
- generation.py: ContentGeneration, the one row that says which cached pages are current.
- compiled.py: the public pages' story queries, compiled to SQL once per process.

Everything is imported here, so Django finds the models and `articles.models` stays the one
place to import them from.
"""

from .article import (
    FACT_CHECK_FIELDS,
    Article,
    ArticleQuerySet,
    ArticleStatus,
    ClaimantKind,
    FactCheckRating,
    WorkType,
    new_preview_token,
)
from .article_parts import (
    ArticlePart,
    Byline,
    BylineRole,
    Citation,
    Correction,
    CorrectionKind,
    SlugRedirect,
)
from .authors import Author
from .error_reports import ErrorReport, ErrorReportStatus
from .evidence import ArchivedCopy, ArchivedCopyQuerySet, CitationWatch, WatchState
from .front_page import FRONT_PAGE_SLOTS, FrontPagePlacement
from .generation import ContentGeneration
from .pages import Page, PageKind
from .sources import Source, SourceKind, SourceQuerySet
from .taxonomy import Section, Tag

__all__ = [
    "ArchivedCopy",
    "ArchivedCopyQuerySet",
    "FACT_CHECK_FIELDS",
    "Article",
    "ArticleQuerySet",
    "ArticleStatus",
    "Author",
    "ClaimantKind",
    "FactCheckRating",
    "WorkType",
    "Byline",
    "BylineRole",
    "Citation",
    "CitationWatch",
    "ContentGeneration",
    "Correction",
    "CorrectionKind",
    "ErrorReport",
    "ErrorReportStatus",
    "FRONT_PAGE_SLOTS",
    "FrontPagePlacement",
    "Page",
    "PageKind",
    "ArticlePart",
    "Section",
    "SlugRedirect",
    "Source",
    "SourceKind",
    "SourceQuerySet",
    "Tag",
    "WatchState",
    "new_preview_token",
]
