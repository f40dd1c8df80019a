"""Pictures dropped into a Markdown body: markdownx's upload endpoint, storing only clean ones."""

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponseNotAllowed, JsonResponse
from markdownx.views import ImageUploadView

from ..markdown import PICTURE_ALT_PLACEHOLDER
from .cleaning import clean_image
from .storing import rendition_widths, store_image

# Whoever can edit something written in Markdown may drop pictures into it.
UPLOAD_PERMISSIONS = [
    f"articles.{action}_{model}"
    for model in ("article", "author", "page")
    for action in ("add", "change")
]


class BodyImageForm(forms.Form):
    image = forms.FileField()

    def clean_image(self):
        # Body pictures display at most a column wide: no need to keep more pixels.
        self.clean_picture = clean_image(
            self.cleaned_data["image"], max_width=rendition_widths()[-1]
        )
        return self.cleaned_data["image"]

    def save(self):
        """Store the picture and return its public URL."""
        # Body HTML is a plain <img> of this picture, already shrunk: renditions go unused.
        name = store_image(
            self.clean_picture, folder=settings.MARKDOWNX_MEDIA_PATH, renditions=False
        )
        return default_storage.url(name)


class BodyImageUploadView(ImageUploadView):
    """markdownx's upload endpoint, answering in JSON and storing only clean pictures."""

    form_class = BodyImageForm

    def dispatch(self, request, *args, **kwargs):
        if not any(request.user.has_perm(permission) for permission in UPLOAD_PERMISSIONS):
            return JsonResponse({"image": ["You may not upload pictures."]}, status=403)
        if request.method != "POST":  # markdownx's view has no page to show.
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        # markdownx's script shows no errors: it pastes any image_code into the body, or else
        # "Invalid response". So the reason goes into the body as an HTML comment, which the
        # editor sees and the sanitiser strips from the published page.
        reasons = " ".join(form.errors.get("image", ["The picture could not be uploaded."]))
        return JsonResponse(
            {**form.errors, "image_code": f"<!-- Picture not uploaded: {reasons} -->"},
            status=400,
        )

    def form_valid(self, form):
        # The editor is prompted to describe the picture: an empty alt hides it from
        # readers who use screen readers. Blank lines around it make it a paragraph of its
        # own wherever the cursor was, not part of the sentence before it.
        code = f"\n\n![{PICTURE_ALT_PLACEHOLDER}]({form.save()})\n\n"
        return JsonResponse({"image_code": code})
