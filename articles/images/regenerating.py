"""Regenerating every stored picture's renditions and every social card, one object at a time.

Run by `manage.py regenerate_renditions` after the rendition widths or the card design change.
"""

from itertools import chain

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from ..caching import content_changed
from .social_cards import refresh_social_image
from .storing import make_renditions, restore


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
                    if not dry_run:
                        type(obj).objects.filter(pk=obj.pk).update(photo=name, photo_ready=True)
                else:
                    if obj.hero_image:
                        name = regenerate_picture(obj.hero_image, dry_run=dry_run)
                        obj.hero_image = name
                    if not dry_run:
                        refresh_social_image(obj, force=True)
                        type(obj).objects.filter(pk=obj.pk).update(
                            hero_image=obj.hero_image.name,
                            social_image=obj.social_image.name,
                            pictures_ready=True,
                            updated_at=F("updated_at"),
                        )
        except (OSError, ValidationError) as exc:
            failed += 1
            error = "; ".join(getattr(exc, "messages", [str(exc)]))
        if progress:
            progress(number, total, f"{kind} {obj}", error)
    if not dry_run:
        # update() moved no updated_at: cached pages may still name the old files.
        content_changed()
    return failed
