"""Which files are articles, and which parser reads each: .txt as plain text, .md as Markdown."""

from pathlib import Path

from .article_data import ArticleFileError
from .front_matter import parse_markdown_file
from .plain_text import parse_text_file

SEED_ARTICLES_DIR = Path(__file__).resolve().parent.parent / "seed_articles"
ARTICLE_SUFFIXES = (".md", ".txt")


def find_article_files(paths):
    """Files as given, and the .txt and .md files found under directories, in name order."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(
                    candidate
                    for candidate in path.rglob("*")
                    if candidate.is_file()
                    and candidate.suffix.lower() in ARTICLE_SUFFIXES
                    # Skip editor backups and version-control folders such as .git.
                    and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def parse_file(path):
    """Parse a .txt or .md article file into `ArticleData`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return parse_text_file(path)
    if suffix == ".md":
        return parse_markdown_file(path)
    raise ArticleFileError(
        path, f"unsupported file type {suffix or '(no extension)'!r}; expected .txt or .md"
    )
