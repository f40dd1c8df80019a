"""Revisions of articles: what django-reversion stored, made readable. Snapshots and
differences between versions, the edit-conflict check and its message, and the pieces a
restore or a recovery is made of (workflow.py does those, with the newsroom's rules).

django-reversion records a revision (with its user and a comment) around every change that
goes through workflow.py or the admin; the article's bylines, citations and corrections are
stored with it.
"""

import difflib

import reversion
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.models import Version

from .models import Article, Author, Byline, Citation, Correction, Section, Source, Tag

# Articles are stored with their rows; authors, sources, sections and tags on their own.
for model in (Byline, Citation, Correction, Author, Source, Section, Tag):
    if not reversion.is_registered(model):
        reversion.register(model)
if not reversion.is_registered(Article):
    reversion.register(Article, follow=["bylines", "citations", "corrections"])

# The article's own text fields that editors compare between versions.
TEXT_FIELDS = [
    ("headline", "Headline"),
    ("slug", "Address (slug)"),
    ("dek", "Dek"),
    ("summary", "Summary"),
    ("body", "Body"),
    ("backstory", "How we reported this"),
]
# The lead picture is compared as one block: the file and the words that go with it.
PICTURE_FIELDS = [
    ("hero_alt", "Description"),
    ("hero_caption", "Caption"),
    ("hero_credit", "Credit"),
]
# Everything editors compare, the story's words first. A restore brings all of it back, so
# the difference it shows beforehand must leave none of it out.
COMPARED_FIELDS = [
    *TEXT_FIELDS,
    ("picture", "Picture"),
    ("section", "Section"),
    ("tags", "Tags"),
    ("bylines", "Byline"),
    ("citations", "Sources"),
]

# A restore brings back the story: its text, picture, section, tags, bylines and sources.
# Where and whether it is published, its address, its preview links and its corrections (a
# public record) stay as they are, so a restore can neither publish nor unpublish anything.
KEPT_ON_RESTORE = [
    "slug",
    "status",
    "published_at",
    "embargo_until",
    "content_updated_at",
    "preview_token",
    "version",
    "created_by",
    "submitted_for_review_by",
    "submitted_for_review_at",
    "anonymous_sources_approved_by",
    "anonymous_sources_approved_at",
    "anonymous_sources_signed_off",
]


class EditConflict(Exception):
    """Someone saved the article between our check of its version and our write."""


def article_versions(article):
    """The article's stored versions, newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def byline_lines(rows):
    authors = Author.objects.in_bulk([row["author_id"] for row in rows])
    return "\n".join(
        f"{Byline.Role(row['role']).label} {authors[row['author_id']].name}"
        if row["author_id"] in authors
        else f"{Byline.Role(row['role']).label} (deleted author)"
        for row in sorted(rows, key=lambda row: row["position"])
    )


def citation_lines(rows):
    sources = Source.objects.in_bulk([row["source_id"] for row in rows])
    return "\n".join(
        " — ".join(
            part
            for part in [
                sources[row["source_id"]].name
                if row["source_id"] in sources
                else "(deleted source)",
                row["supports"],
            ]
            if part
        )
        for row in sorted(rows, key=lambda row: row["position"])
    )


def picture_lines(fields):
    """The lead picture's file and words, from a version's fields or the article's."""
    image = fields.get("hero_image")
    name = getattr(image, "name", image) or ""
    if not name:
        return ""
    return "\n".join(
        [name.rsplit("/", 1)[-1]]
        + [f"{label}: {fields[field]}" for field, label in PICTURE_FIELDS if fields.get(field)]
    )


def section_line(section_id):
    if section_id is None:
        return ""
    section = Section.objects.filter(pk=section_id).values_list("name", flat=True).first()
    return section or "(deleted section)"


def tag_lines(tag_ids):
    # Tags come and go without a trace in the history: a deleted one is simply not shown.
    return "\n".join(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))


def version_snapshot(version):
    """A stored version's compared fields as text: its bylines, sources, section, tags and
    picture included."""
    related = {Byline: [], Citation: []}
    for other in version.revision.version_set.all():
        model = other._model
        if model in related and other.field_dict.get("article_id") == int(version.object_id):
            related[model].append(other.field_dict)
    fields = version.field_dict
    return {
        **{name: fields.get(name, "") for name, _ in TEXT_FIELDS},
        "picture": picture_lines(fields),
        "section": section_line(fields.get("section_id")),
        "tags": tag_lines(fields.get("tags") or []),
        "bylines": byline_lines(related[Byline]),
        "citations": citation_lines(related[Citation]),
    }


def article_snapshot(article):
    """The article's compared fields as they are in the database now."""
    bylines = Byline.objects.filter(article=article)
    citations = Citation.objects.filter(article=article)
    fields = {name: getattr(article, name) for name in ["hero_image", *dict(PICTURE_FIELDS)]}
    return {
        **{name: getattr(article, name) for name, _ in TEXT_FIELDS},
        "picture": picture_lines(fields),
        "section": section_line(article.section_id),
        "tags": tag_lines(article.tags.values_list("pk", flat=True)),
        "bylines": byline_lines(list(bylines.values("author_id", "role", "position"))),
        "citations": citation_lines(list(citations.values("source_id", "supports", "position"))),
    }


def text_changes(before, after, *, context=3):
    """For each compared field that differs, its unified diff as (kind, line) pairs."""
    changes = []
    for name, label in COMPARED_FIELDS:
        old = (before.get(name) or "").splitlines()
        new = (after.get(name) or "").splitlines()
        # Compared line by line: browsers send a text's line ends as \r\n, which is no change.
        if old == new:
            continue
        diff = difflib.unified_diff(old, new, lineterm="", n=context)
        lines = []
        for line in list(diff)[2:]:  # The first two lines name the "files".
            kind = {"@": "hunk", "+": "added", "-": "removed"}.get(line[:1], "context")
            if kind == "hunk" and not lines:
                continue  # A gap is worth marking only between two runs of changes.
            lines.append((kind, line[1:] if kind != "hunk" else "…"))
        changes.append({"label": label, "lines": lines})
    return changes


def stored_version(versions, number):
    """Of `versions`, the one that recorded the article at version `number`, or None."""
    return next(
        (version for version in versions if version.field_dict.get("version") == number), None
    )


def conflict_message(article, versions, base_version):
    """The error an editor sees when someone saved the article after they opened it.
    `versions` are the article's stored versions, newest first."""
    latest = versions[0] if versions else None
    editor = (latest.revision.user if latest else None) or article.last_edited_by
    when = latest.revision.date_created if latest else article.updated_at
    name = (editor.get_full_name() or editor.get_username()) if editor else "Someone"
    started_from = stored_version(versions, base_version)
    intro = format_html(
        "{} changed this article at {} while you were editing. Where they changed a field "
        "you left alone, the form now shows their version; your own changes are kept below. "
        "Review their changes, then save again.",
        name,
        timezone.localtime(when).strftime("%H:%M"),
    )
    if started_from is None:
        return intro
    changes = text_changes(version_snapshot(started_from), article_snapshot(article), context=1)
    signs = {"added": "+ ", "removed": "− ", "context": "  ", "hunk": "  "}
    details = format_html_join(
        "",
        '<li class="revision-conflict__field">{}:'
        '<pre class="revision-conflict__diff">{}</pre></li>',
        (
            (
                change["label"],
                "\n".join(signs[kind] + text for kind, text in change["lines"][:12]),
            )
            for change in changes
        ),
    )
    return format_html(
        '{} Their changes:<ul class="revision-conflict">{}</ul>', intro, details or "none"
    )


# Fields a conflict can merge: where only the colleague changed one, the form shown again
# takes their value, so that saving again does not undo their work. (Files, status and times
# are left as the editor posted them: the conflict message lists what else changed.)
MERGED_TEXT_FIELDS = [name for name, _ in TEXT_FIELDS] + [name for name, _ in PICTURE_FIELDS]


def take_their_changes(form, data, started_from):
    """Put into `data` the colleague's value of every field they changed since the stored
    version `started_from` and the editor did not."""
    article = form.instance
    if started_from is None:
        return
    base = started_from.field_dict
    posted = form.cleaned_data
    for name in MERGED_TEXT_FIELDS:
        if name not in form.fields or name not in posted:
            continue
        lines = [(value or "").splitlines() for value in (base.get(name), posted[name])]
        theirs = getattr(article, name)
        if lines[0] == lines[1] and lines[0] != (theirs or "").splitlines():
            data[form.add_prefix(name)] = theirs
    if "section" in form.fields and "section" in posted:
        mine = posted["section"].pk if posted["section"] else None
        if mine == base.get("section_id") != article.section_id:
            data[form.add_prefix("section")] = article.section_id or ""
    if "tags" in form.fields and "tags" in posted:
        mine = {tag.pk for tag in posted["tags"]}
        theirs = set(article.tags.values_list("pk", flat=True))
        if mine == {int(pk) for pk in base.get("tags") or []} != theirs:
            data.setlist(form.add_prefix("tags"), [str(pk) for pk in sorted(theirs)])


def record_if_missing(article, *, comment):
    """Store the article as it is now, unless its latest stored version already says that.

    Edits made outside the admin (imports, scripts) leave no revision; recording them before
    an admin save or a restore keeps them in the history and lets a conflict show its diff.
    """
    latest = article_versions(article).first()
    if latest is None or version_snapshot(latest) != article_snapshot(article):
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_comment(comment)


def versions_of_one_article(version, parts):
    """The versions `version`'s revision holds of its article and of the article's `parts`
    (Byline, Citation, Correction), the article first. One revision may hold several
    articles: a list action saves them together."""
    article_id = int(version.object_id)
    return sorted(
        (
            other
            for other in version.revision.version_set.all()
            if (other._model is Article and int(other.object_id) == article_id)
            or (other._model in parts and other.field_dict.get("article_id") == article_id)
        ),
        key=lambda other: other._model is not Article,
    )
