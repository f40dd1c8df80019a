"""Forms for the editors' admin."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from .control_characters import refuse_control_characters
from .images import NOT_A_PICTURE, CleanImageFile, clean_image
from .markdown import render_markdown, undescribed_pictures
from .models import Article


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


class ArticleAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["headline", "dek", "summary"]
    # Not a model field: it decides whether this save moves content_updated_at.
    substantive_update = forms.BooleanField(
        required=False,
        label="Substantive update (moves the public 'Updated' time)",
        help_text=(
            "Tick for new facts, a changed angle or anything readers should know changed. "
            "Leave it off for typo fixes and small edits."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "dek",
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

    def clean_hero_image(self):
        hero_image = self.cleaned_data.get("hero_image")
        if not isinstance(hero_image, UploadedFile):
            return hero_image  # unchanged or cleared
        # The one check every picture gets; the form passes on the clean, re-encoded bytes.
        return CleanImageFile(clean_image(hero_image), folder=Article.hero_image.field.upload_to)

    def clean(self):
        cleaned_data = super().clean()
        # A picture without a description shuts out readers who use screen readers.
        if cleaned_data.get("hero_image") and not cleaned_data.get("hero_alt", "").strip():
            self.add_error(
                "hero_alt",
                "Describe the hero image for readers who cannot see it, or remove the image.",
            )
        # Readers who use screen readers hear a picture's description: none, or the upload's
        # placeholder, tells them nothing. Drafts may wait; a published story may not.
        if cleaned_data.get("status") == Article.Status.PUBLISHED and (
            pictures := undescribed_pictures(render_markdown(cleaned_data.get("body", "")))
        ):
            self.add_error(
                "body",
                "Describe every picture in the body before publishing (the words between "
                f"![ and ]): {', '.join(pictures)}",
            )
        # Article.save() dates a publication too, but the form checks the database
        # constraint "published has a date" before save() runs, so date it here first.
        if cleaned_data.get("status") == Article.Status.PUBLISHED and not cleaned_data.get(
            "published_at"
        ):
            cleaned_data["published_at"] = timezone.now()
        return cleaned_data


class AuthorAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["name", "role"]


class SourceAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["name"]


class SectionAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["name"]


class TagAdminForm(RefusesControlCharacters, forms.ModelForm):
    plain_text_fields = ["name"]
