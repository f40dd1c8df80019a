"""Storing clean pictures under their content names, and the renditions pages serve of them.

Renditions are found from a picture's name alone, so rendering a page reads no file.
"""

import logging
import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from .cleaning import CleanImageFile, clean_image, image_bytes, resized
from .rights import read_rights

STORED_NAME = re.compile(r"-(?P<width>\d+)x(?P<height>\d+)\.(?:jpg|png)$")
RENDITIONS_FOLDER = "renditions"

# Search engines show a story's picture in three shapes, each best at least 1200 pixels
# wide (Google's Article documentation): lead pictures get a crop in each.
CROP_RATIOS = ((16, 9), (4, 3), (1, 1))
CROP_WIDTH = 1200
CROPPED_FOLDERS = ("heroes/",)

logger = logging.getLogger(__name__)

# The NewFiles of the innermost files_kept_only_on_success() block, in this thread or task.
current_new_files = ContextVar("current_new_files", default=None)


class NewFiles:
    """The files stored inside a files_kept_only_on_success() block, none of which existed
    before it."""

    def __init__(self):
        self.files = []  # (storage, name)

    def delete(self):
        """Delete them all: nothing names them, since what would has not been saved."""
        for storage, name in reversed(self.files):
            try:
                storage.delete(name)
            except Exception:
                # The failure that brought us here matters more; prune_media deletes the rest.
                logger.warning("Could not delete %s after a failed save", name, exc_info=True)
        self.files.clear()


@contextmanager
def files_kept_only_on_success():
    """Delete every file stored inside the block if it raises: pictures, their renditions and
    social cards that a failed save or import wrote and its rolled-back rows would have named.

    Files that were in storage before are never recorded, so never deleted. Blocks nest: an
    inner block that succeeds hands its files on to the outer one. The block's NewFiles are
    yielded, for a caller that rolls back without raising (a dry run) to delete them itself.
    """
    new_files = NewFiles()
    token = current_new_files.set(new_files)
    try:
        yield new_files
    except BaseException:
        new_files.delete()
        raise
    finally:
        current_new_files.reset(token)
    outer = current_new_files.get()
    if outer is not None:
        outer.files.extend(new_files.files)


def record_new_file(storage, name):
    """Tell the active files_kept_only_on_success() block, if any, about a file just stored
    under a name that was free."""
    new_files = current_new_files.get()
    if new_files is not None:
        new_files.files.append((storage, name))


# Read from settings on each call, so tests (and settings overrides) can change it.
def rendition_widths():
    return tuple(sorted(settings.NEWSROOM_IMAGE_RENDITION_WIDTHS))


def store_image(image, *, folder, storage=None, renditions=True):
    """Save a CleanImage under its content name, with its renditions; return the name."""
    storage = storage or default_storage
    name = image.name_in(folder)
    if not storage.exists(name):
        name = storage.save(name, ContentFile(image.content))
        record_new_file(storage, name)
    else:
        mark_used_now(storage, name)
    if renditions:
        make_renditions(name, image, storage=storage)
    return name


def mark_used_now(storage, name):
    """Restart prune_media's grace period for a picture uploaded again: an editor may be
    about to use a file nothing has named for weeks. Object storage keeps its old time."""
    try:
        path = storage.path(name)
    except NotImplementedError:
        return
    os.utime(path)


def store_upload(field_file, *, square=False, renditions=True):
    """Clean and store a file newly assigned to an ImageField, pointing the field at it;
    with renditions=False, its renditions are left to a job (make_renditions).

    Model save() methods call this: files already stored are left alone. Returns the
    CleanImage stored (with the rights it carries), or None when nothing was.
    """
    if not field_file or field_file._committed:
        return None
    upload = field_file.file
    if isinstance(upload, CleanImageFile):
        image = upload.image
    else:
        image = clean_image(upload, square=square)
    name = store_image(
        image,
        folder=field_file.field.upload_to,
        storage=field_file.storage,
        renditions=renditions,
    )
    setattr(field_file.instance, field_file.field.attname, name)
    return image


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


@dataclass(frozen=True)
class Crop:
    """A lead picture cut to one of CROP_RATIOS, for structured data."""

    width: int
    height: int
    name: str


def crops_for(name):
    """The crops a stored lead picture has, computed from its name alone: the largest
    centred area of each ratio, scaled down to CROP_WIDTH (never up)."""
    size = stored_size(name)
    if size is None or not name.startswith(CROPPED_FOLDERS):
        return []
    width, height = size
    stem, extension = name.rsplit(".", 1)
    crops = []
    for across, down in CROP_RATIOS:
        crop_width = width if width * down <= height * across else height * across // down
        crop_width = min(crop_width, CROP_WIDTH)
        crops.append(
            Crop(
                width=crop_width,
                height=max(1, round(crop_width * down / across)),
                name=f"{RENDITIONS_FOLDER}/{stem}-{across}x{down}.{extension}",
            )
        )
    return crops


def scaled(source, width):
    return source if width == source.width else resized(source, width)


def cropped(source, crop):
    return ImageOps.fit(source, (crop.width, crop.height), Image.Resampling.LANCZOS)


def content_type(name):
    """The MIME type of a stored picture or rendition, from its name."""
    return {"png": "image/png", "webp": "image/webp"}.get(name.rsplit(".", 1)[-1], "image/jpeg")


def largest_version(name, *, ready=True):
    """(name, width, height) of the largest version of a stored picture that pages serve:
    its largest rendition in its own format, or the picture itself (its size None when the
    name does not say it) while its renditions are not `ready`."""
    renditions = renditions_for(name) if ready else []
    if renditions:
        largest = renditions[-1]
        return largest.fallback_name, largest.width, largest.height
    return (name, *(stored_size(name) or (None, None)))


def make_renditions(name, image=None, *, storage=None, force=False):
    """Write a stored picture's renditions (WebP and its own format) and, for a lead
    picture, its crops, that are missing; each carries the picture's rights and nothing
    else of its metadata.

    Returns how many files were written.
    """
    storage = storage or default_storage
    wanted = renditions_to_make(name, storage=storage, force=force)
    if not wanted:
        return 0
    if image is not None:
        source = Image.open(BytesIO(image.content))
        rights = image.rights
    else:
        with storage.open(name) as stored:
            source = Image.open(BytesIO(stored.read()))
        rights = read_rights(source)
    source.load()
    for file_name, image_format, make in wanted:
        content = image_bytes(make(source), image_format, rights=rights)
        replaced = force and storage.exists(file_name)
        if replaced:
            storage.delete(file_name)
        saved_name = storage.save(file_name, ContentFile(content))
        if not replaced:
            record_new_file(storage, saved_name)
    return len(wanted)


def renditions_to_make(name, *, storage=None, force=False):
    """The renditions and crops of a stored picture that are missing from storage (all of
    them, with force), each as (file name, format, how to make it from the picture)."""
    storage = storage or default_storage
    own_format = "PNG" if name.endswith(".png") else "JPEG"
    planned = [
        (file_name, image_format, partial(scaled, width=rendition.width))
        for rendition in renditions_for(name)
        for file_name, image_format in (
            (rendition.webp_name, "WEBP"),
            (rendition.fallback_name, own_format),
        )
    ]
    planned += [(crop.name, own_format, partial(cropped, crop=crop)) for crop in crops_for(name)]
    return [job for job in planned if force or not storage.exists(job[0])]


def restore(field_file, *, square=False):
    """Re-clean a stored picture under a content name (for files stored before this scheme).

    Returns the new name, or None when the name already follows the scheme.
    """
    if stored_size(field_file.name):
        return None
    with field_file.storage.open(field_file.name) as stored:
        image = clean_image(stored, square=square)
    return store_image(image, folder=field_file.field.upload_to, storage=field_file.storage)
