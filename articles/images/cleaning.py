"""The one path every upload takes: refused unless it decodes fully within the limits, then
re-encoded from its pixels alone, so nothing of the uploaded file but the picture survives.
"""

import hashlib
import re
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, PngImagePlugin

from .colour import to_srgb
from .rights import NO_RIGHTS, PictureRights, read_rights

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


# Read from settings on each call, so tests (and settings overrides) can change them.
def max_bytes():
    return settings.NEWSROOM_IMAGE_MAX_BYTES


def max_pixels():
    return settings.NEWSROOM_IMAGE_MAX_PIXELS


@dataclass(frozen=True)
class CleanImage:
    """A picture that passed clean_image(): re-encoded bytes and what they hold."""

    content: bytes
    format: str
    width: int
    height: int
    # Who the picture belongs to, as its IPTC and XMP said; also written into `content`.
    rights: PictureRights = NO_RIGHTS

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
    picture, source_format, rights = decode(content)
    if square:
        side = min(picture.size)
        picture = ImageOps.fit(picture, (side, side), method=Image.Resampling.LANCZOS)
    if max_width and picture.width > max_width:
        picture = resized(picture, max_width)
    return encode(picture, source_format, rights)


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


# The longest side WebP, which renditions are written in, can hold.
MAX_SIDE = 16383


def decode(content):
    """Open, verify and fully decode the bytes; return the first frame (in sRGB), its
    format and the rights it carries."""
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
    if max(size) > MAX_SIDE:
        raise ValidationError(
            f"The picture is {size[0]}×{size[1]} pixels; neither side may be longer than "
            f"{MAX_SIDE:,} pixels. Crop or resize it first.",
            code="too_long",
        )
    try:
        # verify() leaves the image unusable, and misses truncated data: decode afresh.
        picture = Image.open(BytesIO(content))
        picture.seek(0)
        picture.load()
        rights = read_rights(picture)
        # Colours as the profile meant them, since the profile goes.
        picture = to_srgb(picture)
        # Turn the pixels the way the camera meant, since the EXIF that says so goes.
        picture = ImageOps.exif_transpose(picture)
    except Exception as error:
        raise damaged from error
    return picture, source_format, rights


def too_many_pixels(size=None):
    limit = f"{max_pixels() / 1_000_000:g} megapixels"
    found = f" is {size[0]}×{size[1]} pixels;" if size else " has too many pixels;"
    return ValidationError(
        f"The picture{found} pictures may have at most {limit}. Resize it first.",
        code="too_many_pixels",
    )


def has_transparency(picture):
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def encode(picture, source_format, rights=NO_RIGHTS):
    """Re-encode from pixels alone, so no metadata of the upload survives but its rights."""
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
        content=image_bytes(pixels, target, rights=rights),
        format=target,
        width=pixels.width,
        height=pixels.height,
        rights=rights,
    )


def image_bytes(picture, image_format, *, progressive=True, rights=NO_RIGHTS):
    """The picture encoded, carrying `rights` (an XMP packet of them alone) and nothing else."""
    buffer = BytesIO()
    xmp = rights.xmp()
    if image_format == "JPEG":
        # Progressive JPEGs show sooner on slow links but take several times longer to write.
        picture.convert("RGB").save(
            buffer, "JPEG", quality=JPEG_QUALITY, progressive=progressive, xmp=xmp
        )
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4, xmp=xmp)
    else:
        text = PngImagePlugin.PngInfo()
        if xmp:
            text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        picture.save(buffer, "PNG", pnginfo=text)
    return buffer.getvalue()


def resized(picture, width):
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Image.Resampling.LANCZOS)
