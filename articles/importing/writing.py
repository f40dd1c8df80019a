"""Writing an article file to the database: the article with its section, bylines, tags and
citations, in one transaction, so a file either goes in whole or not at all.
"""

import html
import re
from dataclasses import dataclass, replace
from pathlib import Path

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from .. import images, sourcing, workflow
from ..attribution import find_attributions, match_source, propose_source
from ..markdown import render_markdown
from ..models import Article, Author, Byline, Citation, Section, Source, Tag
from .article_data import SUPPORTS_LENGTH, ArticleFileError
from .files import parse_file

STAFF_AUTHOR = {"name": "Newsroom Staff", "slug": "newsroom-staff", "role": "Staff"}
SUMMARY_LENGTH = 200
SLUG_LENGTH = Article._meta.get_field("slug").max_length

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class ImportResult:
    path: Path
    action: str  # CREATED, UPDATED or UNCHANGED
    headline: str
    slug: str
    dry_run: bool = False
    article: Article | None = None  # None after a dry run: nothing was saved
    status: str = ""  # the article's status after the import
    # Why the article is in review rather than published, as the file asked.
    held_back: tuple[str, ...] = ()

    @property
    def label(self):
        """What happened, as the commands report it: "created", "would update", ..."""
        if self.dry_run and self.action in (CREATED, UPDATED):
            return {CREATED: "would create", UPDATED: "would update"}[self.action]
        return self.action


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
    path,
    *,
    user,
    dry_run=False,
    default_status=Article.Status.PUBLISHED,
    update_existing=True,
    publish_anyway=False,
):
    """Import one file as `user`, with that user's rights, in one transaction that records a
    revision: the article is created or, when an earlier import of the same file made it,
    updated.

    A file never overwrites an article it did not create (an editor's draft, another file's
    story): that is an ArticleFileError, and nothing of the file is written. `default_status`
    applies when the file gives none (every .txt file). A story the file would publish but
    that has publication problems (workflow.publication_problems) arrives in review with the
    problems listed, unless they are ones an Editor's `publish_anyway` confirms; a live story
    is then not updated at all. With `update_existing=False` an existing article is left as
    it is. A dry run does all the work, then rolls it back.
    """
    path = Path(path)
    data = parse_file(path)
    # Outside the transaction, so that a failure to commit deletes the files too.
    with images.files_kept_only_on_success() as new_files:
        with workflow.editorial_change(user, f"Imported from {path.name}."):
            result = save_article(
                data,
                path=path,
                user=user,
                default_status=default_status,
                update_existing=update_existing,
                publish_anyway=publish_anyway,
            )
            if result.action != UNCHANGED:
                workflow.announce(result.article)
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            new_files.delete()  # rolled back without raising
    if dry_run:
        result = replace(result, dry_run=True, article=None)
    return result


def import_key_for(data, path):
    return data.import_key or path.name


def existing_article(data, *, path, slug, update_existing):
    """The article this file updates (made by an earlier import of it), or None; raises
    ArticleFileError when the file's address belongs to an article it did not make."""
    key = import_key_for(data, path)
    article = Article.objects.filter(import_key=key).first()
    other = Article.objects.filter(slug=slug).exclude(pk=article.pk if article else None).first()
    if other is not None and update_existing:
        made_by = f"the file {other.import_key}" if other.import_key else "an editor in the admin"
        raise ArticleFileError(
            path,
            f"the address /articles/{slug}/ belongs to “{other.headline}”, which {made_by} "
            "made, not this file: give the file a `slug:` (and, for a .md file, an "
            "`import_key:`) of its own",
        )
    return article or other


def save_article(
    data,
    *,
    path,
    user,
    default_status=Article.Status.PUBLISHED,
    update_existing=True,
    publish_anyway=False,
):
    """Write `data` with its section, bylines, tags and citations as `user`; call inside a
    transaction (import_file's), which a refusal rolls back whole."""
    slug = data.slug or slugify(data.headline)[:SLUG_LENGTH].strip("-")
    if not slug:
        raise ArticleFileError(path, "no URL slug can be made from the headline; give a `slug:`")
    article = existing_article(data, path=path, slug=slug, update_existing=update_existing)
    if article and not update_existing:
        return ImportResult(
            path=path,
            action=UNCHANGED,
            headline=article.headline,
            slug=article.slug,
            article=article,
            status=article.status,
        )
    if article is not None and not workflow.can_change(user, article):
        raise ArticleFileError(
            path, f"{user.username} may not change “{article.headline}” ({article.status})"
        )
    if article is None and not user.has_perm("articles.add_article"):
        raise ArticleFileError(path, f"{user.username} may not create articles")
    action = UPDATED if article else CREATED
    was_public = article is not None and article.status in workflow.PUBLIC_STATUSES
    article = article or Article(
        slug=slug, import_key=import_key_for(data, path), created_by=workflow.account(user)
    )
    article.slug = slug
    article.headline = data.headline
    article.dek = data.dek
    article.body = data.body
    article.summary = data.summary or summarise(data.body)
    article.section = _named(Section, data.section, path=path) if data.section else None
    article.last_edited_by = workflow.account(user)
    held_back = []
    status = data.status or default_status
    if status not in workflow.statuses_for(user):
        held_back.append(f"{user.username} may not publish or archive: sent for review")
        status = Article.Status.IN_REVIEW
    if data.published_at:
        article.published_at = data.published_at
    elif status == Article.Status.PUBLISHED and article.published_at is None:
        # Set here rather than left to save(): validation checks published means dated.
        article.published_at = timezone.now()
    if status == Article.Status.PUBLISHED and (
        embargo := article.embargo_error(article.published_at)
    ):
        # An Editor's embargo on the story holds whatever the file says.
        held_back.append(embargo)
        status = Article.Status.IN_REVIEW
    previous_status = None if action == CREATED else article.status
    article.status = status
    article.note_submission(by=workflow.account(user), previous_status=previous_status)
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
    workflow.capture_cited_pages(article.citations.all())
    # bulk_create and queryset delete skip the hooks that keep author and source names searchable.
    Article.objects.filter(pk=article.pk).refresh_derived()

    if article.status == Article.Status.PUBLISHED:
        held_back += hold_back_if_not_publishable(
            article, path=path, user=user, publish_anyway=publish_anyway, was_public=was_public
        )
    reversion.add_to_revision(article)
    return ImportResult(
        path=path,
        action=action,
        headline=article.headline,
        slug=slug,
        article=article,
        status=article.status,
        held_back=tuple(held_back),
    )


def hold_back_if_not_publishable(article, *, path, user, publish_anyway, was_public):
    """Send the just-written `article` to review when it has publication problems that
    `user` did not confirm; return them. A story readers already see is not updated."""
    if publish_anyway and workflow.can_sign_off(user):
        # An Editor who may sign off anonymous sources and says "publish anyway" does.
        sourcing.sign_off_anonymous_sources(
            article, by=workflow.account(user), sources=sourcing.cited_sources(article)
        )
    problems = workflow.unconfirmed(
        workflow.publication_problems(article), user=user, publish_anyway=publish_anyway
    )
    if not problems:
        if publish_anyway:
            article.save()  # the sign-off
        return []
    reasons = [problem.message for problem in problems]
    if was_public:
        raise ArticleFileError(
            path,
            f"not updated: “{article.headline}” is live, and this version would publish a "
            f"story that {'; '.join(reasons)}",
        )
    article.status = Article.Status.IN_REVIEW
    article.note_submission(by=workflow.account(user))
    article.save()
    return reasons


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
