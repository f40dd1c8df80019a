"""Markdown with YAML front matter (.md): every key checked, and every mistake explained."""

from datetime import datetime
from difflib import get_close_matches
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils import timezone
from django.utils.text import slugify

from ..control_characters import BREAKS_BETWEEN_WORDS, refuse_control_characters
from ..models import Article, Byline, Source
from .article_data import (
    SUPPORTS_LENGTH,
    ArticleData,
    ArticleFileError,
    AuthorData,
    SourceData,
    _read_text,
)

FRONT_MATTER_KEYS = {
    "title", "slug", "dek", "summary", "authors", "section", "tags", "sources", "published_at",
    "status", "import_key",
}  # fmt: skip
AUTHOR_KEYS = {"name", "role"}
SOURCE_KEYS = {"name", "kind", "organisation", "url", "supports", "cited_url"}


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
    # A word processor's break between words is a space here; YAML would refuse it.
    front_matter = "\n".join(lines[1:end]).translate(BREAKS_BETWEEN_WORDS)
    # YAML refuses any other control character too, in words an editor cannot act on.
    for number, line in enumerate(front_matter.split("\n"), start=2):
        _plain_text(path, line, f"line {number}")
    try:
        meta = yaml.load(front_matter, Loader=FrontMatterLoader)
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
        import_key=_text(path, meta, "import_key"),
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
    return _plain_text(path, value, f"`{key}`{where}")


def _plain_text(path, value, what):
    """`value` stripped, with a word processor's breaks between words made spaces; any other
    control character (YAML writes one as "\\x01") refuses the file, as the admin refuses it."""
    value = value.translate(BREAKS_BETWEEN_WORDS).strip()
    try:
        refuse_control_characters(value)
    except ValidationError as exc:
        raise ArticleFileError(path, f"{what}: {exc.message}") from exc
    return value


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
        item = _plain_text(path, item, f"tag {item!r}")
        if not item:
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
