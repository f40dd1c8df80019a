"""Importing articles from files: plain-text copy (.txt) and Markdown with YAML front matter (.md).

Parsing turns a file into `ArticleData` without touching the database; `import_file` then writes
the article with its section, bylines, tags and citations in one transaction, so a file either
goes in whole or not at all.
"""

import html
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from difflib import get_close_matches
from pathlib import Path

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from .attribution import find_attributions, match_source, propose_source
from .markdown import render_markdown
from .models import Article, Author, Byline, Citation, Section, Source, Tag

SEED_ARTICLES_DIR = Path(__file__).resolve().parent / "seed_articles"
ARTICLE_SUFFIXES = (".md", ".txt")

# Plain-text copy carries no section; the bundled wire stories are foreign news.
DEFAULT_SECTION = "World"
STAFF_AUTHOR = {"name": "Newsroom Staff", "slug": "newsroom-staff", "role": "Staff"}
SUMMARY_LENGTH = 200
SLUG_LENGTH = Article._meta.get_field("slug").max_length
SUPPORTS_LENGTH = Citation._meta.get_field("supports").max_length

FRONT_MATTER_KEYS = {
    "title", "slug", "dek", "summary", "authors", "section", "tags", "sources", "published_at",
    "status",
}  # fmt: skip
AUTHOR_KEYS = {"name", "role"}
SOURCE_KEYS = {"name", "kind", "organisation", "url", "supports", "cited_url"}

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


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


@dataclass(frozen=True)
class ImportResult:
    path: Path
    action: str  # CREATED, UPDATED or UNCHANGED
    headline: str
    slug: str
    dry_run: bool = False
    article: Article | None = None  # None after a dry run: nothing was saved

    @property
    def label(self):
        """What happened, as the commands report it: "created", "would update", ..."""
        if self.dry_run and self.action in (CREATED, UPDATED):
            return {CREATED: "would create", UPDATED: "would update"}[self.action]
        return self.action


# Finding and reading files


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


# Plain text

BYLINE = re.compile(r"^by:?\s+(?P<names>.+)$", re.IGNORECASE)
NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)
NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
NAME_PARTICLES = {"al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"}
MARKDOWN_BLOCK_LINE = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|>|\|)")
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})


def parse_text_file(path):
    """The headline on the first line, an optional "By ..." line, then the paragraphs."""
    path = Path(path)
    lines = _read_text(path).split("\n")
    headline = _next_line(lines)
    if headline is None:
        raise ArticleFileError(path, "is empty")
    headline = " ".join(headline.split())
    lines = _drop_next_line(lines)

    # Wire copy often repeats the headline as its first line; keep it once.
    if _next_line(lines) is not None and _same_headline(_next_line(lines), headline):
        lines = _drop_next_line(lines)
    authors = []
    names = _byline_names(_next_line(lines) or "")
    if names:
        authors = [AuthorData(name=name) for name in names]
        lines = _drop_next_line(lines)

    paragraphs = [_join_paragraph(block) for block in _blocks(lines)]
    if not paragraphs:
        raise ArticleFileError(path, "has a headline but no story under it")
    return ArticleData(
        headline=headline, body="\n\n".join(paragraphs), authors=authors, section=DEFAULT_SECTION
    )


def _next_line(lines):
    return next((line.strip() for line in lines if line.strip()), None)


def _drop_next_line(lines):
    index = next(index for index, line in enumerate(lines) if line.strip())
    return lines[index + 1 :]


def _same_headline(line, headline):
    def normalise(text):
        return " ".join(text.translate(QUOTES).split()).casefold()

    return normalise(line) == normalise(headline)


def _byline_names(line):
    """The names in a "By Jane Doe and John Smith" line, or None if the line is not a byline."""
    match = BYLINE.match(line.strip())
    if not match:
        return None
    names = [name.strip() for name in NAME_SEPARATOR.split(match["names"].strip())]
    return names if all(_looks_like_name(name) for name in names) else None


def _looks_like_name(text):
    # Guards against a first sentence such as "By the end of the week, ..." being read as a byline.
    words = text.split()
    return (
        1 <= len(words) <= 5
        and all(NAME_WORD.match(word) for word in words)
        and words[0][0].isupper()
        and words[-1][0].isupper()
        and all(word[0].isupper() or word.lower() in NAME_PARTICLES for word in words)
    )


def _blocks(lines):
    block = []
    for line in lines + [""]:
        if line.strip():
            block.append(line.rstrip())
        elif block:
            yield block
            block = []


def _join_paragraph(lines):
    # Lists, quotes and tables need their line breaks; prose hard-wrapped at 72 columns does not.
    if any(MARKDOWN_BLOCK_LINE.match(line) for line in lines):
        return "\n".join(lines)
    return " ".join(line.strip() for line in lines)


# Markdown with front matter


def parse_markdown_file(path):
    """YAML front matter between `---` lines (title required), then the Markdown body."""
    path = Path(path)
    lines = _read_text(path).split("\n")
    if lines[0].rstrip() != "---":
        raise ArticleFileError(
            path, "no front matter: the file must start with a '---' line, then YAML, then '---'"
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise ArticleFileError(path, "front matter is not closed: add a '---' line after it")
    try:
        meta = yaml.load("\n".join(lines[1:end]), Loader=FrontMatterLoader)
    except yaml.YAMLError as exc:
        raise ArticleFileError(
            path, f"invalid YAML in the front matter: {_yaml_problem(exc)}"
        ) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ArticleFileError(path, "front matter must be `key: value` lines")
    _check_keys(path, meta, FRONT_MATTER_KEYS, "front matter")

    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        raise ArticleFileError(path, "the body under the front matter is empty")
    headline = _text(path, meta, "title")
    if not headline:
        raise ArticleFileError(path, "front matter needs a `title:`")
    slug = _text(path, meta, "slug")
    if slug:
        try:
            validate_slug(slug)
        except ValidationError as exc:
            raise ArticleFileError(
                path, "`slug` may only contain letters, numbers, hyphens and underscores"
            ) from exc
    status = _text(path, meta, "status")
    if status and status not in Article.Status.values:
        raise ArticleFileError(
            path, f"`status` {status!r} is not one of: {', '.join(Article.Status.values)}"
        )
    return ArticleData(
        headline=" ".join(headline.split()),
        body=body,
        slug=slug,
        dek=_text(path, meta, "dek"),
        summary=_text(path, meta, "summary"),
        authors=_authors(path, meta.get("authors")),
        section=_text(path, meta, "section"),
        tags=_tags(path, meta.get("tags")),
        sources=_sources(path, meta.get("sources")),
        published_at=_published_at(path, meta.get("published_at")),
        status=status,
    )


class FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML whose dates stay text, so `published_at` is checked and explained in one place."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _yaml_problem(exc):
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    # The front matter starts on the file's second line.
    return f"{problem} (line {mark.line + 2})" if mark else problem


def _type_name(value):
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _check_keys(path, mapping, allowed, where):
    unknown = sorted(str(key) for key in mapping if key not in allowed)
    if unknown:
        guesses = [match for key in unknown for match in get_close_matches(key, allowed, n=1)]
        hint = f"; did you mean {', '.join(guesses)}?" if guesses else ""
        raise ArticleFileError(
            path,
            f"unknown key{'s' if len(unknown) > 1 else ''} in {where}: {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(allowed))}){hint}",
        )


def _text(path, mapping, key, *, where=""):
    value = mapping.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ArticleFileError(
            path, f"`{key}`{where} must be text, not {_type_name(value)} (put it in quotes)"
        )
    return value.strip()


def _list(path, value, key):
    if value is None:
        return []
    if not isinstance(value, list):
        raise ArticleFileError(path, f"`{key}` must be a list, not {_type_name(value)}")
    return value


def _authors(path, value):
    authors = []
    for item in _list(path, value, "authors"):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            raise ArticleFileError(
                path, f"each author must be a name or {{name, role}}, not {_type_name(item)}"
            )
        _check_keys(path, item, AUTHOR_KEYS, "an author")
        name = " ".join(_text(path, item, "name", where=" of an author").split())
        if not name:
            raise ArticleFileError(path, "an author has no name")
        role = _text(path, item, "role", where=f" of author {name!r}") or Byline.Role.WRITER
        if role not in Byline.Role.values:
            raise ArticleFileError(
                path,
                f"role {role!r} of author {name!r} is not one of: {', '.join(Byline.Role.values)}",
            )
        if any(slugify(name) == slugify(author.name) for author in authors):
            raise ArticleFileError(path, f"author {name!r} is listed twice")
        authors.append(AuthorData(name=name, role=role))
    return authors


def _tags(path, value):
    tags = []
    for item in _list(path, value, "tags"):
        if not isinstance(item, str):
            raise ArticleFileError(path, f"each tag must be a name, not {_type_name(item)}")
        if not item.strip():
            raise ArticleFileError(path, "a tag is empty")
        if slugify(item) not in {slugify(tag) for tag in tags}:
            tags.append(" ".join(item.split()))
    return tags


def _sources(path, value):
    sources = []
    for item in _list(path, value, "sources"):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            raise ArticleFileError(
                path, f"each source must be a name or a mapping, not {_type_name(item)}"
            )
        _check_keys(path, item, SOURCE_KEYS, "a source")
        name = " ".join(_text(path, item, "name", where=" of a source").split())
        if not name:
            raise ArticleFileError(path, "a source has no name")
        fields = {key: _text(path, item, key, where=f" of source {name!r}") for key in SOURCE_KEYS}
        if fields["kind"] and fields["kind"] not in Source.Kind.values:
            raise ArticleFileError(
                path,
                f"kind {fields['kind']!r} of source {name!r} is not one of: "
                f"{', '.join(Source.Kind.values)}",
            )
        for key in ("url", "cited_url"):
            if fields[key]:
                try:
                    URLValidator(schemes=["http", "https"])(fields[key])
                except ValidationError as exc:
                    raise ArticleFileError(
                        path, f"`{key}` of source {name!r} is not an http(s) URL"
                    ) from exc
        if len(fields["supports"]) > SUPPORTS_LENGTH:
            raise ArticleFileError(
                path, f"`supports` of source {name!r} is longer than {SUPPORTS_LENGTH} characters"
            )
        sources.append(SourceData(**{**fields, "name": name}))
    return sources


def _published_at(path, value):
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ArticleFileError(path, f"`published_at` must be a date, not {_type_name(value)}")
    try:
        value = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ArticleFileError(
            path,
            f"`published_at` {value!r} is not an ISO 8601 date, e.g. 2025-05-01T09:30:00+02:00",
        ) from exc
    # A time without an offset is the newsroom's local time.
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# Summaries


def shorten(text, limit):
    """`text` cut on a word boundary to at most `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]  # room for the ellipsis
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"


def summarise(body, *, limit=SUMMARY_LENGTH):
    """The body's first paragraph of prose as plain text, about `limit` characters at most."""
    for block in re.split(r"\n\s*\n", body.strip()):
        if block.lstrip().startswith("#"):
            continue
        text = " ".join(html.unescape(strip_tags(render_markdown(block))).split())
        if text:
            return shorten(text, limit)
    return ""


# Writing


def import_file(
    path, *, dry_run=False, default_status=Article.Status.PUBLISHED, update_existing=True
):
    """Import one file in one transaction: the article is created or, matched by slug, updated.

    `default_status` applies when the file gives none (every .txt file). With
    `update_existing=False` an existing article is left as it is. A dry run does all the work,
    then rolls it back.
    """
    path = Path(path)
    data = parse_file(path)
    with transaction.atomic():
        result = save_article(
            data, path=path, default_status=default_status, update_existing=update_existing
        )
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        result = replace(result, dry_run=True, article=None)
    return result


def save_article(data, *, path, default_status=Article.Status.PUBLISHED, update_existing=True):
    """Write `data` with its section, bylines, tags and citations; call inside a transaction."""
    slug = data.slug or slugify(data.headline)[:SLUG_LENGTH].strip("-")
    if not slug:
        raise ArticleFileError(path, "no URL slug can be made from the headline; give a `slug:`")
    article = Article.objects.filter(slug=slug).first()
    if article and not update_existing:
        return ImportResult(
            path=path, action=UNCHANGED, headline=article.headline, slug=slug, article=article
        )
    action = UPDATED if article else CREATED
    article = article or Article(slug=slug)
    article.headline = data.headline
    article.dek = data.dek
    article.body = data.body
    article.summary = data.summary or summarise(data.body)
    article.section = _named(Section, data.section, path=path) if data.section else None
    article.status = data.status or default_status
    if data.published_at:
        article.published_at = data.published_at
    elif article.status == Article.Status.PUBLISHED and article.published_at is None:
        # Set here rather than left to save(): validation checks published means dated.
        article.published_at = timezone.now()
    _validate(article, path=path, what="article")
    article.save()

    article.bylines.all().delete()
    authors = data.authors or [None]
    Byline.objects.bulk_create(
        Byline(
            article=article,
            author=_author(author, path=path),
            role=author.role if author else Byline.Role.WRITER,
            position=position,
        )
        for position, author in enumerate(authors)
    )
    article.tags.set([_named(Tag, name, path=path) for name in data.tags])
    article.citations.all().delete()
    Citation.objects.bulk_create(_citations(article, data, path=path))
    # bulk_create and queryset delete skip the hooks that keep author and source names searchable.
    Article.objects.filter(pk=article.pk).refresh_search_index()
    return ImportResult(
        path=path, action=action, headline=article.headline, slug=slug, article=article
    )


def _validate(obj, *, path, what):
    try:
        obj.full_clean()
    except ValidationError as exc:
        problems = "; ".join(
            " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        )
        raise ArticleFileError(path, f"{what}: {problems}") from exc


def _slug_for(model, name, *, path):
    slug = slugify(name)[: model._meta.get_field("slug").max_length].strip("-")
    if not slug:
        raise ArticleFileError(
            path, f"no URL slug can be made from the {model._meta.verbose_name} name {name!r}"
        )
    return slug


def _named(model, name, *, path):
    """The section or tag of that name (or slug), created if there is none."""
    slug = _slug_for(model, name, path=path)
    found = (
        model.objects.filter(name__iexact=name).first() or model.objects.filter(slug=slug).first()
    )
    if found:
        return found
    obj = model(name=name, slug=slug)
    _validate(obj, path=path, what=f"{model._meta.verbose_name} {name!r}")
    obj.save()
    return obj


def _author(data, *, path):
    """The author with that name's slug, created if there is none; None means the staff byline."""
    if data is None:
        fields = STAFF_AUTHOR
    else:
        fields = {"name": data.name, "slug": _slug_for(Author, data.name, path=path)}
    author = Author.objects.filter(slug=fields["slug"]).first()
    if author:
        return author
    author = Author(**fields)
    _validate(author, path=path, what=f"author {author.name!r}")
    author.save()
    return author


def _citations(article, data, *, path):
    """Front-matter sources first, then sources named in the copy, each cited once."""
    known = list(Source.objects.all())
    citations = []
    for item in data.sources:
        source = match_source(item.name, known)
        if source is None:
            source = _create_source(
                known,
                path=path,
                name=item.name,
                kind=item.kind or Source.Kind.OTHER,
                organisation=item.organisation,
                url=item.url,
            )
        citations.append(Citation(source=source, supports=item.supports, url=item.cited_url))

    for attribution in find_attributions(data.body):
        if attribution.is_vague or not attribution.party:
            continue
        # Generic parties ("officials") are left for an editor; only nameable ones become Sources.
        proposal = propose_source(attribution.party)
        if proposal is None:
            continue
        source = match_source(attribution.party, known) or match_source(proposal.name, known)
        if source is None:
            source = _create_source(
                known,
                path=path,
                name=proposal.name,
                kind=proposal.kind,
                organisation=proposal.organisation,
                aliases="\n".join(proposal.aliases),
            )
        if all(citation.source != source for citation in citations):
            citations.append(
                Citation(source=source, supports=shorten(attribution.sentence, SUPPORTS_LENGTH))
            )

    for position, citation in enumerate(citations):
        citation.article = article
        citation.position = position
    return citations


def _create_source(known, *, path, name, **fields):
    base = _slug_for(Source, name, path=path)[: SLUG_LENGTH - 4].strip("-")
    slug, number = base, 1
    while Source.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    source = Source(name=name, slug=slug, **fields)
    _validate(source, path=path, what=f"source {name!r}")
    source.save()
    known.append(source)
    return source
