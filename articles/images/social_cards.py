"""Social cards: the 1200×630 picture shared links show, the hero cropped or a typographic card.

A card's name changes exactly when what it shows changes, so saves redraw only what moved.
"""

import hashlib
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont, ImageOps

from .cleaning import image_bytes
from .rights import NO_RIGHTS, read_rights
from .storing import record_new_file

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
SOCIAL_CARD_SIZE = (1200, 630)
# Bump when the card's design changes, so `regenerate_renditions` and saves redraw them all.
SOCIAL_CARD_DESIGN = "1"
# From static/css/site.css: paper, ink, muted, accent.
PAPER, INK, MUTED, ACCENT = "#fbf9f4", "#141414", "#5e5850", "#9b1b30"


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

    Returns True when the field changed or the card was redrawn. A card missing from storage
    is drawn again: cards only older versions name are pruned (prune_media), and a restore
    brings such a name back.
    """
    name = social_card_name(article)
    storage = article.social_image.storage
    exists = storage.exists(name)
    if article.social_image.name == name and exists and not force:
        return False
    if force or not exists:
        content = draw_social_card(article)
        if exists:
            storage.delete(name)
        saved_name = storage.save(name, ContentFile(content))
        if not exists:
            record_new_file(storage, saved_name)
    article.social_image = name
    return True


def draw_social_card(article):
    """JPEG bytes: the hero cropped to 1200×630 (carrying its rights), or a typographic
    card without one."""
    hero = None
    rights = NO_RIGHTS
    if article.hero_image:
        try:
            with article.hero_image.storage.open(article.hero_image.name) as stored:
                hero = Image.open(BytesIO(stored.read()))
                hero.load()
                rights = read_rights(hero)
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
    return image_bytes(card, "JPEG", progressive=False, rights=rights)


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
