"""Forms for the editors' admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from . import revisions, sourcing, workflow
from .control_characters import refuse_control_characters
from .images import NOT_A_PICTURE, CleanImageFile, clean_image
from .markdown import render_markdown, undescribed_pictures
from .models import FACT_CHECK_FIELDS, Article, Correction, ErrorReport, Tag

# The largest id a database column holds: a bigger number typed or forged into a form is
# not an id of anything, and must not reach the database (an overflow, not an answer).
LARGEST_ID = 2**63 - 1


def is_id(value):
    """Whether `value`, as posted, could be a row's id."""
    return str(value).isdigit() and int(value) <= LARGEST_ID


class WellFormedIdChoiceField(forms.ModelChoiceField):
    """A choice of one row that refuses a value no row could have before asking the database."""

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class WellFormedIdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of rows that refuses values no row could have before asking the database."""

    def _check_values(self, value):
        for item in value:
            if not is_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


# How the tags autocomplete posts a tag it does not know yet (admin-article-form.js).
NEW_TAG = "new:"


class TagsChoiceField(WellFormedIdsMultipleChoiceField):
    """Tags chosen from the autocomplete, and tags typed there that do not exist yet: those
    come back as unsaved Tag objects, which workflow.save_story creates with the story."""

    user = None  # set by ArticleAdmin: only those who may add tags create them

    def clean(self, value):
        value = list(value or [])
        names = [item[len(NEW_TAG) :] for item in value if str(item).startswith(NEW_TAG)]
        chosen = super().clean([item for item in value if not str(item).startswith(NEW_TAG)])
        new_tags = []
        for name in dict.fromkeys(" ".join(name.split()) for name in names):
            if not name:
                continue
            refuse_control_characters(name)
            if len(name) > Tag._meta.get_field("name").max_length or not slugify(name):
                raise ValidationError(f"“{name[:40]}” cannot be a tag: too long, or no letters.")
            existing = Tag.objects.filter(name__iexact=name).first()
            if existing is not None:
                new_tags.append(existing)
            elif self.user is None or not self.user.has_perm("articles.add_tag"):
                raise ValidationError(f"You may not create tags: ask an Editor for “{name}”.")
            else:
                new_tags.append(Tag(name=name))
        return [*chosen, *new_tags]


def https_by_default(db_field, **kwargs):
    """A model field's form field; a link typed without a scheme gets https://, as Django 6
    will do by default (the admin does the same with formfield_overrides)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class RefusesControlCharacters:
    """A model form whose `plain_text_fields` refuse control characters: readers cannot see
    them, and feeds and sitemaps (XML) cannot carry them. A form-side check: the model's
    fields, and so its migrations, stay as they are.

    The forms below that name no model are the admin's: ModelAdmin.form builds each for its
    model with the fields the admin shows."""

    plain_text_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.plain_text_fields:
            # Absent when the admin shows the field read-only to someone who cannot change it.
            if name in self.fields:
                self.fields[name].validators.append(refuse_control_characters)


# Choices with a default that a form may leave out: the article keeps its own.
KEPT_WHEN_LEFT_OUT = ("work_type", "claimant_kind")


class ArticleAdminForm(RefusesControlCharacters, forms.ModelForm):
    """The article form of the admin, with every check an editor's save gets: pictures
    described, the version the editor started from still current (revisions.py), and, for
    a story that goes out, its anonymous sources signed off and its unsourced claims
    confirmed (the sourcing desk). workflow.save_story then saves it.

    ArticleAdmin.get_form sets `user` (who edits) and `citation_formset` (the citation rows'
    formset class): the publishing checks judge the citations as posted, which Django
    validates only after the form.
    """

    plain_text_fields = [
        "headline",
        "dek",
        "summary",
        "dateline",
        "claim_reviewed",
        "claimant",
        "claim_appearance",
    ]
    user = None
    citation_formset = None
    # Why workflow.save_story refused this form's last save, to be shown as its error.
    refusal = None

    # Not model fields: they decide how this save goes.
    substantive_update = forms.BooleanField(
        required=False,
        label="Substantive update (moves the public 'Updated' time)",
        help_text=(
            "Tick for new facts, a changed angle or anything readers should know changed. "
            "Leave it off for typo fixes and small edits."
        ),
    )
    publish_anyway = forms.BooleanField(
        required=False,
        label="Publish anyway",
        help_text="Tick to publish although the Sourcing panel lists uncited or vague claims.",
    )
    sign_off_anonymous_sources = forms.BooleanField(
        required=False,
        label="I sign off the anonymous sources cited",
        help_text="Needed before an article citing an anonymous source is published.",
    )
    # The version the editor started from: a save since then is a conflict to show.
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        formfield_callback = https_by_default
        fields = [
            "work_type",
            "headline",
            "slug",
            "dek",
            "dateline",
            "body",
            "summary",
            "hero_image",
            "hero_alt",
            "hero_caption",
            "hero_credit",
            "section",
            "tags",
            "status",
            "published_at",
            "embargo_until",
            "backstory",
            *FACT_CHECK_FIELDS,
        ]
        # Inside the Presentation fieldset the "hero" prefix is already understood.
        labels = {
            "hero_alt": "Alt text",
            "hero_caption": "Caption",
            "hero_credit": "Credit",
            "backstory": "How we reported this",
        }
        # Django's own image check runs before clean_hero_image(): say what it means here too.
        error_messages = {"hero_image": {"invalid_image": NOT_A_PICTURE}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A live story is asked again only about the claims an edit adds.
        self.was_published = self.instance.status == Article.Status.PUBLISHED
        if self.instance.pk:
            self.initial.setdefault("base_version", self.instance.version)
        if sourcing.blocks_publishing() or self.user is None or not workflow.can_publish(self.user):
            self.fields.pop("publish_anyway", None)
        if self.user is None or not workflow.can_sign_off(self.user):
            self.fields.pop("sign_off_anonymous_sources", None)
        if isinstance(self.fields.get("tags"), TagsChoiceField):
            self.fields["tags"].user = self.user
        # A form posted without them (a script, a page from before they existed) keeps what
        # the story has: these choices always have a value.
        for name in KEPT_WHEN_LEFT_OUT:
            if name in self.fields:
                self.fields[name].required = False

    def _clean_fields(self):
        super()._clean_fields()
        for name in KEPT_WHEN_LEFT_OUT:
            if name in self.cleaned_data and not self.cleaned_data[name]:
                self.cleaned_data[name] = getattr(self.instance, name)

    def clean_hero_image(self):
        hero_image = self.cleaned_data.get("hero_image")
        if not isinstance(hero_image, UploadedFile):
            return hero_image  # unchanged or cleared
        # The one check every picture gets; the form passes on the clean, re-encoded bytes.
        return CleanImageFile(clean_image(hero_image), folder=Article.hero_image.field.upload_to)

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal:
            self.add_error(None, self.refusal)
        # A picture without a description shuts out readers who use screen readers.
        if cleaned_data.get("hero_image") and not cleaned_data.get("hero_alt", "").strip():
            self.add_error(
                "hero_alt",
                "Describe the hero image for readers who cannot see it, or remove the image.",
            )
        publishing = cleaned_data.get("status") == Article.Status.PUBLISHED
        # Readers who use screen readers hear a picture's description: none, or the upload's
        # placeholder, tells them nothing. Drafts may wait; a published story may not.
        if publishing and (
            pictures := undescribed_pictures(render_markdown(cleaned_data.get("body", "")))
        ):
            self.add_error(
                "body",
                "Describe every picture in the body before publishing (the words between "
                f"![ and ]): {', '.join(pictures)}",
            )
        # Article.save() dates a publication too, but the form checks the database
        # constraint "published has a date" before save() runs, so date it here first.
        if publishing and not cleaned_data.get("published_at"):
            cleaned_data["published_at"] = timezone.now()
        self.check_version(cleaned_data.get("base_version"))
        sources = self.cited_sources_after_save()
        if sources is not None:  # else the citations' own errors come first
            self.cited_sources = sources
            self.check_anonymous_sources(sources, publishing=publishing)
            if publishing:
                self.check_claims(cleaned_data.get("body", self.instance.body), sources)
        return cleaned_data

    def check_version(self, base_version):
        if not self.instance.pk:
            return
        if not base_version:
            # Without it, this form could write over whatever a colleague saved since.
            self.add_error(
                None,
                "This form does not say which version of the article it was opened on: "
                "open the article again, and make your change there.",
            )
            return
        if base_version == self.instance.version:
            return
        versions = list(revisions.article_versions(self.instance)[:100])
        self.add_error(None, revisions.conflict_message(self.instance, versions, base_version))
        # Saving again after reviewing their changes is then a deliberate choice.
        data = self.data.copy()
        data[self.add_prefix("base_version")] = self.instance.version
        revisions.take_their_changes(self, data, revisions.stored_version(versions, base_version))
        self.data = data

    def cited_sources_after_save(self):
        """The sources the article will cite once this form and its rows are saved, or None
        while the rows have errors of their own."""
        if self.citation_formset is None:
            if self.instance.pk is None:
                return []
            return [citation.source for citation in self.instance.citations.all()]
        rows = self.citation_formset(self.data, self.files, instance=self.instance)
        if not rows.is_valid():
            return None
        return [
            row.cleaned_data["source"]
            for row in rows.forms
            if row.cleaned_data.get("source") and not row.cleaned_data.get("DELETE")
        ]

    def check_anonymous_sources(self, sources, *, publishing):
        # A sign-off covers exactly the anonymous sources cited when it was given.
        self.new_anonymous_sources = sourcing.anonymous_sources_not_signed_off(
            self.instance, sources
        )
        signed_off = (
            self.cleaned_data.get("sign_off_anonymous_sources") or not self.new_anonymous_sources
        )
        going_out = not self.was_published or self.new_anonymous_sources
        if publishing and going_out and not signed_off:
            self.add_error(
                None,
                "This article cites an anonymous source: an Editor must sign off the "
                "anonymous sources before it can be published.",
            )

    def check_claims(self, body, sources):
        claims = sourcing.unsourced_claims(self.instance, body=body, sources=sources)
        if self.was_published:
            # A live story was confirmed as it stands: only claims this edit adds ask.
            confirmed = {
                finding.attribution.sentence for finding in sourcing.unsourced_claims(self.instance)
            }
            claims = [
                finding for finding in claims if finding.attribution.sentence not in confirmed
            ]
        if not claims:
            return
        if sourcing.blocks_publishing():
            self.add_error(
                None,
                "Articles with uncited or vague claims cannot be published. Cite or rewrite: "
                + sourcing.claims_list(claims),
            )
        elif not self.cleaned_data.get("publish_anyway"):
            self.add_error(
                None,
                "The Sourcing panel lists uncited or vague claims. Cite or rewrite them, or "
                "tick “Publish anyway” under Sourcing to publish as it is: "
                + sourcing.claims_list(claims),
            )
            self.add_error("publish_anyway", "Tick to confirm publishing these claims.")


class AuthorAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["name", "role", "knows_about", "knows_language"]


class SourceAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["name"]


class SectionAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["name"]


class TagAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["name"]


class PageAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["title"]


class BylineForm(forms.ModelForm):
    """A byline row. On a new article the first row proposes the author linked to the
    editor's account: kept as long as that author stays chosen, though the editor changed
    nothing, and dropped, not refused, when they clear it."""

    def has_changed(self):
        if self.instance.pk is None and self.initial.get("author"):
            return bool(self.data.get(self.add_prefix("author")))
        return super().has_changed()


class ErrorReportForm(RefusesControlCharacters, forms.ModelForm):
    """A reader's "Report an error": what is wrong, an optional link and email address.

    `website` is a honeypot: hidden from people (and labelled to leave empty for those whose
    screen reader finds it), filled in by the bots that fill in every field."""

    plain_text_fields = ["message"]

    website = forms.CharField(required=False, max_length=200, label="Leave this field empty")

    class Meta:
        model = ErrorReport
        formfield_callback = https_by_default
        fields = ["message", "evidence_url", "email"]
        labels = {
            "message": "What is wrong?",
            "evidence_url": "Link to evidence (optional)",
            "email": "Your email, if you would like to hear what we did (optional)",
        }
        error_messages = {
            "message": {"required": "Tell us what is wrong in the story."},
        }

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise ValidationError("Tell us a little more: what is wrong, and what is right?")
        return message

    def is_bot(self):
        """Whether the honeypot was filled in (call after is_valid())."""
        return bool(self.cleaned_data.get("website"))


class CorrectionFromReportForm(RefusesControlCharacters, forms.ModelForm):
    """The correction an editor writes from a reader's report, pre-filled from it."""

    plain_text_fields = []

    class Meta:
        model = Correction
        fields = ["kind", "note"]
