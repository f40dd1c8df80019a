"""What a file says about an article, before anything is written, and the error for a file
that cannot be imported, in words an editor can act on. Both parsers read files through here.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..models import Byline, Citation

SUPPORTS_LENGTH = Citation._meta.get_field("supports").max_length


class ArticleFileError(Exception):
    """A file that cannot be imported, and why, in words an editor can act on."""

    def __init__(self, path, problem):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class AuthorData:
    name: str
    role: str = Byline.Role.WRITER


@dataclass(frozen=True)
class SourceData:
    name: str
    kind: str = ""  # blank: "other" for a new source; an existing source keeps its own
    organisation: str = ""
    url: str = ""
    supports: str = ""
    cited_url: str = ""


@dataclass
class ArticleData:
    """What a file says about an article, before anything is written."""

    headline: str
    body: str
    slug: str = ""
    dek: str = ""
    summary: str = ""
    authors: list[AuthorData] = field(default_factory=list)
    section: str = ""
    tags: list[str] = field(default_factory=list)
    sources: list[SourceData] = field(default_factory=list)
    published_at: datetime | None = None
    status: str = ""
    # Which article a later import of the same file updates; by default the file's name.
    import_key: str = ""


def _read_text(path):
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleFileError(path, f"cannot be read ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleFileError(
            path, f"is not UTF-8 text (invalid byte at position {exc.start}); save it as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")
