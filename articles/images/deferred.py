"""The pictures a save leaves to a background job: renditions, crops and social cards.

A save stores the clean picture itself (the one file the page needs) and asks a job
(articles/jobs.py: make_article_pictures, make_author_photo) for the rest, so the editor's
form returns at once. Until the job has run, the record says its pictures are not ready and
pages show the stored original at its own size (templating.picture), never a rendition or
card that is not there yet.
"""

from .social_cards import refresh_social_image, social_card_name
from .storing import make_renditions, renditions_to_make


def article_pictures_in_place(article):
    """Whether the hero's renditions and crops and the article's social card all exist.

    Points article.social_image at the card when it exists, and at nothing while it does not,
    so pages fall back to the hero (or the site's picture) instead of a missing file.
    """
    card = social_card_name(article)
    storage = article.social_image.storage
    card_exists = storage.exists(card)
    article.social_image = card if card_exists else ""
    hero = article.hero_image
    return card_exists and not (hero and renditions_to_make(hero.name, storage=hero.storage))


def make_article_pictures(article):
    """Write what article_pictures_in_place() found missing, pointing article.social_image
    at the card."""
    hero = article.hero_image
    if hero:
        # A picture missing from storage raises FileNotFoundError: the job fails for good,
        # in the admin's Task Results, and pages keep showing no rendition of it.
        make_renditions(hero.name, storage=hero.storage)
    refresh_social_image(article)


def photo_in_place(author):
    """Whether an author's portrait has all its renditions (or there is no portrait)."""
    photo = author.photo
    return not (photo and renditions_to_make(photo.name, storage=photo.storage))


def make_author_photo(author):
    """Write the missing renditions of an author's portrait."""
    photo = author.photo
    if photo:
        make_renditions(photo.name, storage=photo.storage)
