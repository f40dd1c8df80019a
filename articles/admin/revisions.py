"""Revisions of articles in the admin: history, readable differences, restoring an earlier
version, recovering a deleted article, and the check that stops two editors from silently
overwriting each other.

django-reversion records a revision (with its user and a comment) around every admin save;
the article's bylines, citations and corrections are stored with it.
"""

import difflib

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from ..models import (
    Article,
    Author,
    Byline,
    Citation,
    Correction,
    Section,
    Source,
    Tag,
    new_preview_token,
)
from ..preview import preview_link
from ..sourcing import anonymous_sources_not_signed_off
from ..workflow import PUBLIC_STATUSES, can_change

for follower in (Byline, Citation, Correction):
    if not reversion.is_registered(follower):
        reversion.register(follower)
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
    "anonymous_sources_approved_by",
    "anonymous_sources_approved_at",
]


class EditConflict(Exception):
    """Someone saved the article between our check of its version and our write."""


class RestoreRefused(Exception):
    """The version would bring back what the newsroom's rules do not allow on this story."""


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


def with_version_check(form_class):
    """`form_class` plus a hidden base_version: the article version the editor started from."""

    class VersionCheckedForm(form_class):
        base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk:
                self.initial.setdefault("base_version", self.instance.version)

        def clean(self):
            cleaned_data = super().clean()
            base_version = cleaned_data.get("base_version")
            # Forms posted without a version (older pages, scripts) skip the friendly check;
            # save_model still refuses to write over a version saved during this request.
            if self.instance.pk and base_version and base_version != self.instance.version:
                versions = list(article_versions(self.instance)[:100])
                self.add_error(None, conflict_message(self.instance, versions, base_version))
                # Saving again after reviewing their changes is then a deliberate choice.
                data = self.data.copy()
                data[self.add_prefix("base_version")] = self.instance.version
                take_their_changes(self, data, stored_version(versions, base_version))
                self.data = data
            return cleaned_data

    VersionCheckedForm.__name__ = form_class.__name__
    return VersionCheckedForm


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


def restore_version(article, version, *, user):
    """Bring back what `version` recorded (text, picture, section, tags, bylines and sources)
    as a new revision.

    Anything not yet in the history is recorded first, so a restore never loses work.
    Raises PermissionDenied when `user` may not change the article, and RestoreRefused when
    the version would bring back what the story may not show.
    """
    versions = versions_of_one_article(version, parts=(Byline, Citation))
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not can_change(user, current):
            raise PermissionDenied
        record_if_missing(current, comment="Recorded before a restore.")
        kept = {name: getattr(current, name) for name in KEPT_ON_RESTORE}
        with reversion.create_revision():
            restored = {model: set() for model in (Byline, Citation)}
            for other in versions:
                if other._model in restored:
                    restored[other._model].add(int(other.object_id))
            for model, pks in restored.items():
                model.objects.filter(article=current).exclude(pk__in=pks).delete()
            for other in versions:
                other.revert()
            article = Article.objects.get(pk=current.pk)
            for name, value in kept.items():
                setattr(article, name, value)
            article.last_edited_by = user
            article.save()
            unsigned = anonymous_sources_not_signed_off(article)
            if unsigned and article.status in PUBLIC_STATUSES:
                # Readers would see them at once, with nobody having signed them off.
                raise RestoreRefused(
                    "This version cites anonymous sources no Editor has signed off for this "
                    f"story ({', '.join(source.name for source in unsigned)}). Unpublish the "
                    "story first, or cite them in an edit and sign them off."
                )
            reversion.set_user(user)
            reversion.set_comment(
                "Restored the version of "
                f"{timezone.localtime(version.revision.date_created):%d %b %Y %H:%M}."
            )
    return article


class RevisionsAdminMixin(VersionAdmin):
    """History with diffs, restore, previews and conflict checks for ArticleAdmin."""

    object_history_template = "admin/articles/article/revision_history.html"
    history_latest_first = True

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/reset-preview-links/",
                self.admin_site.admin_view(self.reset_preview_links_view),
                name=f"{name}_reset_preview_links",
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = with_version_check(kwargs.pop("form", self.form))
        return super().get_form(request, obj, change, form=form, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        return [*fieldsets, ("Preview", {"fields": ["shareable_preview_link", "base_version"]})]

    def save_model(self, request, obj, form, change):
        if change:
            base_version = form.cleaned_data.get("base_version") or obj.version
            # Claim the next version in one statement: of two editors saving at once,
            # exactly one gets it and the other is sent back to the form.
            claimed = Article.objects.filter(pk=obj.pk, version=base_version).update(
                version=F("version") + 1
            )
            if not claimed:
                raise EditConflict
            obj.version = base_version  # save() raises it to the claimed number.
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Nothing was written (the save rolled back); on the form shown again, the
            # version check explains what happened.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # Actions change articles: record them.
            return super().changelist_view(request, extra_context)
        # Reading the list records nothing, so it skips the revision's transaction.
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(
            request, {**context, **(extra_context or {})}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and self.has_change_permission(request, article):
            if request.method == "POST":
                # Outside the save's own revision, so it stays a version of its own.
                record_if_missing(article, comment="Recorded before an edit in the admin.")
            extra_context = {
                "preview_url": reverse("articles:article-preview", kwargs={"pk": article.pk}),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is None or not self.has_change_permission(request, article):
            return article
        if self.is_recovering(request):
            # reversion has just put the deleted row back as it was, published or not, in a
            # transaction that only a save keeps. Allowed (above) as it was deleted, it comes
            # back a draft, reviewed before readers see it again, and links shared before the
            # deletion stay dead. Its new link is shown once it is saved.
            article.status = Article.Status.DRAFT
            article.preview_token = new_preview_token()
        else:
            # The form shows the link, and only a request knows the site's address.
            path, expires_at = preview_link(article)
            article.shareable_preview = (request.build_absolute_uri(path), expires_at)
        return article

    def recover_view(self, request, version_id, extra_context=None):
        # Recovering is for deleted articles only. reversion's own view takes any stored
        # version, also of an article that still exists, and its form would write that old
        # version over the live story (back to draft, an Editor's embargo cleared): an
        # earlier version of an existing article comes back through "Restore" instead, with
        # its checks.
        if not Version.objects.get_deleted(Article).filter(pk=version_id).exists():
            raise Http404("Only a deleted article can be recovered.")
        return super().recover_view(request, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # reversion's "Recover deleted articles" reverts the deleted article's whole revision,
        # which would roll back every other article a list action saved with it, deleting
        # their newer citations and corrections. Only this article and its parts come back.
        revision = version.revision
        versions = versions_of_one_article(version, parts=(Byline, Citation, Correction))

        def revert_one_article(delete=False):
            for other in versions:
                other.revert()

        revision.revert = revert_one_article
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def is_recovering(self, request):
        """Whether `request` is for reversion's form that brings back a deleted article."""
        name = f"{self.opts.app_label}_{self.opts.model_name}_recover"
        return request.resolver_match is not None and request.resolver_match.url_name == name

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "shareable_preview_link"]
        if self.is_recovering(request):
            readonly.append("status")  # Always a draft (get_object): publishing comes later.
        return readonly

    @admin.display(description="Shareable preview link")
    def shareable_preview_link(self, article):
        if getattr(article, "shareable_preview", None) is None:
            return "—"
        url, expires_at = article.shareable_preview
        return format_html(
            '<input type="text" readonly size="90" class="shareable-preview__url" value="{}" '
            'aria-label="Shareable preview link">'
            '<div class="help">Anyone with this link can read the article as it stands, '
            "without an account, until {}. “Reset preview links” at the top revokes every "
            "link shared so far.</div>",
            url,
            date_format(timezone.localtime(expires_at), "j M Y H:i T"),
        )

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        versions = list(article_versions(article)) if article is not None else []
        context = {"versions": versions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def get_article_or_404(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No article with that id.")
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def revision_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": title,
            "has_change_permission": self.has_change_permission(request, article),
            "history_url": reverse(
                f"{self.admin_site.name}:articles_article_history", args=[article.pk]
            ),
        }

    def compare_view(self, request, object_id):
        """The differences between two stored versions chosen on the history page."""
        article = self.get_article_or_404(request, object_id)
        versions = article_versions(article)
        try:
            older = versions.get(pk=int(request.GET.get("from", "")))
            newer = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist):
            messages.error(request, "Choose two versions of this article to compare.")
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:articles_article_history", args=[article.pk])
            )
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.revision_context(request, article, f"Compare versions of “{article}”"),
            "older": older,
            "newer": newer,
            "changes": text_changes(version_snapshot(older), version_snapshot(newer)),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One stored version: what it says, how it differs from now, and Restore."""
        article = self.get_article_or_404(request, object_id, change=request.method == "POST")
        version = get_object_or_404(article_versions(article), pk=version_id)
        if request.method == "POST":
            try:
                restore_version(article, version, user=request.user)
            except (RevertError, IntegrityError):
                messages.error(
                    request,
                    "This version could not be restored: an author or source it names has "
                    "been deleted since.",
                )
            except RestoreRefused as refusal:
                messages.error(request, f"This version was not restored. {refusal}")
            else:
                messages.success(
                    request,
                    "Restored the version of "
                    f"{timezone.localtime(version.revision.date_created):%d %b %Y %H:%M}. "
                    "The text it replaced is kept in the history.",
                )
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])
            )
        snapshot = version_snapshot(version)
        context = {
            **self.revision_context(request, article, f"Version of “{article}”"),
            "version": version,
            "snapshot": [(label, snapshot[name]) for name, label in COMPARED_FIELDS],
            # From the article as it is to this version: what a restore would do.
            "changes": text_changes(article_snapshot(article), snapshot),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/revision_detail.html", context)

    def reset_preview_links_view(self, request, object_id):
        """Revoke every shareable preview link to the article, after a confirmation."""
        article = self.get_article_or_404(request, object_id, change=True)
        if request.method != "POST":
            context = self.revision_context(request, article, "Reset preview links")
            return TemplateResponse(
                request, "admin/articles/article/preview_links_reset.html", context
            )
        article.reset_preview_links()
        messages.success(
            request, "Preview links reset: links shared before no longer work. Here is a new one."
        )
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])
        )

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self.forget_unsaved_text(request, response, "new")

    def response_change(self, request, obj):
        if self.is_recovering(request):
            messages.success(
                request,
                f"“{obj}” was recovered as a draft, with new preview links: links shared before "
                "it was deleted no longer work.",
            )
            # To the story itself, which wants a look before it is published again.
            response = HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:articles_article_change", args=[obj.pk])
            )
        else:
            response = super().response_change(request, obj)
        return self.forget_unsaved_text(request, response, obj.pk)

    def forget_unsaved_text(self, request, response, key):
        """Tell admin-autosave.js that the text it kept for this form is now saved."""
        response.set_cookie(
            "newsroom_saved_article",
            str(key),
            max_age=24 * 3600,
            path="/admin/",
            secure=request.is_secure(),
            samesite="Lax",
        )
        return response
