"""`manage.py prune_media`: pictures nothing names any more are deleted, nothing else is."""

import os
import time
from io import BytesIO, StringIO

import pytest
import reversion
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image
from reversion.models import Version

from articles.images import clean_image, renditions_for, store_image
from articles.models import Article
from articles.workflow import restore_version
from tests.factories import make_article, make_author, make_page, pictures_made

pytestmark = pytest.mark.django_db

TEN_DAYS = 10 * 24 * 3600


def picture_name(folder, digit, size="1600x900", extension="jpg"):
    return f"{folder}/{digit * 2}/{digit * 32}-{size}.{extension}"


def stored(name, *, age=TEN_DAYS):
    """A file stored under `name`, last changed `age` seconds ago."""
    default_storage.save(name, ContentFile(b"picture bytes"))
    then = time.time() - age
    os.utime(default_storage.path(name), (then, then))
    return name


def stored_with_renditions(name, *, age=TEN_DAYS):
    stored(name, age=age)
    renditions = [
        file_name
        for rendition in renditions_for(name)
        for file_name in (rendition.webp_name, rendition.fallback_name)
    ]
    for file_name in renditions:
        stored(file_name, age=age)
    return [name, *renditions]


def prune(*args):
    out = StringIO()
    call_command("prune_media", *args, stdout=out)
    return out.getvalue()


def exists(names):
    return [name for name in names if default_storage.exists(name)]


def test_a_replaced_picture_and_its_renditions_are_deleted_the_current_one_kept():
    current = stored_with_renditions(picture_name("heroes", "a"))
    replaced = stored_with_renditions(picture_name("heroes", "b"))
    make_article(hero_image=current[0])

    output = prune()

    assert exists(current) == current
    assert exists(replaced) == []
    assert f"Deleted {len(replaced)} unused file(s)" in output


def test_a_picture_an_older_revision_holds_is_kept_for_a_restore():
    old, new = picture_name("heroes", "c"), picture_name("heroes", "d")
    stored(old), stored(new)
    article = make_article(hero_image=old)
    with reversion.create_revision():
        reversion.add_to_revision(article)
    Article.objects.filter(pk=article.pk).update(hero_image=new)

    prune()

    assert exists([old, new]) == [old, new]


def test_a_card_only_an_older_revision_names_is_deleted_and_redrawn_by_a_restore(admin_user):
    article = make_article(headline="Talks resume in Geneva")
    pictures_made(article)
    with reversion.create_revision():
        reversion.add_to_revision(article)
    [original] = Version.objects.get_for_object(article)
    old_card = article.social_image.name
    article.headline = "Talks collapse in Geneva"
    article.save()
    pictures_made(article)
    os.utime(default_storage.path(old_card), (time.time() - TEN_DAYS,) * 2)

    prune()

    assert exists([old_card, article.social_image.name]) == [article.social_image.name]
    restore_version(article, original, user=admin_user)
    pictures_made(article)
    assert article.social_image.name == old_card
    assert exists([old_card]) == [old_card]


def test_pictures_named_in_markdown_author_photos_and_social_cards_are_kept():
    in_body = stored(picture_name("uploads", "e", "800x600"))
    in_page = stored(picture_name("uploads", "f", "800x600", "png"))
    photo = stored(picture_name("authors", "1", "400x400"))
    orphan_card = stored("social/33/" + "3" * 32 + ".jpg")
    article = pictures_made(make_article(body=f"Text.\n\n![Quay](/media/{in_body})"))
    card = article.social_image.name  # Drawn after the article was saved, aged here.
    os.utime(default_storage.path(card), (time.time() - TEN_DAYS,) * 2)
    make_page(body=f"![Office]({in_page})")
    make_author(photo=photo)

    prune()

    assert exists([in_body, in_page, photo, card]) == [in_body, in_page, photo, card]
    assert exists([orphan_card]) == []


def test_recent_files_and_files_under_other_names_are_left_alone():
    recent = stored(picture_name("uploads", "4", "800x600"), age=3600)
    legacy = stored("heroes/harbour-at-dawn.jpg")
    stranger = stored(picture_name("heroes", "5")[:-4] + ".gif")
    by_hand = stored("renditions/heroes/harbour-at-dawn-480w.webp")
    others = [legacy, stranger, by_hand]

    output = prune()

    assert exists([recent, *others]) == [recent, *others]
    assert "1 unused file(s) younger than 7 day(s) left alone" in output
    prune("--older-than", "0")
    assert exists([recent, *others]) == others


def test_an_old_unused_picture_uploaded_again_waits_out_the_grace_period_anew():
    # Equal pictures share one file: the upload reuses the old one for a draft not saved yet.
    png = BytesIO()
    Image.new("RGB", (40, 20), "navy").save(png, "PNG")
    picture = clean_image(ContentFile(png.getvalue(), name="quay.png"))
    name = store_image(picture, folder="uploads", renditions=False)
    os.utime(default_storage.path(name), (time.time() - TEN_DAYS,) * 2)

    assert store_image(picture, folder="uploads", renditions=False) == name
    prune()

    assert exists([name]) == [name]


def test_renditions_of_widths_no_longer_made_are_deleted(settings):
    name, *renditions = stored_with_renditions(picture_name("heroes", "6"))
    make_article(hero_image=name)
    settings.NEWSROOM_IMAGE_RENDITION_WIDTHS = (480, 1600)

    prune()

    kept = [file_name for file_name in renditions if "-960w." not in file_name]
    assert exists([name, *renditions]) == [name, *kept]
    assert len(kept) == len(renditions) - 2


def test_a_dry_run_lists_and_deletes_nothing():
    orphan = stored_with_renditions(picture_name("heroes", "7"))

    output = prune("--dry-run")

    assert exists(orphan) == orphan
    assert orphan[0] in output
    assert f"Would delete {len(orphan)} unused file(s)" in output


def test_a_negative_grace_period_is_refused():
    with pytest.raises(CommandError, match="--older-than must be 0 or more days"):
        prune("--older-than", "-1")
