"""Pictures: the one path every upload takes, the renditions pages use, and social cards.

Every picture (hero image, author photo, image dropped into a body) goes through
clean_image(): it must decode fully as a JPEG, PNG, WebP or GIF within the byte and pixel
limits, and is re-encoded from its pixels, so the stored file carries no EXIF, GPS, camera
serial, ICC profile or bytes smuggled after the image data: only the picture's rights
(rights.py), which every rendition and social card carries too. Colours are converted to
sRGB through the picture's ICC profile first (colour.py). Stored names come from a hash
of the re-encoded bytes plus the picture's size (``heroes/ab/ab12…-1600x1067.jpg``): never
the uploader's file name, and templates read the dimensions from the name, so rendering a
page needs no file access and no Pillow at all.

Formats: JPEG stays JPEG; PNG and GIF become PNG (lossless); WebP becomes JPEG, or PNG when
it has transparency, so the fallback <img> works in every browser. Animated GIFs and WebPs
keep their first frame only: a moving picture cannot carry a caption or alt text reliably,
and the stills are what renditions and social cards can be made from.

- cleaning.py: clean_image() and the re-encoding behind it.
- storing.py: storing clean pictures, and their renditions; files_kept_only_on_success(),
  which deletes what a failed save stored.
- rights.py: the IPTC and XMP rights a picture keeps (creator, credit, copyright, terms).
- colour.py: pictures in other colour spaces converted to sRGB before their profile goes.
- social_cards.py: drawing and naming each article's social card.
- deferred.py: the renditions and social cards a save leaves to a background job.
- body_images.py: the editor's upload of pictures into a Markdown body.
- regenerating.py: rewriting every rendition and social card (`regenerate_renditions`).
- pruning.py: deleting the files nothing names any more (`prune_media`).

The public names are imported here, so `articles.images` stays the one place to import them
from.
"""

from .body_images import BodyImageForm, BodyImageUploadView
from .cleaning import NOT_A_PICTURE, CleanImage, CleanImageFile, clean_image
from .deferred import (
    article_pictures_in_place,
    make_article_pictures,
    make_author_photo,
    photo_in_place,
)
from .pruning import delete_unused, find_unused
from .regenerating import regenerate_all, regenerate_picture
from .rights import PictureRights
from .social_cards import (
    draw_social_card,
    refresh_social_image,
    social_card_name,
    typographic_card,
)
from .storing import (
    Crop,
    Rendition,
    clean_upload_for,
    content_type,
    crops_for,
    files_kept_only_on_success,
    largest_version,
    make_renditions,
    renditions_for,
    restore,
    store_image,
    store_upload,
    stored_size,
)

__all__ = [
    "NOT_A_PICTURE",
    "BodyImageForm",
    "BodyImageUploadView",
    "CleanImage",
    "CleanImageFile",
    "Crop",
    "PictureRights",
    "Rendition",
    "article_pictures_in_place",
    "clean_image",
    "clean_upload_for",
    "content_type",
    "crops_for",
    "delete_unused",
    "draw_social_card",
    "files_kept_only_on_success",
    "find_unused",
    "largest_version",
    "make_article_pictures",
    "make_author_photo",
    "make_renditions",
    "photo_in_place",
    "refresh_social_image",
    "regenerate_all",
    "regenerate_picture",
    "renditions_for",
    "restore",
    "social_card_name",
    "store_image",
    "store_upload",
    "stored_size",
    "typographic_card",
]
