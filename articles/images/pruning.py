"""Finding and deleting stored pictures nothing uses any more (`manage.py prune_media`).

Pictures are stored under content names and shared (two stories with the same photo hold
one file), so replacing a story's picture cannot delete the old file there and then. And a
file no story shows now may still be wanted: restoring an older version of a story brings
back the picture it had. So files are swept up here, later, and only when nothing names
them: no picture field of any row, no Markdown text, no stored revision.

Social cards are drawn from a story, not uploaded, and drawn again when missing: they are
kept only while a row names them, as a restore redraws its version's card.

Only files under a content name (storing.py) are ever deleted, with the renditions made
from them, and only once they are older than a grace period: a picture dropped into a draft
is stored before the draft is saved.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from .storing import RENDITIONS_FOLDER, crops_for, renditions_for

# A content name (CleanImage.name_in, social_card_name): folder, two hex digits, a hash,
# and the size for pictures. Text is searched for these wherever it may name a picture.
CONTENT_STEM = r"[a-z_]+/[0-9a-f]{2}/[0-9a-f]{32}(?:-\d+x\d+)?"
CONTENT_NAME = re.compile(rf"{CONTENT_STEM}\.(?:jpg|png)")
# A rendition or crop of a picture stored under a content name (storing.renditions_for,
# storing.crops_for).
RENDITION_NAME = re.compile(
    rf"{RENDITIONS_FOLDER}/{CONTENT_STEM}-(?:\d+w|\d+x\d+)\.(?:webp|jpg|png)"
)


@dataclass
class Sweep:
    """What a sweep found: the files to delete, and how many bytes they hold."""

    unused: list = field(default_factory=list)
    size: int = 0
    kept_recent: int = 0  # Unused, but younger than the grace period.


def picture_folders():
    """Every folder pictures are stored in: the image fields' and the Markdown uploads'."""
    folders = {settings.MARKDOWNX_MEDIA_PATH.strip("/")}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and isinstance(model_field.upload_to, str):
                folders.add(model_field.upload_to.strip("/"))
    return sorted(folder for folder in folders if folder)


def drawn_folders():
    """The folders of pictures the site draws itself (social cards), which it can draw again."""
    from ..models import Article  # articles.models imports this package.

    return {Article._meta.get_field("social_image").upload_to.strip("/")}


def names_in_use():
    """Every picture name a row holds, or any text (bodies, revisions) mentions; drawn
    pictures count only where a row holds them."""
    from reversion.models import Version

    used = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                names = model._base_manager.exclude(**{model_field.name: ""})
                used.update(names.values_list(model_field.name, flat=True).iterator())
            elif isinstance(model_field, models.TextField) and model is not Version:
                texts = model._base_manager.filter(**{f"{model_field.name}__contains": "/"})
                for text in texts.values_list(model_field.name, flat=True).iterator():
                    used.update(CONTENT_NAME.findall(text or ""))
    # Every stored version, of any model: a restore brings back the pictures it names.
    drawn = tuple(f"{folder}/" for folder in drawn_folders())
    for data in Version.objects.values_list("serialized_data", flat=True).iterator():
        used.update(name for name in CONTENT_NAME.findall(data) if not name.startswith(drawn))
    return used


def stored_files(storage, folder):
    """Every file under `folder`, at any depth."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # Nothing stored there yet (object storage lists nothing).
        return
    for name in files:
        yield f"{folder}/{name}"
    for subfolder in folders:
        yield from stored_files(storage, f"{folder}/{subfolder}")


def is_unused(name, used, wanted_renditions):
    # Files under any other name (stored before content names, or put there by hand) are
    # never touched.
    if RENDITION_NAME.fullmatch(name):
        return name not in wanted_renditions
    return CONTENT_NAME.fullmatch(name) is not None and name not in used


def find_unused(*, older_than=timedelta(days=7), storage=None):
    """The stored pictures and renditions nothing names, last changed over `older_than` ago."""
    storage = storage or default_storage
    used = names_in_use()
    wanted_renditions = {
        file_name
        for name in used
        for rendition in renditions_for(name)
        for file_name in (rendition.webp_name, rendition.fallback_name)
    } | {crop.name for name in used for crop in crops_for(name)}
    cutoff = timezone.now() - older_than
    sweep = Sweep()
    for folder in [*picture_folders(), RENDITIONS_FOLDER]:
        for name in stored_files(storage, folder):
            if not is_unused(name, used, wanted_renditions):
                continue
            if storage.get_modified_time(name) > cutoff:
                sweep.kept_recent += 1
                continue
            sweep.unused.append(name)
            sweep.size += storage.size(name)
    return sweep


def delete_unused(sweep, *, storage=None):
    """Delete what find_unused() found; returns how many files were deleted."""
    storage = storage or default_storage
    for name in sweep.unused:
        storage.delete(name)
    return len(sweep.unused)
