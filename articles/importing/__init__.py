"""Importing articles from files: plain-text copy (.txt) and Markdown with YAML front matter (.md).

Parsing turns a file into `ArticleData` without touching the database; `import_file` then writes
the article with its section, bylines, tags and citations in one transaction, so a file either
goes in whole or not at all.

- article_data.py: ArticleData, what a parser returns, and ArticleFileError, what it raises.
- plain_text.py: parse_text_file(), for .txt copy.
- front_matter.py: parse_markdown_file(), for .md files with YAML front matter.
- files.py: find_article_files() and parse_file(), which picks the parser by suffix.
- writing.py: import_file() and save_article(), and the summaries they fill in.

The public names are imported here, so `articles.importing` stays the one place to import
them from.
"""

from .article_data import ArticleData, ArticleFileError, AuthorData, SourceData
from .files import ARTICLE_SUFFIXES, SEED_ARTICLES_DIR, find_article_files, parse_file
from .front_matter import parse_markdown_file
from .plain_text import parse_text_file
from .writing import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportResult,
    import_file,
    save_article,
    shorten,
    summarise,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "CREATED",
    "SEED_ARTICLES_DIR",
    "UNCHANGED",
    "UPDATED",
    "ArticleData",
    "ArticleFileError",
    "AuthorData",
    "ImportResult",
    "SourceData",
    "find_article_files",
    "import_file",
    "parse_file",
    "parse_markdown_file",
    "parse_text_file",
    "save_article",
    "shorten",
    "summarise",
]
