"""Pictures: the one path every upload takes, the renditions pages use, and social cards.

Every picture (hero image, author photo, image dropped into a body) goes through
clean_image(): it must decode fully as a JPEG, PNG, WebP or GIF within the byte and pixel
limits, and is re-encoded from its pixels, so the stored file carries no EXIF, GPS, camera
serial, ICC profile or bytes smuggled after the image data. Stored names come from a hash
of the re-encoded bytes plus the picture's size (``heroes/ab/ab12…-1600x1067.jpg``): never
the uploader's file name, and templates read the dimensions from the name, so rendering a
page needs no file access and no Pillow at all.

Formats: JPEG stays JPEG; PNG and GIF become PNG (lossless); WebP becomes JPEG, or PNG when
it has transparency, so the fallback <img> works in every browser. Animated GIFs and WebPs
keep their first frame only: a moving picture cannot carry a caption or alt text reliably,
and the stills are what renditions and social cards can be made from.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from itertools import chain
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from markdownx.views import ImageUploadView
from PIL import Image, ImageDraw, ImageFont, ImageOps

from .caching import content_changed, fragments_changed

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
ACCEPTED_NAMES = "JPEG, PNG, WebP or GIF"
NOT_A_PICTURE = (
    f"This file is not a complete {ACCEPTED_NAMES} picture: it may be damaged, cut short "
    "or another kind of file renamed (SVG is not accepted)."
)
EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}
JPEG_QUALITY = 85
WEBP_QUALITY = 80

# Markup inside a picture file means a polyglot: a valid image that a browser or server could
# also be tricked into treating as a page or script. Re-encoding would drop it anyway, but
# the editor should hear that the file is not what it seems. Tag names must end as tags do,
# so that compressed pixel data matches by chance in only about one 20 MB photo in 5,000;
# "<?xml" is left out because cameras and photo editors write XML metadata.
MARKUP = re.compile(
    rb"<(?:(?:script|html|body|iframe|object|embed|svg)[\s/>]|\?php|!doctype)", re.IGNORECASE
)
STORED_NAME = re.compile(r"-(?P<width>\d+)x(?P<height>\d+)\.(?:jpg|png)$")
RENDITIONS_FOLDER = "renditions"

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
SOCIAL_CARD_SIZE = (1200, 630)
# Bump when the card's design changes, so `regenerate_renditions` and saves redraw them all.
SOCIAL_CARD_DESIGN = "1"
# From static/css/site.css: paper, ink, muted, accent.
PAPER, INK, MUTED, ACCENT = "#fbf9f4", "#141414", "#5e5850", "#9b1b30"


# Read from settings on each call, so tests (and settings overrides) can change them.
def max_bytes():
    return settings.NEWSROOM_IMAGE_MAX_BYTES


def max_pixels():
    return settings.NEWSROOM_IMAGE_MAX_PIXELS


def rendition_widths():
    return tuple(sorted(settings.NEWSROOM_IMAGE_RENDITION_WIDTHS))


@dataclass(frozen=True)
class CleanImage:
    """A picture that passed clean_image(): re-encoded bytes and what they hold."""

    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return EXTENSIONS[self.format]

    def name_in(self, folder):
        """The storage name: content hash and size, so equal pictures share one file."""
        digest = hashlib.sha256(self.content).hexdigest()[:32]
        folder = folder.strip("/")
        return f"{folder}/{digest[:2]}/{digest}-{self.width}x{self.height}.{self.extension}"


class CleanImageFile(ContentFile):
    """Bytes that already went through clean_image(), so saving the model does not redo it."""

    def __init__(self, image, *, folder):
        super().__init__(image.content, name=image.name_in(folder).rsplit("/", 1)[-1])
        self.image = image


def clean_image(upload, *, square=False, max_width=None):
    """Check that an upload is a real picture within the limits and re-encode it cleanly.

    Raises ValidationError with a message for editors; returns a CleanImage.
    """
    content = read_upload(upload)
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise ValidationError(
            "SVG and other text files are not accepted: they can carry script. "
            f"Upload a {ACCEPTED_NAMES} picture.",
            code="markup",
        )
    if MARKUP.search(content):
        raise ValidationError(
            "This file hides web page or script code inside the picture, so it was refused. "
            "Export the picture again from an image editor and upload that.",
            code="polyglot",
        )
    picture, source_format = decode(content)
    if square:
        side = min(picture.size)
        picture = ImageOps.fit(picture, (side, side), method=Image.Resampling.LANCZOS)
    if max_width and picture.width > max_width:
        picture = resized(picture, max_width)
    return encode(picture, source_format)


def read_upload(upload):
    """The upload's bytes, refusing empty and oversized files before reading them."""
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(size)}; pictures may be at most {filesizeformat(limit)}.",
            code="too_large",
        )
    upload.seek(0)
    content = upload.read(limit + 1)
    upload.seek(0)
    if not content:
        raise ValidationError("The file is empty.", code="empty")
    if len(content) > limit:
        raise ValidationError(
            f"The file is larger than {filesizeformat(limit)}, the most a picture may be.",
            code="too_large",
        )
    return content


def decode(content):
    """Open, verify and fully decode the bytes; return the first frame and its format."""
    damaged = ValidationError(NOT_A_PICTURE, code="invalid")
    try:
        with Image.open(BytesIO(content)) as probe:
            source_format = probe.format
            size = probe.size
            probe.verify()
    except Image.DecompressionBombError as error:
        raise too_many_pixels() from error
    except Exception as error:
        # Hostile files make Pillow raise all kinds of errors; each means "not a picture".
        raise damaged from error
    if source_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"{source_format} pictures are not accepted; upload a {ACCEPTED_NAMES}.",
            code="format",
        )
    if size[0] * size[1] > max_pixels():
        raise too_many_pixels(size)
    try:
        # verify() leaves the image unusable, and misses truncated data: decode afresh.
        picture = Image.open(BytesIO(content))
        picture.seek(0)
        picture.load()
        # Turn the pixels the way the camera meant, since the EXIF that says so goes.
        picture = ImageOps.exif_transpose(picture)
    except Exception as error:
        raise damaged from error
    return picture, source_format


def too_many_pixels(size=None):
    limit = f"{max_pixels() / 1_000_000:g} megapixels"
    found = f" is {size[0]}×{size[1]} pixels;" if size else " has too many pixels;"
    return ValidationError(
        f"The picture{found} pictures may have at most {limit}. Resize it first.",
        code="too_many_pixels",
    )


def has_transparency(picture):
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def encode(picture, source_format):
    """Re-encode from pixels alone, so no metadata of the upload survives."""
    lossless = source_format in ("PNG", "GIF") or has_transparency(picture)
    mode = "RGBA" if has_transparency(picture) else "RGB"
    # A fresh image has an empty .info: no EXIF, comments, ICC profile or text chunks.
    pixels = Image.new(mode, picture.size)
    try:
        pixels.paste(picture.convert(mode))
    except ValueError as error:
        raise ValidationError(
            f"This picture's colour format is not supported; save it as an 8-bit "
            f"{ACCEPTED_NAMES} and upload that.",
            code="mode",
        ) from error
    target = "PNG" if lossless else "JPEG"
    return CleanImage(
        content=image_bytes(pixels, target), format=target, width=pixels.width, height=pixels.height
    )


def image_bytes(picture, image_format, *, progressive=True):
    buffer = BytesIO()
    if image_format == "JPEG":
        # Progressive JPEGs show sooner on slow links but take several times longer to write.
        picture.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=progressive)
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        picture.save(buffer, "PNG")
    return buffer.getvalue()


def resized(picture, width):
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Image.Resampling.LANCZOS)


# ---- Storing and renditions -------------------------------------------------------------


def store_image(image, *, folder, storage=None, renditions=True):
    """Save a CleanImage under its content name, with its renditions; return the name."""
    storage = storage or default_storage
    name = image.name_in(folder)
    if not storage.exists(name):
        name = storage.save(name, ContentFile(image.content))
    if renditions:
        make_renditions(name, image, storage=storage)
    return name


def store_upload(field_file, *, square=False):
    """Clean and store a file newly assigned to an ImageField, pointing the field at it.

    Model save() methods call this: files already stored are left alone.
    """
    if not field_file or field_file._committed:
        return
    upload = field_file.file
    if isinstance(upload, CleanImageFile):
        image = upload.image
    else:
        image = clean_image(upload, square=square)
    name = store_image(image, folder=field_file.field.upload_to, storage=field_file.storage)
    setattr(field_file.instance, field_file.field.attname, name)


def clean_upload_for(field_file, *, square=False):
    """For a model's clean(): validate a newly assigned upload, replacing it with clean bytes."""
    if not field_file or field_file._committed or isinstance(field_file.file, CleanImageFile):
        return
    image = clean_image(field_file.file, square=square)
    clean_file = CleanImageFile(image, folder=field_file.field.upload_to)
    setattr(field_file.instance, field_file.field.attname, clean_file)


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    webp_name: str
    fallback_name: str


def stored_size(name):
    """(width, height) read from a stored picture's name, or None for older names."""
    match = STORED_NAME.search(name or "")
    return (int(match["width"]), int(match["height"])) if match else None


def renditions_for(name):
    """The renditions a stored picture has, smallest first: computed from its name alone."""
    size = stored_size(name)
    if size is None:
        return []
    width, height = size
    # Never upscaled: widths above the original are replaced by the original width.
    widths = [w for w in rendition_widths() if w < width]
    if width <= rendition_widths()[-1]:
        widths.append(width)
    stem, extension = name.rsplit(".", 1)
    return [
        Rendition(
            width=w,
            height=max(1, round(height * w / width)),
            webp_name=f"{RENDITIONS_FOLDER}/{stem}-{w}w.webp",
            fallback_name=f"{RENDITIONS_FOLDER}/{stem}-{w}w.{extension}",
        )
        for w in widths
    ]


def make_renditions(name, image=None, *, storage=None, force=False):
    """Write a stored picture's renditions (WebP and its own format) that are missing.

    Returns how many files were written.
    """
    storage = storage or default_storage
    renditions = renditions_for(name)
    wanted = [
        (rendition, file_name, image_format)
        for rendition in renditions
        for file_name, image_format in (
            (rendition.webp_name, "WEBP"),
            (rendition.fallback_name, "PNG" if name.endswith(".png") else "JPEG"),
        )
        if force or not storage.exists(file_name)
    ]
    if not wanted:
        return 0
    if image is not None:
        source = Image.open(BytesIO(image.content))
    else:
        with storage.open(name) as stored:
            source = Image.open(BytesIO(stored.read()))
    source.load()
    for rendition, file_name, image_format in wanted:
        picture = source if rendition.width == source.width else resized(source, rendition.width)
        if force and storage.exists(file_name):
            storage.delete(file_name)
        storage.save(file_name, ContentFile(image_bytes(picture, image_format)))
    return len(wanted)


def restore(field_file, *, square=False):
    """Re-clean a stored picture under a content name (for files stored before this scheme).

    Returns the new name, or None when the name already follows the scheme.
    """
    if stored_size(field_file.name):
        return None
    with field_file.storage.open(field_file.name) as stored:
        image = clean_image(stored, square=square)
    return store_image(image, folder=field_file.field.upload_to, storage=field_file.storage)


# ---- Social cards -----------------------------------------------------------------------


def social_card_name(article):
    """A name that changes exactly when what the card shows changes."""
    section = article.section.name if article.section_id else ""
    key = "\n".join(
        [
            SOCIAL_CARD_DESIGN,
            settings.NEWSROOM_SITE_NAME,
            article.headline,
            section,
            article.hero_image.name or "",
        ]
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"social/{digest[:2]}/{digest}.jpg"


def refresh_social_image(article, *, force=False):
    """Point article.social_image at its current 1200×630 card, drawing it if needed.

    Returns True when the field changed or the card was redrawn.
    """
    name = social_card_name(article)
    if article.social_image.name == name and not force:
        return False
    storage = article.social_image.storage
    exists = storage.exists(name)
    if force or not exists:
        content = draw_social_card(article)
        if exists:
            storage.delete(name)
        storage.save(name, ContentFile(content))
    article.social_image = name
    return True


def draw_social_card(article):
    """JPEG bytes: the hero cropped to 1200×630, or a typographic card without one."""
    hero = None
    if article.hero_image:
        try:
            with article.hero_image.storage.open(article.hero_image.name) as stored:
                hero = Image.open(BytesIO(stored.read()))
                hero.load()
        except OSError:
            # A hero missing from storage must not stop the article from being saved.
            hero = None
    if hero is not None:
        # Transparent pictures sit on the site's paper colour, not on black.
        flat = Image.new("RGB", hero.size, PAPER)
        flat.paste(hero, mask=hero.getchannel("A") if hero.mode == "RGBA" else None)
        card = ImageOps.fit(flat, SOCIAL_CARD_SIZE, Image.Resampling.LANCZOS)
    else:
        card = typographic_card(
            headline=article.headline,
            section=article.section.name if article.section_id else "",
            site_name=settings.NEWSROOM_SITE_NAME,
        )
    # Cards are redrawn on every headline change, so they are written the fast way.
    return image_bytes(card, "JPEG", progressive=False)


@lru_cache(maxsize=32)
def font(file_name, size):
    try:
        return ImageFont.truetype(str(FONTS / file_name), size)
    except OSError:
        # Without the shipped font, cards still draw in Pillow's own face.
        return ImageFont.load_default(size)


def typographic_card(*, headline, section, site_name):
    """The site's look on paper: accent rule, section kicker, serif headline, site name."""
    width, height = SOCIAL_CARD_SIZE
    margin = 80
    card = Image.new("RGB", SOCIAL_CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, 0, width, 16], fill=ACCENT)
    top = 90
    if section:
        kicker = font("DejaVuSans-Bold.ttf", 30)
        draw.text((margin, top), section.upper(), font=kicker, fill=ACCENT)
        top += 60
    footer_top = height - 110
    draw.line([margin, footer_top, width - margin, footer_top], fill=INK, width=3)
    draw.text(
        (margin, footer_top + 24), site_name, font=font("DejaVuSans-Bold.ttf", 30), fill=MUTED
    )
    lines, face, leading = fit_headline(
        draw, headline, box=(width - 2 * margin, footer_top - top - 30)
    )
    for index, line in enumerate(lines):
        draw.text((margin, top + index * leading), line, font=face, fill=INK)
    return card


def fit_headline(draw, headline, *, box):
    """The largest type size at which the wrapped headline fits the box; at the smallest,
    the lines that fit end in an ellipsis."""
    box_width, box_height = box
    for size in range(76, 35, -4):
        face = font("DejaVuSerif-Bold.ttf", size)
        leading = round(size * 1.2)
        lines = wrap(draw, headline, face, box_width)
        if len(lines) * leading <= box_height:
            return lines, face, leading
    room = max(1, box_height // leading)
    if len(lines) > room:
        lines = lines[:room]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=face) > box_width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + "…"
    return lines, face, leading


def wrap(draw, text, face, width):
    """Break text into lines no wider than width, splitting over-long words if need be."""
    lines = []
    for word in text.split():
        while draw.textlength(word, font=face) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and draw.textlength(word[:cut], font=face) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        if lines and draw.textlength(f"{lines[-1]} {word}", font=face) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


# ---- The editor's image upload ----------------------------------------------------------

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
        # readers who use screen readers.
        return JsonResponse({"image_code": f"![Describe the picture]({form.save()})"})


# ---- Regenerating everything ------------------------------------------------------------


def regenerate_picture(field_file, *, square=False, dry_run=False):
    """Rewrite one stored picture's renditions; move an older-named file to its content name.

    Returns the picture's (possibly new) name; with dry_run, writes nothing.
    """
    if dry_run:
        return field_file.name
    name = restore(field_file, square=square) or field_file.name
    make_renditions(name, storage=field_file.storage, force=True)
    return name


def regenerate_all(*, authors, articles, dry_run=False, progress=None):
    """Regenerate the renditions of every author photo and hero image, and every social card.

    Each object is its own transaction; the fields are written with update(), so neither
    updated_at nor any other save() side effect moves. `progress(number, total, label,
    error)` is called once per object. Returns the number of objects that failed.
    """
    authors = authors.exclude(photo="").order_by("pk")
    articles = articles.select_related("section").order_by("pk")
    total = authors.count() + articles.count()
    failed = 0
    units = chain(
        (("author", author) for author in authors.iterator()),
        (("article", article) for article in articles.iterator()),
    )
    for number, (kind, obj) in enumerate(units, start=1):
        error = None
        try:
            with transaction.atomic():
                if kind == "author":
                    name = regenerate_picture(obj.photo, square=True, dry_run=dry_run)
                    if name != obj.photo.name:
                        type(obj).objects.filter(pk=obj.pk).update(photo=name)
                else:
                    if obj.hero_image:
                        name = regenerate_picture(obj.hero_image, dry_run=dry_run)
                        obj.hero_image = name
                    if not dry_run:
                        refresh_social_image(obj, force=True)
                        type(obj).objects.filter(pk=obj.pk).update(
                            hero_image=obj.hero_image.name,
                            social_image=obj.social_image.name,
                            updated_at=F("updated_at"),
                        )
        except (OSError, ValidationError) as exc:
            failed += 1
            error = "; ".join(getattr(exc, "messages", [str(exc)]))
        if progress:
            progress(number, total, f"{kind} {obj}", error)
    if not dry_run:
        # update() sent no signals, nor moved updated_at: cached pages and parts of pages may
        # still name the old files.
        content_changed()
        fragments_changed()
    return failed
