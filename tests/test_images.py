"""Pictures: one validation path for every upload, clean re-encoding, renditions, social cards."""

import base64
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template import engines
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect
from pytest_django.asserts import assertContains

from articles import images
from articles.forms import ArticleAdminForm
from articles.images import clean_image, renditions_for
from articles.markdown import render_markdown
from articles.models import Article, Author
from tests.browser import PASSWORD, chromium, log_in
from tests.factories import make_article, make_author, make_section, make_user, pictures_made

pytestmark = pytest.mark.django_db

UPLOAD = reverse("markdownx_upload")
AUTHOR_ADD = reverse("admin:articles_author_add")
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(*, size=(40, 20), image_format="PNG", color="navy", **save_options):
    buffer = io.BytesIO()
    mode = "RGBA" if image_format in ("PNG", "WEBP") and save_options.pop("alpha", False) else "RGB"
    Image.new(mode, size, color).save(buffer, image_format, **save_options)
    return buffer.getvalue()


def noisy_png(size=(64, 64)):
    """A PNG that does not compress: a few kilobytes even when small."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 100).save(buffer, "PNG")
    return buffer.getvalue()


def upload(content=None, *, name="picture.png", content_type="image/png"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type)


def camera_jpeg(*, size=(40, 20)):
    """A JPEG as a phone writes it: turned sideways (Orientation 6), with GPS and a serial."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Canon"
    exif[0xA431] = "SERIAL-0042"
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 15.0), 3: "E", 4: (0.0, 7.0, 39.0)}
    return image_bytes(size=size, image_format="JPEG", exif=exif)


def squeezed(html):
    """The markup with each run of whitespace made one space, as a browser reads it."""
    return " ".join(html.split())


def stored_files(settings):
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def open_stored(field_file):
    with field_file.storage.open(field_file.name) as stored:
        picture = Image.open(io.BytesIO(stored.read()))
        picture.load()
    return picture


def tiny_pixel_limit(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 100


def small_byte_limit(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 200


# Each kind of file the one validation path must refuse: (name, bytes, settings override).
BAD_FILES = {
    "empty": ("empty.png", b"", None),
    "truncated": ("cut.jpg", image_bytes(size=(200, 200), image_format="JPEG")[:400], None),
    "text-named-jpg": ("notes.jpg", b"Meeting notes: the minister arrives at 10.\n" * 5, None),
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        None,
    ),
    "svg-named-png": ("logo.png", b'<?xml version="1.0"?><svg></svg>', None),
    "polyglot": ("cat.png", image_bytes() + b"<script>alert(document.cookie)</script>", None),
    "php-polyglot": (
        "cat.jpg",
        image_bytes(image_format="JPEG") + b"<?php system($_GET[1]);",
        None,
    ),
    "over-byte-limit": ("big.png", noisy_png(), small_byte_limit),
    "decompression-bomb": ("bomb.png", image_bytes(size=(20, 20)), tiny_pixel_limit),
    "unsupported-format": ("scan.bmp", image_bytes(image_format="BMP"), None),
}


@pytest.fixture(params=list(BAD_FILES), ids=list(BAD_FILES))
def bad_file(request, settings):
    name, content, override = BAD_FILES[request.param]
    if override:
        override(settings)
    return SimpleUploadedFile(name, content, content_type="image/png")


def staff_uploader(*, codenames=("change_article",)):
    user = make_user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return user


def hero_form(hero_image, **fields):
    data = {
        "headline": "Storm damage",
        "slug": "storm-damage",
        "body": "Trees fell.",
        "status": Article.Status.DRAFT,
        "hero_alt": "A fallen oak across a road",
        **fields,
    }
    return ArticleAdminForm(data=data, files={"hero_image": hero_image})


# ---- The validation path ----------------------------------------------------------------


def test_each_bad_file_is_refused_with_a_message(bad_file):
    with pytest.raises(ValidationError) as refused:
        clean_image(bad_file)
    assert refused.value.messages[0].strip()


def test_svg_is_refused_as_a_text_file():
    with pytest.raises(ValidationError, match="SVG"):
        clean_image(SimpleUploadedFile("logo.svg", BAD_FILES["svg"][1]))


def test_polyglot_is_refused_for_hiding_script():
    with pytest.raises(ValidationError, match="script"):
        clean_image(SimpleUploadedFile("cat.png", BAD_FILES["polyglot"][1]))


def test_decompression_bomb_is_refused_before_decoding(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 100
    with pytest.raises(ValidationError, match="20×20 pixels"):
        clean_image(upload(image_bytes(size=(20, 20))))


def test_oversized_file_is_refused_by_the_byte_limit(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 200
    with pytest.raises(ValidationError, match="at most 200"):
        clean_image(upload(noisy_png()))


def test_gps_and_camera_serial_are_stripped_and_orientation_applied(settings):
    article = make_article(
        hero_image=upload(camera_jpeg(size=(40, 20)), name="IMG_0042.jpg"),
        hero_alt="A street",
    )

    stored = open_stored(article.hero_image)
    assert stored.size == (20, 40)  # Orientation 6: turned a quarter, so width and height swap
    assert stored.format == "JPEG"
    exif = stored.getexif()
    assert GPS_IFD not in exif
    assert ORIENTATION not in exif
    raw = Path(settings.MEDIA_ROOT, article.hero_image.name).read_bytes()
    assert b"SERIAL-0042" not in raw
    assert b"Canon" not in raw


def test_photo_with_xml_metadata_is_accepted_and_the_metadata_dropped():
    xmp = b'<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/">Jane Doe</x:xmpmeta>'
    photo = image_bytes(image_format="JPEG", xmp=xmp)
    assert b"Jane Doe" in photo

    image = clean_image(upload(photo, name="edited.jpg"))

    assert b"Jane Doe" not in image.content


def test_stored_name_is_a_content_hash_not_the_uploaders_file_name():
    article = make_article(
        hero_image=upload(name="../../Maria Kovalenko home.png"), hero_alt="A street"
    )

    assert re.fullmatch(r"heroes/[0-9a-f]{2}/[0-9a-f]{32}-40x20\.png", article.hero_image.name)


def test_the_same_picture_twice_is_stored_once(settings):
    first = make_article(hero_image=upload(name="a.png"), hero_alt="A street")
    second = make_article(hero_image=upload(name="b.png"), hero_alt="A street")

    assert first.hero_image.name == second.hero_image.name


def test_png_named_jpg_is_stored_as_png():
    article = make_article(
        hero_image=upload(image_bytes(), name="photo.jpg", content_type="image/jpeg"),
        hero_alt="A street",
    )

    assert article.hero_image.name.endswith(".png")
    assert open_stored(article.hero_image).format == "PNG"


def test_webp_without_transparency_is_stored_as_jpeg():
    article = make_article(
        hero_image=upload(image_bytes(image_format="WEBP"), name="photo.webp"),
        hero_alt="A street",
    )

    assert article.hero_image.name.endswith(".jpg")
    assert open_stored(article.hero_image).format == "JPEG"


def test_animated_gif_keeps_its_first_frame_as_png():
    frames = [Image.new("RGB", (30, 30), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)

    image = clean_image(upload(buffer.getvalue(), name="clip.gif"))

    stored = Image.open(io.BytesIO(image.content))
    assert stored.format == "PNG"
    assert getattr(stored, "n_frames", 1) == 1
    assert stored.convert("RGB").getpixel((15, 15)) == (255, 0, 0)


# ---- Forms: a clear error, nothing stored -------------------------------------------------


def test_hero_form_refuses_each_bad_file_and_stores_nothing(bad_file, settings):
    form = hero_form(bad_file)

    assert not form.is_valid()
    assert form.errors["hero_image"]
    assert stored_files(settings) == []


def test_hero_form_explains_that_a_renamed_text_file_is_not_a_picture():
    form = hero_form(upload(b"Meeting notes.\n" * 20, name="notes.jpg"))

    assert not form.is_valid()
    assert "not a complete JPEG, PNG, WebP or GIF picture" in form.errors["hero_image"][0]


def test_hero_form_accepts_a_good_picture_and_saving_stores_it_once(settings):
    form = hero_form(upload(camera_jpeg(), name="IMG_1.jpg", content_type="image/jpeg"))
    assert form.is_valid(), form.errors

    article = form.save()

    assert article.hero_image.name.startswith("heroes/")
    assert open_stored(article.hero_image).size == (20, 40)


def test_hero_form_still_requires_alt_text():
    form = hero_form(upload(), hero_alt=" ")

    assert not form.is_valid()
    assert "hero_alt" in form.errors


def test_author_admin_refuses_a_bad_photo_and_stores_nothing(admin_client, bad_file, settings):
    response = admin_client.post(
        AUTHOR_ADD, {"name": "Ana Ruiz", "slug": "ana-ruiz", "photo": bad_file}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    assert not Author.objects.exists()
    assert stored_files(settings) == []


def test_author_admin_stores_the_photo_cropped_square_around_the_centre(admin_client):
    # Blue | red | green, side by side: the centred square is all red.
    picture = Image.new("RGB", (300, 100), "blue")
    picture.paste(Image.new("RGB", (100, 100), "red"), (100, 0))
    picture.paste(Image.new("RGB", (100, 100), "green"), (200, 0))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")

    response = admin_client.post(
        AUTHOR_ADD,
        {"name": "Ana Ruiz", "slug": "ana-ruiz", "photo": upload(buffer.getvalue())},
    )

    assert response.status_code == 302
    stored = open_stored(Author.objects.get().photo).convert("RGB")
    assert stored.size == (100, 100)
    assert {stored.getpixel((x, y)) for x in (2, 50, 97) for y in (2, 50, 97)} == {(255, 0, 0)}


# ---- The editor's upload endpoint ---------------------------------------------------------


def test_upload_endpoint_refuses_each_bad_file_with_400_json(client, bad_file, settings):
    client.force_login(staff_uploader())

    response = client.post(UPLOAD, {"image": bad_file})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["image"][0]
    assert stored_files(settings) == []


def test_upload_endpoint_explains_a_refusal_in_a_comment_the_published_page_drops(client):
    client.force_login(staff_uploader())

    response = client.post(UPLOAD, {"image": upload(b"", name="empty.png")})

    image_code = response.json()["image_code"]
    assert image_code == "<!-- Picture not uploaded: The submitted file is empty. -->"
    assert "Picture not uploaded" not in render_markdown(f"Text.\n\n{image_code}")


def test_a_picture_longer_than_renditions_can_hold_is_refused_with_a_reason():
    # 1 x 20,000 is within the pixel limit, but no WebP rendition can be that long.
    tall = io.BytesIO()
    Image.new("L", (1, 20000)).save(tall, "PNG")

    with pytest.raises(ValidationError, match="neither side may be longer than 16,383"):
        clean_image(SimpleUploadedFile("strip.png", tall.getvalue(), "image/png"))


def test_upload_endpoint_answers_only_posts(client):
    client.force_login(staff_uploader())

    assert client.get(UPLOAD).status_code == 405


def test_upload_endpoint_stores_a_clean_picture_for_staff(client, settings):
    client.force_login(staff_uploader())

    response = client.post(UPLOAD, {"image": upload(camera_jpeg(), name="IMG_9.jpg")})

    assert response.status_code == 200
    image_code = response.json()["image_code"]
    # A paragraph of its own, even when dropped straight after a sentence.
    assert image_code.startswith("\n\n![") and image_code.endswith(")\n\n")
    url = re.search(r"\]\((.+)\)\n\n$", image_code).group(1)
    assert re.fullmatch(r"/media/uploads/[0-9a-f]{2}/[0-9a-f]{32}-20x40\.jpg", url)
    stored = Image.open(Path(settings.MEDIA_ROOT, url.removeprefix("/media/")))
    assert GPS_IFD not in stored.getexif()


def test_upload_endpoint_handles_large_uploads_written_to_a_temporary_file(client, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # Django spools bigger uploads to disk
    client.force_login(staff_uploader())

    response = client.post(UPLOAD, {"image": upload(noisy_png(), name="scan.png")})

    assert response.status_code == 200
    assert "-64x64.png" in response.json()["image_code"]


def test_upload_endpoint_shrinks_body_pictures_to_the_widest_rendition(client, settings):
    client.force_login(staff_uploader())

    response = client.post(UPLOAD, {"image": upload(image_bytes(size=(2000, 500)))})

    assert "-1600x400.png" in response.json()["image_code"]
    assert not Path(settings.MEDIA_ROOT, "renditions").exists()


def test_upload_endpoint_sends_anonymous_visitors_to_log_in(client, settings):
    response = client.post(UPLOAD, {"image": upload()})

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert stored_files(settings) == []


def test_upload_endpoint_refuses_staff_who_cannot_edit(client, settings):
    client.force_login(staff_uploader(codenames=()))

    response = client.post(UPLOAD, {"image": upload()})

    assert response.status_code == 403
    assert stored_files(settings) == []


# ---- Renditions ---------------------------------------------------------------------------


def test_renditions_are_made_at_each_width_in_webp_and_the_original_format(settings):
    article = make_article(
        hero_image=upload(image_bytes(size=(2000, 1000), image_format="JPEG"), name="a.jpg"),
        hero_alt="A street",
    )
    pictures_made(article)

    made = {}
    for rendition in renditions_for(article.hero_image.name):
        for name, image_format in (
            (rendition.webp_name, "WEBP"),
            (rendition.fallback_name, "JPEG"),
        ):
            picture = Image.open(Path(settings.MEDIA_ROOT, name))
            assert picture.format == image_format
            made[(rendition.width, image_format)] = picture.size
    assert made == {
        (480, "WEBP"): (480, 240),
        (480, "JPEG"): (480, 240),
        (960, "WEBP"): (960, 480),
        (960, "JPEG"): (960, 480),
        (1600, "WEBP"): (1600, 800),
        (1600, "JPEG"): (1600, 800),
    }


def test_renditions_never_upscale_a_small_picture():
    name = "heroes/ab/" + "a" * 32 + "-700x350.png"

    assert [(r.width, r.height) for r in renditions_for(name)] == [(480, 240), (700, 350)]


def test_renditions_are_made_once_not_again_on_the_next_save():
    article = make_article(hero_image=upload(image_bytes(size=(1000, 500))), hero_alt="A street")
    pictures_made(article)

    article.body = "A later edit."
    article.save()

    assert images.make_renditions(article.hero_image.name) == 0


# ---- Markup -------------------------------------------------------------------------------


def test_article_page_hero_is_a_picture_with_srcsets_size_and_high_priority(client):
    article = make_article(
        hero_image=upload(image_bytes(size=(2000, 1000), image_format="JPEG"), name="a.jpg"),
        hero_alt="Two officials shake hands",
        hero_caption="The minister is greeted in Minsk.",
        hero_credit="Aisha Rahman / The Newsroom",
    )
    pictures_made(article)
    stem = "/media/renditions/" + article.hero_image.name.rsplit(".", 1)[0]

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        f'<source type="image/webp" srcset="{stem}-480w.webp 480w, {stem}-960w.webp 960w, '
        f'{stem}-1600w.webp 1600w" sizes="(min-width: 60rem) 60rem, 100vw">',
        html=True,
    )
    assertContains(
        response,
        f'<img class="article__image" src="{stem}-960w.jpg" srcset="{stem}-480w.jpg 480w, '
        f'{stem}-960w.jpg 960w, {stem}-1600w.jpg 1600w" sizes="(min-width: 60rem) 60rem, 100vw" '
        'width="1600" height="800" alt="Two officials shake hands" fetchpriority="high">',
        html=True,
    )
    assertContains(response, "The minister is greeted in Minsk.")
    assertContains(response, '<span class="article__credit">Aisha Rahman / The Newsroom</span>')


# The picture macro of the public pages' templates (templates/jinja2/includes/parts.html).
PICTURE = engines["jinja2"].from_string(
    '{% from "includes/parts.html" import picture_of %}{{ picture_of(image, alt="A street") }}'
)


def test_pictures_below_the_fold_load_lazily():
    name = "heroes/ab/" + "a" * 32 + "-700x350.png"
    template = PICTURE

    html = squeezed(template.render({"image": Article(hero_image=name).hero_image}))

    assert 'loading="lazy"' in html
    assert 'decoding="async"' in html
    assert 'width="700" height="350"' in html


def test_rendering_a_picture_reads_no_files(monkeypatch):
    name = "heroes/ab/" + "a" * 32 + "-700x350.png"
    field_file = Article(hero_image=name).hero_image

    def no_file_access(*args, **kwargs):
        raise AssertionError("rendering touched a file")

    monkeypatch.setattr(field_file.storage, "exists", no_file_access)
    monkeypatch.setattr(field_file.storage, "open", no_file_access)
    monkeypatch.setattr(Image, "open", no_file_access)
    template = PICTURE

    assert "-700w.webp" in template.render({"image": field_file})


def test_pictures_stored_before_renditions_fall_back_to_a_plain_img():
    template = PICTURE

    html = squeezed(template.render({"image": Article(hero_image="heroes/old.jpg").hero_image}))

    assert '<img src="/media/heroes/old.jpg" alt="A street" loading="lazy"' in html
    assert "srcset" not in html


def test_no_picture_renders_no_markup():
    template = PICTURE

    assert template.render({"image": Article().hero_image}).strip() == ""


def test_author_page_shows_the_square_portrait(client):
    author = make_author(
        name="Maria Kovalenko", photo=upload(image_bytes(size=(600, 400))), profile_public=True
    )
    pictures_made(author)

    response = client.get(author.get_absolute_url())

    html = squeezed(response.content.decode())
    assert '<img class="profile__photo" src="/media/renditions/authors/' in html
    assert 'width="400" height="400" alt="Portrait of Maria Kovalenko"' in html


# ---- Social cards -------------------------------------------------------------------------


def test_article_without_hero_gets_a_1200_by_630_card():
    article = make_article(headline="Talks resume in Geneva", section=make_section(name="World"))
    pictures_made(article)

    card = open_stored(article.social_image)

    assert card.size == (1200, 630)
    assert card.format == "JPEG"
    assert card.getpixel((600, 5)) == pytest.approx((155, 27, 48), abs=12)  # the accent rule


def test_article_with_hero_gets_its_hero_cropped_to_1200_by_630():
    article = make_article(
        hero_image=upload(image_bytes(size=(800, 800), color="green")), hero_alt="A field"
    )
    pictures_made(article)

    card = open_stored(article.social_image)

    assert card.size == (1200, 630)
    assert card.getpixel((600, 315)) == pytest.approx((0, 128, 0), abs=12)


def test_transparent_hero_sits_on_the_paper_colour_in_its_card():
    article = make_article(
        hero_image=upload(image_bytes(color=(0, 0, 0, 0), alpha=True)), hero_alt="A logo"
    )
    pictures_made(article)

    card = open_stored(article.social_image)

    assert card.getpixel((600, 315)) == pytest.approx((251, 249, 244), abs=6)


def test_social_card_changes_when_the_headline_does():
    article = make_article(headline="Talks resume in Geneva")
    pictures_made(article)
    before = article.social_image.name

    article.headline = "Talks collapse in Geneva"
    article.save()

    assert article.social_image.name != before
    assert Article.objects.get().social_image.name == article.social_image.name


def test_social_card_changes_when_the_hero_does():
    article = make_article(hero_image=upload(image_bytes(color="green")), hero_alt="A field")
    pictures_made(article)
    before = article.social_image.name

    article.hero_image = upload(image_bytes(color="blue"))
    article.save()
    pictures_made(article)

    assert article.social_image.name != before
    assert open_stored(article.social_image).getpixel((600, 315)) == pytest.approx(
        (0, 0, 255), abs=12
    )


def test_article_whose_hero_file_is_missing_still_saves_with_a_typographic_card(settings):
    article = make_article(hero_image=upload(), hero_alt="A street")
    pictures_made(article)
    Path(settings.MEDIA_ROOT, article.hero_image.name).unlink()

    article.headline = "A new headline"
    article.save()
    pictures_made(article)

    assert open_stored(article.social_image).size == (1200, 630)


def test_social_card_stays_when_only_the_body_changes(monkeypatch):
    article = make_article(headline="Talks resume in Geneva")
    before = article.social_image.name
    monkeypatch.setattr(
        "articles.images.social_cards.draw_social_card", lambda article: pytest.fail("redrawn")
    )

    article.body = "New paragraph."
    article.save()

    assert Article.objects.get().social_image.name == before


def test_very_long_headline_still_fits_the_card():
    words = "Ministers from both sides agree once more to keep on talking " * 8
    card = images.typographic_card(headline=words, section="World", site_name="The Newsroom")

    assert card.size == (1200, 630)


# ---- regenerate_renditions ----------------------------------------------------------------


def test_regenerate_renditions_rewrites_missing_renditions(settings):
    article = make_article(hero_image=upload(image_bytes(size=(1000, 500))), hero_alt="A street")
    pictures_made(article)
    rendition = Path(settings.MEDIA_ROOT, renditions_for(article.hero_image.name)[0].webp_name)
    rendition.unlink()
    out = io.StringIO()

    call_command("regenerate_renditions", stdout=out)

    assert rendition.exists()
    assert "[1/1] regenerated article" in out.getvalue()


def test_regenerate_renditions_dry_run_writes_nothing(settings):
    article = make_article(hero_image=upload(image_bytes(size=(1000, 500))), hero_alt="A street")
    pictures_made(article)
    rendition = Path(settings.MEDIA_ROOT, renditions_for(article.hero_image.name)[0].webp_name)
    rendition.unlink()
    out = io.StringIO()

    call_command("regenerate_renditions", "--dry-run", stdout=out)

    assert not rendition.exists()
    assert "Dry run" in out.getvalue()


def test_regenerate_renditions_retires_cached_pages(monkeypatch):
    make_article()
    retired = []
    monkeypatch.setattr(
        "articles.images.regenerating.content_changed", lambda: retired.append(True)
    )

    call_command("regenerate_renditions", stdout=io.StringIO())

    assert retired == [True]


def test_regenerate_renditions_moves_older_pictures_to_clean_names(settings):
    author = make_author()
    old = Path(settings.MEDIA_ROOT, "authors/portrait.jpg")
    old.parent.mkdir(parents=True)
    old.write_bytes(camera_jpeg(size=(60, 40)))
    Author.objects.filter(pk=author.pk).update(photo="authors/portrait.jpg")

    call_command("regenerate_renditions", stdout=io.StringIO())

    author.refresh_from_db()
    assert re.fullmatch(r"authors/[0-9a-f]{2}/[0-9a-f]{32}-40x40\.jpg", author.photo.name)
    assert GPS_IFD not in open_stored(author.photo).getexif()


def test_regenerate_renditions_reports_a_missing_file_and_fails(settings):
    author = make_author()
    Author.objects.filter(pk=author.pk).update(photo="authors/gone.jpg")
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 picture"):
        call_command("regenerate_renditions", stdout=io.StringIO(), stderr=err)

    assert "gone" in err.getvalue() or "author" in err.getvalue()


# ---- In the browser: the editor's drag and drop --------------------------------------------

# Drops a file on the body editor as a browser does when a picture is dragged onto it.
DROP_FILE = """([name, base64, type]) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type}));
    document.querySelector("#id_body").dispatchEvent(
        new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true})
    );
}"""


@pytest.fixture
def editor_page(live_server):
    """A headless Chromium tab logged in to the admin as a superuser, on the add form."""
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    with chromium() as browser:
        page = browser.new_page()
        log_in(page, live_server, "editor")
        page.goto(f"{live_server.url}/admin/articles/article/add/")
        yield page


@pytest.mark.browser
def test_picture_dropped_on_the_body_is_stored_clean_and_linked(editor_page, settings):
    photo = base64.b64encode(camera_jpeg()).decode()

    editor_page.evaluate(DROP_FILE, ["IMG_0042.jpg", photo, "image/jpeg"])

    expect(editor_page.locator("#id_body")).to_have_value(
        re.compile(r"!\[Describe the picture\]\(/media/uploads/\w\w/\w{32}-20x40\.jpg\)")
    )
    (stored,) = stored_files(settings)
    assert GPS_IFD not in Image.open(stored).getexif()


@pytest.mark.browser
def test_polyglot_dropped_on_the_body_is_refused_and_nothing_stored(editor_page, settings):
    refusals = []
    editor_page.on("response", lambda response: refusals.append(response.status))
    polyglot = base64.b64encode(BAD_FILES["polyglot"][1]).decode()

    editor_page.evaluate(DROP_FILE, ["cat.png", polyglot, "image/png"])

    expect(editor_page.locator("#id_body")).to_have_value(
        re.compile(r"^<!-- Picture not uploaded: This file hides web page or script code.* -->")
    )
    assert 400 in refusals
    assert stored_files(settings) == []


# A failed save leaves no files behind


def test_files_a_failed_block_stored_are_deleted_renditions_included(settings):
    with pytest.raises(RuntimeError), images.files_kept_only_on_success():
        author = make_author(photo=upload(image_bytes(size=(900, 900))))
        images.make_author_photo(author)
        assert len(stored_files(settings)) > 1  # the picture and its renditions
        raise RuntimeError("the save failed after the photo was stored")

    assert stored_files(settings) == []


def test_files_stored_before_a_failed_block_are_kept(settings):
    make_author(photo=upload())
    before = sorted(stored_files(settings))

    with pytest.raises(RuntimeError), images.files_kept_only_on_success():
        # The same picture again: already stored, so nothing new to delete.
        make_author(photo=upload())
        raise RuntimeError("the save failed")

    assert sorted(stored_files(settings)) == before


def test_files_a_successful_block_stored_are_kept(settings):
    with images.files_kept_only_on_success():
        author = make_author(photo=upload())

    assert author.photo.storage.exists(author.photo.name)


def test_an_inner_block_that_succeeds_hands_its_files_to_the_outer_one(settings):
    with pytest.raises(RuntimeError), images.files_kept_only_on_success():
        with images.files_kept_only_on_success():
            make_author(photo=upload())
        raise RuntimeError("the outer save failed")

    assert stored_files(settings) == []


def test_a_social_card_drawn_in_a_failed_block_is_deleted(settings):
    with pytest.raises(RuntimeError), images.files_kept_only_on_success():
        article = make_article(headline="Talks resume")
        images.make_article_pictures(article)
        assert article.social_image.storage.exists(article.social_image.name)
        raise RuntimeError("the save failed")

    assert stored_files(settings) == []


# --- Renditions and social cards are a job's work (issue 22) ------------------------------


def queued(task_path):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task_path, status="READY")


def test_a_save_stores_the_picture_and_leaves_renditions_and_card_to_a_job(client, settings):
    article = make_article(
        hero_image=upload(image_bytes(size=(2000, 1000), image_format="JPEG"), name="a.jpg"),
        hero_alt="A street",
    )

    # The form returned with only the clean picture stored: no rendition, crop or card yet.
    assert [
        path.relative_to(settings.MEDIA_ROOT).as_posix() for path in stored_files(settings)
    ] == [article.hero_image.name]
    assert (article.pictures_ready, article.social_image.name) == (False, "")
    assert queued("articles.jobs.make_article_pictures").count() == 1
    page = client.get(article.get_absolute_url()).content.decode()
    # Meanwhile the page shows the picture itself at its own size, and shares it.
    assert (
        f'<img class="article__image" src="/media/{article.hero_image.name}" '
        'width="2000" height="1000"' in " ".join(page.split())
    )
    assert "/media/renditions/" not in page
    assert (
        f'<meta property="og:image" content="http://testserver/media/{article.hero_image.name}">'
        in page
    )

    pictures_made(article)

    assert article.pictures_ready
    assert all(
        article.hero_image.storage.exists(name)
        for rendition in renditions_for(article.hero_image.name)
        for name in (rendition.webp_name, rendition.fallback_name)
    )
    assert open_stored(article.social_image).size == (1200, 630)
    page = client.get(article.get_absolute_url()).content.decode()  # the cached page retired
    assert "/media/renditions/" in page
    assert f'content="http://testserver/media/{article.social_image.name}"' in page


def test_a_save_whose_pictures_all_exist_queues_nothing():
    article = pictures_made(make_article(hero_image=upload(), hero_alt="A street"))
    queued("articles.jobs.make_article_pictures").delete()

    article.body = "A new paragraph."
    article.save()

    assert article.pictures_ready
    assert not queued("articles.jobs.make_article_pictures").exists()


def test_a_job_for_an_older_version_of_the_story_does_not_mark_the_newer_one_ready(
    monkeypatch,
):
    from articles.jobs import make_article_pictures

    article = make_article(headline="Talks resume", hero_image=upload(), hero_alt="A street")
    draw = images.make_article_pictures

    def draw_while_an_editor_saves(drawn):
        draw(drawn)
        Article.objects.filter(pk=drawn.pk).update(headline="Talks collapse")

    monkeypatch.setattr(images, "make_article_pictures", draw_while_an_editor_saves)

    result = make_article_pictures.call(article.pk)

    assert result == {"status": "changed since"}
    assert not Article.objects.get(pk=article.pk).pictures_ready


def test_a_picture_gone_from_storage_fails_its_job_for_good_and_stays_unready(settings):
    from newsroom.jobs import failed_for_good

    article = make_article(hero_image=upload(image_bytes(size=(900, 600))), hero_alt="A street")
    author = make_author(photo=upload(image_bytes(size=(900, 900))))
    Path(settings.MEDIA_ROOT, article.hero_image.name).unlink()
    Path(settings.MEDIA_ROOT, author.photo.name).unlink()

    pictures_made(article)
    author.refresh_from_db()

    # Failed once, visibly, with no retry queued: trying again cannot bring the file back.
    failed = {row.task_path: row.exception_class_path for row in failed_for_good()}
    assert failed == {
        "articles.jobs.make_article_pictures": "builtins.FileNotFoundError",
        "articles.jobs.make_author_photo": "builtins.FileNotFoundError",
    }
    assert not queued("articles.jobs.make_article_pictures").exists()
    # Pages never name renditions that were not made.
    assert not article.pictures_ready
    assert not author.photo_ready


def test_a_portraits_renditions_are_a_jobs_work_and_the_page_shows_it_meanwhile(client):
    author = make_author(photo=upload(image_bytes(size=(900, 900))), profile_public=True)
    assert not author.photo_ready
    page = client.get(author.get_absolute_url()).content.decode()
    assert f'src="/media/{author.photo.name}"' in page
    assert "/media/renditions/" not in page

    pictures_made(author)

    assert author.photo_ready
    assert "/media/renditions/authors/" in client.get(author.get_absolute_url()).content.decode()
