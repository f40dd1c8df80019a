"""The editorial workflow: who may do what to an article, written once for the admin, API and tests.

Writers write: they create articles, edit their own while in draft or in review, and send
them for review. Editors (publish_article plus edit_others_article) decide what readers see:
they publish, schedule, unpublish and archive, and edit anybody's article. Superusers pass
every check, since Django gives them every permission.

Every editorial change goes through the write operations here (or, for the admin's change
form, save_story): each takes the acting user, checks their rights, checks
publication_problems() where the change can reach readers, records a revision and retires
the cached pages in the same transaction (readers_see_a_change), so that no server serves
the old version once it commits. The admin, the commands and the tests call them; nothing
else writes articles or their parts for an editorial change.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import dateformat, timezone

from . import caching, evidence, images, jobs, reader_reports, revisions, sourcing, websub
from .addresses import unused_slug
from .markdown import undescribed_pictures
from .models import (
    FRONT_PAGE_SLOTS,
    Article,
    Byline,
    Citation,
    CitationWatch,
    Correction,
    ErrorReport,
    FrontPagePlacement,
    Section,
    SlugRedirect,
    Tag,
    new_preview_token,
)

# The statuses a writer may choose; the others are an editor's decision.
WRITER_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)

# Once readers may have seen an article, only someone who may publish may touch it.
PUBLIC_STATUSES = (Article.Status.PUBLISHED, Article.Status.ARCHIVED)

STATUS_REFUSED = "Only Editors can publish, schedule or archive: choose Draft or In review."


class NewsroomItself:
    """The acting user for `seed`, which loads the bundled sample article: it has every
    right, like a superuser, and no account (its revisions and articles name nobody)."""

    pk = None
    username = "seed"

    def has_perm(self, permission):
        return True


SYSTEM = NewsroomItself()


def account(user):
    """The User to record as having made a change (None for the newsroom itself)."""
    return None if user is SYSTEM else user


def readers_see_a_change():
    """Retire every cached page when the calling transaction commits. Called first in each
    write's transaction: the generation row is then always the first row it locks, so two
    writes cannot deadlock over it."""
    caching.content_changed()


@contextmanager
def editorial_change(user, comment):
    """The one way every write here happens: one transaction that retires the cached pages
    first (readers_see_a_change) and records a revision of what it saved, under `user`'s
    name, with `comment`; if it fails, the files it stored are deleted."""
    # A change that fails leaves no picture, rendition or social card behind either.
    with images.files_kept_only_on_success(), transaction.atomic(), reversion.create_revision():
        readers_see_a_change()
        reversion.set_user(account(user))
        reversion.set_comment(comment)
        yield
        # The change may have scheduled a story or a correction: pages roll over when it
        # goes live. (A dry run has asked for its rollback: nothing to note.)
        if not transaction.get_rollback():
            caching.record_schedule()


def announce(article):
    """Queue, in the change's transaction, what the world outside the site hears of a
    published story: story_went_live at its publication time (now, or when it is scheduled
    for). The job checks the story is still live then, so a publish undone first sends
    nothing."""
    if article.status == Article.Status.PUBLISHED and article.published_at:
        jobs.enqueue_went_live(article)


def announce_removal(feed_urls):
    """Queue a ping of the feeds a live story has just left."""
    if feed_urls:
        jobs.feeds_changed.enqueue(list(feed_urls))


def feeds_showing(article):
    """The feeds `article` is in now: none unless readers can see it."""
    return websub.feed_urls_for(article) if article.is_published() else []


def capture_cited_pages(citations):
    """Archive the pages these citations link to once the change commits (the evidence
    locker, articles/evidence/): a citation's address was saved, or its story published."""
    evidence.capture_after_commit(citation.pk for citation in citations if citation.url)


def can_publish(user):
    """Whether `user` may publish, schedule, unpublish and archive articles."""
    return user.has_perm("articles.publish_article")


def can_sign_off(user):
    """Whether `user` may sign off the anonymous sources an article cites."""
    return user.has_perm("articles.approve_anonymous_sources")


@dataclass(frozen=True)
class Problem:
    """Something that keeps an article from readers. An Editor may confirm a `confirmable`
    one ("publish anyway"); the others must be fixed first."""

    message: str
    confirmable: bool = False


UNDESCRIBED_PICTURE = "a picture in its body has no description"
UNSIGNED_ANONYMOUS_SOURCE = "it cites an anonymous source that no Editor has signed off"
UNSOURCED_CLAIMS = "it has uncited or vague claims"
INCOMPLETE_FACT_CHECK = "it is a fact check without the claim, who made it, or a rating"


def publication_problems(article, *, when=None):
    """What stops `article`, as saved with its citations, from going out at `when` (by
    default its publication time, or now): the newsroom's rules, written once for every way
    an article is published."""
    problems = []
    if error := article.embargo_error(when or article.published_at or timezone.now()):
        problems.append(Problem(error))
    if undescribed_pictures(article.body_html):
        problems.append(Problem(UNDESCRIBED_PICTURE))
    if article.fact_check_missing():
        problems.append(Problem(INCOMPLETE_FACT_CHECK))
    if sourcing.needs_anonymous_sign_off(article):
        problems.append(Problem(UNSIGNED_ANONYMOUS_SOURCE))
    if sourcing.unsourced_claims(article):
        problems.append(Problem(UNSOURCED_CLAIMS, confirmable=not sourcing.blocks_publishing()))
    return problems


def unconfirmed(problems, *, user, publish_anyway):
    """The `problems` still in the way once `user` has (or has not) confirmed publishing
    anyway: only someone who may publish confirms, and only what may be confirmed."""
    confirmed = publish_anyway and can_publish(user)
    return [problem for problem in problems if not (confirmed and problem.confirmable)]


# How each kind of record is reached from the articles that show it.
SHOWN_ON = {
    "source": "citations__source",
    "author": "bylines__author",
    "tag": "tags",
    "section": "section",
}


def shown_to_readers(record):
    """Whether a source, author, tag or section appears on an article readers may see (or
    have seen, or will see at its scheduled time), or is an author whose profile an Editor
    made public."""
    if getattr(record, "profile_public", False):
        return True
    lookup = SHOWN_ON[record._meta.model_name]
    return Article.objects.filter(status__in=PUBLIC_STATUSES, **{lookup: record}).exists()


def can_change_shown(user, record):
    """Whether `user` may change or delete a source, author, tag or section: what readers see
    on published stories changes with it, so once they show it, only those who may publish."""
    return can_publish(user) or not shown_to_readers(record)


def is_own(user, article):
    """Whether `article` is `user`'s: they created it, or it carries the byline of the author
    profile linked to their account (the bundled sample that `seed` loads is nobody's)."""
    if user.pk is None:
        return False
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def can_change(user, article=None):
    """Whether `user` may edit `article`, or, without one, edit articles at all."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None:
        return True
    if article.status in PUBLIC_STATUSES and not can_publish(user):
        return False
    return user.has_perm("articles.edit_others_article") or is_own(user, article)


def can_delete(user, article=None):
    """Whether `user` may delete `article`: only someone who could also edit it."""
    return user.has_perm("articles.delete_article") and can_change(user, article)


def statuses_for(user):
    """The statuses `user` may give an article."""
    return tuple(Article.Status) if can_publish(user) else WRITER_STATUSES


@dataclass
class BulkResult:
    """What a bulk change did: the articles changed, and each skipped one with the reason."""

    done: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    # Skipped articles whose problems an Editor may confirm ("publish anyway").
    confirmable: list = field(default_factory=list)

    def skip(self, article, reason):
        self.skipped.append((article, reason))


def publish_articles(articles, *, user, publish_anyway=False):
    """Publish, or schedule when their date is ahead, every article `user` may publish.

    An article with publication_problems() is skipped with the first of them, unless they
    are all ones that `publish_anyway` confirms (uncited or vague claims, by an Editor)."""
    result = BulkResult()
    for article in articles:
        if not (can_publish(user) and can_change(user, article)):
            result.skip(article, "you may not publish it")
        elif article.is_scheduled():
            result.skip(article, "already scheduled")
        elif article.status == Article.Status.PUBLISHED:
            result.skip(article, "already published")
        elif problems := unconfirmed(
            publication_problems(article), user=user, publish_anyway=publish_anyway
        ):
            result.skip(article, problems[0].message)
            if can_publish(user) and all(problem.confirmable for problem in problems):
                result.confirmable.append(article)
        else:
            when = article.published_at
            scheduled = when is not None and when > timezone.now()
            comment = (
                f"Scheduled for {when_text(when)} from the list."
                if scheduled
                else "Published from the list."
            )
            with editorial_change(user, comment):
                article.last_edited_by = account(user)
                article.publish()
                announce(article)
                capture_cited_pages(article.citations.all())
            result.done.append(article)
    return result


def unpublish_articles(articles, *, user):
    """Send published, scheduled or archived articles back to draft."""
    result = BulkResult()
    for article in articles:
        if not (can_publish(user) and can_change(user, article)):
            result.skip(article, "you may not unpublish it")
        elif article.status not in PUBLIC_STATUSES:
            result.skip(article, f"it is {article.get_status_display().lower()}, not published")
        else:
            with editorial_change(user, "Unpublished from the list (back to draft)."):
                feeds = feeds_showing(article)
                article.last_edited_by = account(user)
                article.unpublish()
                announce_removal(feeds)
            result.done.append(article)
    return result


def archive_articles(articles, *, user):
    """Take published (or scheduled) articles off the site."""
    result = BulkResult()
    for article in articles:
        if not (can_publish(user) and can_change(user, article)):
            result.skip(article, "you may not archive it")
        elif article.status != Article.Status.PUBLISHED:
            result.skip(article, f"it is {article.get_status_display().lower()}, not published")
        else:
            with editorial_change(user, "Archived from the list."):
                feeds = feeds_showing(article)
                article.last_edited_by = account(user)
                article.archive()
                announce_removal(feeds)
            result.done.append(article)
    return result


# Revisions: restore an earlier version, recover a deleted article


class RestoreRefused(Exception):
    """The version would bring back what the newsroom's rules do not allow on this story."""


def restore_version(article, version, *, user, publish_anyway=False):
    """Bring back what `version` recorded (text, picture, section, tags, bylines and sources)
    as a new revision, as `user`.

    Anything not yet in the history is recorded first, so a restore never loses work. Where,
    whether and since when the story is published stays as it is. On a story readers see,
    the restored version must pass publication_problems(): an anonymous source nobody signed
    off or an undescribed picture refuses it, and claims that no cited source stands behind
    and that the story did not already carry need `publish_anyway` from an Editor. Raises
    PermissionDenied when `user` may not change the article, RestoreRefused otherwise.
    """
    versions = revisions.versions_of_one_article(version, parts=(Byline, Citation))
    when = timezone.localtime(version.revision.date_created)
    with transaction.atomic():
        readers_see_a_change()
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not can_change(user, current):
            raise PermissionDenied
        revisions.record_if_missing(current, comment="Recorded before a restore.")
        claims_before = {
            finding.attribution.sentence for finding in sourcing.unsourced_claims(current)
        }
        kept = {name: getattr(current, name) for name in revisions.KEPT_ON_RESTORE}
        with editorial_change(user, f"Restored the version of {when:%d %b %Y %H:%M}."):
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
            article.last_edited_by = account(user)
            article.save()
            if article.status in PUBLIC_STATUSES:
                refuse_what_readers_may_not_see(
                    article, claims_before, user=user, publish_anyway=publish_anyway
                )
    return article


def refuse_what_readers_may_not_see(article, claims_before, *, user, publish_anyway):
    """Raise RestoreRefused when the restored, live `article` has publication problems."""
    for problem in publication_problems(article, when=article.published_at):
        if problem.message == UNSIGNED_ANONYMOUS_SOURCE:
            unsigned = sourcing.anonymous_sources_not_signed_off(article)
            raise RestoreRefused(
                "This version cites anonymous sources no Editor has signed off for this "
                f"story ({', '.join(source.name for source in unsigned)}). Unpublish the "
                "story first, or cite them in an edit and sign them off."
            )
        if problem.message == UNSOURCED_CLAIMS:
            added = [
                finding.attribution.sentence
                for finding in sourcing.unsourced_claims(article)
                if finding.attribution.sentence not in claims_before
            ]
            if added and not (problem.confirmable and publish_anyway and can_publish(user)):
                raise RestoreRefused(
                    "This version brings back claims that no cited source stands behind: "
                    + "; ".join(f"“{sentence}”" for sentence in added)
                    + (
                        ". Tick “Restore anyway” to confirm them."
                        if problem.confirmable and can_publish(user)
                        else "."
                    )
                )
        elif problem.message == UNDESCRIBED_PICTURE:
            raise RestoreRefused(
                "This version has a picture in its body without a description, and the story "
                "is live: describe it in an edit instead."
            )


class RecoverRefused(Exception):
    """The deleted article cannot come back as it was; the message says why."""


def can_recover(user, version):
    """Whether `user` may bring back the deleted article `version` recorded: someone who
    could change it as it was (only an Editor a published one) and may add articles."""
    fields = {name: value for name, value in version.field_dict.items() if name != "tags"}
    return user.has_perm("articles.add_article") and can_change(user, Article(**fields))


def recover_article(version, *, user):
    """Bring back the deleted article `version` recorded, with its bylines, citations and
    corrections, as a draft with new preview links (links shared before it was deleted
    stay dead), as a new revision. Only that article comes back, though the revision may
    hold others a list action saved with it. Raises PermissionDenied when `user` may not,
    and RecoverRefused when another article has taken its address since."""
    if not can_recover(user, version):
        raise PermissionDenied
    slug = version.field_dict["slug"]
    if taken := Article.objects.filter(slug=slug).first():
        raise RecoverRefused(
            f"its address, /articles/{slug}/, is now “{taken.headline}”'s: give that article "
            "another address first."
        )
    with editorial_change(user, "Recovered after deletion, as a draft."):
        for other in revisions.versions_of_one_article(
            version, parts=(Byline, Citation, Correction)
        ):
            other.revert()
        article = Article.objects.get(pk=version.object_id)
        # Its addresses no longer say "removed": the story is back, as a draft. Its own
        # address is its own again; earlier ones lead to it once it is published again.
        removed = SlugRedirect.objects.filter(removed_article_id=article.pk, article=None)
        removed.filter(old_slug=article.slug).delete()
        removed.update(article=article, removed_article_id=None)
        SlugRedirect.objects.filter(old_slug=article.slug, article=None).delete()
        article.status = Article.Status.DRAFT
        article.preview_token = new_preview_token()
        article.last_edited_by = account(user)
        article.save()
    return article


# The sourcing desk's "Add as citation"


class CitationRefused(Exception):
    """The party cannot be cited this way; the message says why."""


def cite_party(article, *, user, party, sentence=""):
    """Cite the source `party` names on `article` as `user`, creating the Source if none
    matches, as a new revision. Returns (citation, source_created)."""
    if not can_change(user, article):
        raise PermissionDenied
    source = sourcing.matching_source(party)
    if source is not None and source.is_anonymous:
        # Readers are owed a note on why, and an Editor's sign-off: the form asks for both.
        raise CitationRefused(
            "This is an anonymous source: cite it in the Citations table, with the note "
            "readers see."
        )
    with editorial_change(user, "Added a citation (Add as citation)."):
        citation, created = sourcing.cite_party(article, party=party, sentence=sentence)
        reversion.set_comment(
            f"Cited “{citation.source.name}”{' (a new source)' if created else ''} "
            "with Add as citation."
        )
        # A new version: a colleague's form opened before this shows the change as a conflict.
        article.last_edited_by = account(user)
        article.save()
    return citation, created


# Readers' error reports


def can_handle_reports(user):
    """Whether `user` may work through readers' error reports."""
    return user.has_perm("articles.change_errorreport")


def settle_report(report, *, user, status, article_url=""):
    """Move a reader's report to `status` as `user`. A report settled as Corrected or No
    change tells the reader who left an address, once this commits."""
    if not can_handle_reports(user):
        raise PermissionDenied
    with transaction.atomic():
        report.status = status
        report.handled_by = account(user)
        report.save(update_fields=["status", "handled_by", "updated_at"])
        transaction.on_commit(lambda: reader_reports.tell_reader(report, article_url=article_url))
    return report


def correct_from_report(report, *, user, kind, note, article_url=""):
    """Publish a correction on the reported story as `user`, settle the report as Corrected
    with it, and tell the reader once this commits: an editorial change like any other
    (rights, a revision, readers see it on the next request). Raises PermissionDenied when
    `user` may not handle reports or change the story."""
    article = report.article
    if not (can_handle_reports(user) and can_change(user, article)):
        raise PermissionDenied
    with editorial_change(user, "Corrected after a reader's error report."):
        correction = Correction.objects.create(article=article, kind=kind, note=note)
        if article.is_published():
            # A correction tells readers the story changed: it moves the "Updated" time.
            article.content_updated_at = timezone.now()
        # A new version: a colleague's form opened before this shows the change as a conflict.
        article.last_edited_by = account(user)
        article.save()
        report.status = ErrorReport.Status.CORRECTED
        report.correction = correction
        report.handled_by = account(user)
        report.save(update_fields=["status", "correction", "handled_by", "updated_at"])
        transaction.on_commit(lambda: reader_reports.tell_reader(report, article_url=article_url))
    return correction


# Deleting


def delete_articles(articles, *, user):
    """Delete `articles` as `user`, who must be allowed to delete each one (PermissionDenied
    otherwise, and nothing is deleted). The address of a story readers have seen, and its
    earlier addresses, then answer 410 Gone: its SlugRedirect rows lose their article, and
    one is added for its own address. A story that never went out (a draft, or one
    scheduled for later) leaves nothing that says it existed."""
    articles = list(articles)
    if not all(can_delete(user, article) for article in articles):
        raise PermissionDenied
    now = timezone.now()
    with editorial_change(user, "Deleted."):
        announce_removal(sorted({url for article in articles for url in feeds_showing(article)}))
        for article in articles:
            published_at = article.published_at
            if article.status in PUBLIC_STATUSES and published_at and published_at <= now:
                SlugRedirect.objects.update_or_create(
                    old_slug=article.slug, defaults={"article": None}
                )
                # Whose addresses these were, for a recovery to take them back.
                SlugRedirect.objects.filter(Q(article=article) | Q(old_slug=article.slug)).update(
                    removed_article_id=article.pk
                )
            article.delete()


# The admin's change form


class PublicationRefused(Exception):
    """What was about to be saved breaks a publishing rule; nothing was written."""


def save_story(form, formsets, *, user):
    """Save the admin's article form and its rows (bylines, citations, corrections) as
    `user`, in one editorial change: the change form's one save path.

    The form has run its checks (ArticleAdminForm); the rules are checked again here on what
    is saved, so that no form, old page or script gets round them. Raises EditConflict when
    someone saved the article since the version the form started from, PermissionDenied
    when `user` may not make this change, and PublicationRefused when the story would go out
    with publication problems; the transaction then rolls back.
    """
    article = form.instance
    adding = article.pk is None
    with editorial_change(user, "Added." if adding else "Changed."):
        if adding:
            if not user.has_perm("articles.add_article"):
                raise PermissionDenied
            was_public = False
            article.created_by = account(user)
        else:
            stored = Article.objects.select_related("section").get(pk=article.pk)
            if not can_change(user, stored):
                raise PermissionDenied
            was_public = stored.status == Article.Status.PUBLISHED
            feeds_before = feeds_showing(stored)
            claim_next_version(article, form.cleaned_data["base_version"])
            if was_public and form.cleaned_data.get("substantive_update") and can_publish(user):
                article.content_updated_at = timezone.now()
        if article.status not in statuses_for(user) and (adding or article.status != stored.status):
            raise PermissionDenied
        article.note_submission(by=account(user), previous_status=None if adding else stored.status)
        article.last_edited_by = account(user)
        if form.cleaned_data.get("sign_off_anonymous_sources") and can_sign_off(user):
            sourcing.sign_off_anonymous_sources(
                article, by=account(user), sources=getattr(form, "cited_sources", [])
            )
        elif getattr(form, "new_anonymous_sources", None):
            # A newly cited anonymous source was never signed off: the old sign-off lapses.
            sourcing.withdraw_sign_off(article)
        new_rows = {
            formset: {row for row in formset.forms if row.instance.pk is None}
            for formset in formsets
        }
        article.save()
        create_new_tags(form.cleaned_data.get("tags"), user=user)
        form.save_m2m()
        for formset in formsets:
            formset.instance = article
            formset.save()
            if formset.model in (Byline, Citation):
                number_in_entry_order(formset, new_rows[formset])
            if formset.model is Citation:
                capture_cited_pages(
                    [*formset.new_objects]
                    + [row for row, changed in formset.changed_objects if "url" in changed]
                )
            # A correction tells readers the story changed, so it moves the "Updated" time.
            if formset.model is Correction and formset.new_objects and article.is_published():
                article.mark_updated()
        # The tags, and the rows' order, were saved after the article: its page shows them.
        Article.objects.filter(pk=article.pk).refresh_derived()
        reversion.set_comment(
            describe_save(form, formsets, article, previous=None if adding else stored)
        )
        if article.status == Article.Status.PUBLISHED and not was_public:
            # Read afresh: the form's instance holds the rows as they were before the save.
            saved = Article.objects.get(pk=article.pk)
            problems = unconfirmed(
                publication_problems(saved),
                user=user,
                publish_anyway=form.cleaned_data.get("publish_anyway", False),
            )
            if problems:
                raise PublicationRefused(f"Not published: {problems[0].message}.")
            capture_cited_pages(saved.citations.all())
        if article.status == Article.Status.PUBLISHED:
            announce(article)
        elif not adding:
            announce_removal(feeds_before)
    # Analysing one story on save is cheap; fifty uncached ones on the next list view are not.
    citations = Citation.objects.filter(article=article).select_related("source")
    sourcing.summary_for(article.body, [citation.source for citation in citations])
    return article


# What the history calls a change of status, rather than "Changed Status".
STATUS_CHANGES = {
    Article.Status.DRAFT: "Back to draft.",
    Article.Status.IN_REVIEW: "Sent for review.",
    Article.Status.ARCHIVED: "Archived.",
}
# Form fields the status sentence already tells of, or that describe no change to the story.
NOT_LISTED_AS_CHANGED = {
    "status",
    "published_at",
    "base_version",
    "publish_anyway",
    "substantive_update",
}


def when_text(moment):
    return dateformat.format(timezone.localtime(moment), "j M Y H:i T")


def describe_status_change(article, previous):
    """How the history names what this save did to `article`'s status and publication time
    (publishing, scheduling, unpublishing...), or "" when it did nothing to them."""
    was_live = previous is not None and previous.status == Article.Status.PUBLISHED
    if article.status == Article.Status.PUBLISHED:
        if article.is_scheduled():
            moved = was_live and previous.published_at != article.published_at
            if not was_live or moved:
                verb = "Rescheduled" if was_live else "Scheduled"
                return f"{verb} for {when_text(article.published_at)}."
            return ""
        if not was_live or previous.is_scheduled():
            return "Published."
        return ""
    if previous is None:
        return "Sent for review." if article.status == Article.Status.IN_REVIEW else ""
    if previous.status == article.status:
        return ""
    if was_live and article.status == Article.Status.DRAFT:
        return "Unpublished (back to draft)."
    return STATUS_CHANGES[article.status]


def describe_save(form, formsets, article, *, previous):
    """The history's line for a save of the change form: what happened to the story's
    status, then which of its parts changed."""
    parts = ["Added." if previous is None else ""]
    parts.append(describe_status_change(article, previous))
    if previous is not None:
        changed = [
            str(form.fields[name].label or name.replace("_", " ").capitalize())
            for name in form.changed_data
            if name not in NOT_LISTED_AS_CHANGED and name in form.fields
        ]
        changed += [
            str(formset.model._meta.verbose_name_plural).capitalize()
            for formset in formsets
            if formset.has_changed()
        ]
        if changed:
            parts.append(f"Changed {', '.join(changed)}.")
    return " ".join(part for part in parts if part) or "Saved without changes."


def create_new_tags(tags, *, user):
    """Save the tags an editor typed that did not exist yet (unsaved Tag objects among
    `tags`), in place, for the story to be tagged with them."""
    for index, tag in enumerate(tags or []):
        if tag.pk is not None:
            continue
        if not user.has_perm("articles.add_tag"):
            raise PermissionDenied
        existing = Tag.objects.filter(name__iexact=tag.name).first()
        if existing is None:
            tag.slug = unused_slug(Tag, tag.name)
            tag.save()
        else:
            tags[index] = existing


def claim_next_version(article, base_version):
    """Claim the version after `base_version` in one statement: of two editors saving at
    once, exactly one gets it; the other gets EditConflict."""
    claimed = Article.objects.filter(pk=article.pk, version=base_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise revisions.EditConflict
    article.version = base_version  # save() raises it to the claimed number.


def number_in_entry_order(formset, new_forms):
    """Renumber a formset's rows 0, 1, 2… in the order editors see and enter them.

    Rows sort by the position editors typed, ties keeping entry order; new rows left at 0
    go last, so adding a byline to a story never pushes it in front of the existing ones.
    """
    kept = [
        form
        for form in formset.forms
        if form.instance.pk is not None and form not in formset.deleted_forms
    ]

    def order(entry):
        index, form = entry
        position = form.instance.position
        return (float("inf") if form in new_forms and position == 0 else position, index)

    for position, (_, form) in enumerate(sorted(enumerate(kept), key=order)):
        if form.instance.position != position:
            form.instance.position = position
            form.instance.save(update_fields=["position"])


# The front page


class FrontPageRefused(Exception):
    """The front page cannot be arranged that way; nothing was changed."""


def arrange_front_page(*, stories, sections, user):
    """Place `stories` (articles, the lead first) at the top of the front page instead of
    what was there, and give the front page a block for each of `sections`, in that order
    (the other sections get none), as `user`, who must be an Editor.

    Only a published (or scheduled) story may be newly placed. One already placed that has
    since been unpublished may keep its place: readers do not see it, and it leads again if
    it is published again."""
    if not can_publish(user):
        raise PermissionDenied
    stories = list(dict.fromkeys(stories))
    if len(stories) > FRONT_PAGE_SLOTS:
        raise FrontPageRefused(
            f"The front page has room for {FRONT_PAGE_SLOTS} placed stories: "
            f"the lead and {FRONT_PAGE_SLOTS - 1} top stories."
        )
    placed = {placement.article_id: placement for placement in FrontPagePlacement.objects.all()}
    for story in stories:
        if story.pk not in placed and story.status != Article.Status.PUBLISHED:
            raise FrontPageRefused(
                f"“{story.headline}” is {story.get_status_display().lower()}: "
                "only published stories go on the front page."
            )
    with editorial_change(user, "Arranged the front page."):
        FrontPagePlacement.objects.all().delete()
        FrontPagePlacement.objects.bulk_create(
            FrontPagePlacement(
                article=story,
                position=position,
                # A story that keeps its place keeps who placed it, and when.
                placed_by_id=placed[story.pk].placed_by_id if story.pk in placed else user.pk,
                placed_at=placed[story.pk].placed_at if story.pk in placed else timezone.now(),
            )
            for position, story in enumerate(stories)
        )
        order = {section.pk: position for position, section in enumerate(sections)}
        every_section = list(Section.objects.all())
        for section in every_section:
            section.on_front_page = section.pk in order
            section.front_page_position = order.get(section.pk, len(order))
        Section.objects.bulk_update(every_section, ["on_front_page", "front_page_position"])


# The evidence locker: archived copies of cited pages, and what watching them found


class EvidenceRefused(Exception):
    """The evidence locker cannot do this; the message says why."""


def withdraw_archived_copy(copy, *, user, reason):
    """Take an archived copy out of readers' view as `user` (an Editor), with the `reason`
    (a takedown request, say). The newsroom keeps it; the story's sources box stops linking
    to it, and its replay page answers 410 Gone."""
    if not can_publish(user):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise EvidenceRefused("Say why the copy is withdrawn: the newsroom keeps the reason.")
    if copy.is_withdrawn:
        raise EvidenceRefused("This copy is already withdrawn.")
    with transaction.atomic():
        readers_see_a_change()
        copy.withdrawn_at = timezone.now()
        copy.withdrawn_by = account(user)
        copy.withdrawal_reason = reason
        copy.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        if copy.citation_id:
            Article.objects.filter(citations=copy.citation_id).refresh_derived()


def reinstate_archived_copy(copy, *, user):
    """Show a withdrawn archived copy to readers again, as `user` (an Editor)."""
    if not can_publish(user):
        raise PermissionDenied
    with transaction.atomic():
        readers_see_a_change()
        copy.withdrawn_at = None
        copy.withdrawn_by = None
        copy.withdrawal_reason = ""
        copy.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        if copy.citation_id:
            Article.objects.filter(citations=copy.citation_id).refresh_derived()


SOURCE_CHANGE_NOTES = {
    CitationWatch.State.CHANGED: "has changed since this story was published",
    CitationWatch.State.MOVED: "has moved to another address since this story was published",
    CitationWatch.State.GONE: "is no longer available at the address we cited",
}


def source_change_note(citation, watch):
    """What readers are told when a page `citation` rests on changed, moved or went."""
    source = citation.source
    if source.is_anonymous:
        what = "Material from a source we cited on condition of anonymity"
    else:
        what = f"The page of {source.name} we cited"
        if citation.supports:
            what += f" for {citation.supports}"
    note = f"{what} {SOURCE_CHANGE_NOTES[watch.state]}."
    copy = citation.archived_copies.first()
    if copy is not None and not source.is_anonymous and not copy.is_withdrawn:
        captured = timezone.localtime(copy.captured_at)
        note += (
            f" Our archived copy of {captured.day} {captured:%B %Y} shows it as we cited it "
            "(see “How we sourced this”)."
        )
    return note


def note_source_change(citation, *, user):
    """Add an editor's note to `citation`'s story saying its page changed, moved or went,
    as `user` (an Editor), as a new revision; the story's "Updated" time moves with it.
    Returns the Correction."""
    article = citation.article
    if not (can_publish(user) and can_change(user, article)):
        raise PermissionDenied
    watch = CitationWatch.objects.filter(citation=citation).first()
    if watch is None or not watch.needs_attention:
        raise EvidenceRefused("The cited page has not changed, moved or gone: nothing to note.")
    if watch.noted_at is not None:
        raise EvidenceRefused("A note on this change was already added.")
    with editorial_change(user, "Added a note: a cited page changed."):
        correction = Correction.objects.create(
            article=article,
            kind=Correction.Kind.EDITORS_NOTE,
            note=source_change_note(citation, watch),
        )
        if article.is_published():
            article.mark_updated()
        article.last_edited_by = account(user)
        article.save()
        watch.noted_at = timezone.now()
        watch.save(update_fields=["noted_at"])
    return correction
