from django import forms

from articles.forms import WellFormedIdsMultipleChoiceField
from articles.models import Section

from .subscribing import consent_text


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=254)
    wants_digest = forms.BooleanField(
        label="The daily digest: the day's stories, every morning", required=False, initial=True
    )
    digest_sections = WellFormedIdsMultipleChoiceField(
        label="In my digest, only these sections (none ticked: every section)",
        queryset=Section.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    alert_sections = WellFormedIdsMultipleChoiceField(
        label="Breaking alerts from these sections",
        queryset=Section.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("wants_digest") and not cleaned.get("alert_sections"):
            raise forms.ValidationError("Choose the digest, or at least one section's alerts.")
        return cleaned
