"""Pictures keep their rights and their colours: IPTC and XMP rights read on upload, stored,
and written into every file made from the picture while GPS and camera serials stay out;
Display-P3 and Adobe RGB pictures converted to sRGB through their profiles."""

import io
import struct
from pathlib import Path

import extruct
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from articles.images import clean_image, crops_for, renditions_for
from articles.images.rights import PictureRights, read_rights, xmp_rights
from tests.factories import make_article, pictures_made

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
SERIAL = "SERIAL-0042"
LATITUDE = (51.0, 30.0, 15.0)

IPTC_RIGHTS = {
    (2, 80): "Jane Doe",  # By-line
    (2, 110): "Jane Doe / Agency",  # Credit
    (2, 115): "Agency Photos",  # Source
    (2, 116): "© 2026 Agency Photos Ltd",  # Copyright Notice
}

XMP_WITH_PRIVATE_PARTS = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
    'exif:GPSLatitude="51,30.25N" aux:SerialNumber="CAM-998877" '
    'xmpRights:WebStatement="https://agency.example/licence">'
    "<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>"
    '<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">Editorial use only'
    "</rdf:li></rdf:Alt></xmpRights:UsageTerms>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
).encode()


def iim(fields):
    """An IPTC IIM block of record-2 datasets."""
    return b"".join(
        b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(value.encode())) + value.encode()
        for (record, dataset), value in fields.items()
    )


def with_iptc(jpeg, fields):
    """The JPEG with an APP13 Photoshop segment holding an IPTC block, as picture desks'
    tools write it."""
    data = iim(fields)
    data += b"\x00" * (len(data) % 2)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(data))
    payload = b"Photoshop 3.0\x00" + resource + data
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def camera_jpeg(size=(2400, 1600), **save_options):
    """A photo as a camera and a picture desk leave it: GPS and a serial in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0xA431] = SERIAL
    exif[GPS_IFD] = {1: "N", 2: LATITUDE, 3: "E", 4: (0.0, 7.0, 39.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG", exif=exif, **save_options)
    return buffer.getvalue()


def upload(content, name="photo.jpg"):
    return SimpleUploadedFile(name, content, "image/jpeg")


def files_made_from(article):
    """The stored lead picture, every rendition and crop, and the social card."""
    name = article.hero_image.name
    names = [name, article.social_image.name]
    for rendition in renditions_for(name):
        names += [rendition.webp_name, rendition.fallback_name]
    names += [crop.name for crop in crops_for(name)]
    return names


def test_iptc_rights_go_into_every_file_and_gps_and_serials_never_do(settings):
    photo = with_iptc(camera_jpeg(), IPTC_RIGHTS)
    assert SERIAL.encode() in photo

    article = make_article(hero_image=upload(photo), hero_alt="A harbour at dawn")
    pictures_made(article)

    names = files_made_from(article)
    assert len(names) >= 10  # Picture, 3 widths × 2 formats, 3 crops, social card.
    for name in names:
        raw = Path(settings.MEDIA_ROOT, name).read_bytes()
        with Image.open(io.BytesIO(raw)) as picture:
            assert read_rights(picture) == PictureRights(
                creator="Jane Doe",
                credit_line="Jane Doe / Agency",
                source="Agency Photos",
                copyright_notice="© 2026 Agency Photos Ltd",
            ), name
            assert GPS_IFD not in picture.getexif(), name
            assert not picture.getexif(), name
        assert SERIAL.encode() not in raw, name
        assert b"Canon" not in raw, name


def test_xmp_rights_are_kept_and_its_private_parts_dropped(settings):
    photo = camera_jpeg(xmp=XMP_WITH_PRIVATE_PARTS)

    article = make_article(hero_image=upload(photo), hero_alt="A harbour at dawn")
    pictures_made(article)

    for name in files_made_from(article):
        raw = Path(settings.MEDIA_ROOT, name).read_bytes()
        with Image.open(io.BytesIO(raw)) as picture:
            rights = read_rights(picture)
        assert rights.usage_terms == "Editorial use only", name
        assert rights.license_url == "https://agency.example/licence", name
        assert rights.creator == "Jane Doe", name
        assert b"CAM-998877" not in raw and b"GPSLatitude" not in raw, name


def test_rights_are_stored_with_the_story_and_fill_an_empty_credit():
    article = make_article(hero_image=upload(with_iptc(camera_jpeg(), IPTC_RIGHTS)), hero_alt="x")

    article.refresh_from_db()
    assert article.hero_rights["copyright_notice"] == "© 2026 Agency Photos Ltd"
    assert article.hero_credit == "Jane Doe / Agency"


def test_an_editors_credit_is_never_overwritten_by_the_pictures():
    article = make_article(
        hero_image=upload(with_iptc(camera_jpeg(), IPTC_RIGHTS)),
        hero_alt="x",
        hero_credit="Staff photographer",
    )

    article.refresh_from_db()
    assert article.hero_credit == "Staff photographer"


def test_a_picture_without_rights_carries_no_metadata_at_all():
    image = clean_image(upload(camera_jpeg(size=(40, 20))))

    assert image.rights == PictureRights()
    with Image.open(io.BytesIO(image.content)) as picture:
        assert "xmp" not in picture.info
        assert not picture.getexif()


def test_malformed_xmp_is_ignored_not_fatal():
    broken = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><dc:creator>Jane</x:xmpmeta>'
    image = clean_image(upload(camera_jpeg(size=(40, 20), xmp=broken)))

    assert image.rights == PictureRights()


def test_an_xml_bomb_in_xmp_is_never_expanded():
    bomb = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&lol2;</x:xmpmeta>'
    )

    assert xmp_rights(bomb) == PictureRights()


def test_the_story_gives_search_engines_the_pictures_rights(client):
    photo = with_iptc(camera_jpeg(xmp=XMP_WITH_PRIVATE_PARTS), IPTC_RIGHTS)
    article = make_article(hero_image=upload(photo), hero_alt="A harbour at dawn")
    pictures_made(article)

    html = client.get(article.get_absolute_url()).content.decode()
    data = extruct.extract(html, base_url="http://testserver", syntaxes=["json-ld"])["json-ld"]
    story = next(entry for entry in data if entry["@type"] == "ReportageNewsArticle")

    for image in story["image"]:
        assert image["creator"] == {"@type": "Person", "name": "Jane Doe"}
        assert image["creditText"] == "Jane Doe / Agency"
        assert image["copyrightNotice"] == "© 2026 Agency Photos Ltd"
        assert image["license"] == "https://agency.example/licence"


# --- Colours -----------------------------------------------------------------------------

# Colorants of two wide-gamut RGB spaces, adapted to the D50 white of the ICC's connection
# space (Apple's Display P3 profile; Adobe RGB (1998) as Adobe publishes it).
DISPLAY_P3 = (
    (0.515121, 0.241196, -0.001053),
    (0.291977, 0.692245, 0.041885),
    (0.157104, 0.066574, 0.784073),
)
ADOBE_RGB = (
    (0.609741, 0.311111, 0.019470),
    (0.205276, 0.625671, 0.060867),
    (0.149185, 0.063217, 0.744568),
)
D50 = (0.964203, 1.0, 0.824905)


def srgb_curve(value):
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def icc_profile(description, colorants, curve):
    """A minimal ICC v2 display profile (matrix and tone curves), as colour-managed
    software reads it: enough to stand for a phone's or camera's own profile."""

    def s15(number):
        return struct.pack(">i", round(number * 65536))

    def xyz(values):
        return b"XYZ \x00\x00\x00\x00" + b"".join(s15(v) for v in values)

    ascii_text = description.encode() + b"\x00"
    desc = (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + b"\x00" * 8
        + b"\x00\x00\x00"
        + b"\x00" * 67
    )
    table = [round(curve(index / 1023) * 65535) for index in range(1024)]
    trc = b"curv\x00\x00\x00\x00" + struct.pack(">I", 1024) + struct.pack(">1024H", *table)
    tags = [
        (b"desc", desc),
        (b"cprt", b"text\x00\x00\x00\x00Public domain test profile\x00"),
        (b"wtpt", xyz(D50)),
        (b"rXYZ", xyz(colorants[0])),
        (b"gXYZ", xyz(colorants[1])),
        (b"bXYZ", xyz(colorants[2])),
        (b"rTRC", trc),
        (b"gTRC", trc),
        (b"bTRC", trc),
    ]
    offset = 128 + 4 + 12 * len(tags)
    directory, data = b"", b""
    for signature, body in tags:
        body += b"\x00" * (-len(body) % 4)
        directory += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"\x00" * 4
        + b"\x02\x10\x00\x00"
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\x00" * 24
        + struct.pack(">I", 0)
        + b"".join(s15(v) for v in D50)
        + b"\x00" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + directory + data


def picture_in(profile, colour, image_format="JPEG"):
    buffer = io.BytesIO()
    options = {"quality": 100, "subsampling": 0} if image_format == "JPEG" else {}
    Image.new("RGB", (64, 64), colour).save(buffer, image_format, icc_profile=profile, **options)
    return buffer.getvalue()


def centre(content):
    with Image.open(io.BytesIO(content)) as picture:
        return picture.convert("RGB").getpixel((32, 32))


def close_to(found, expected, tolerance=4):
    return all(abs(a - b) <= tolerance for a, b in zip(found, expected, strict=True))


def test_the_test_profiles_read_as_colour_profiles():
    profile = ImageCms.ImageCmsProfile(
        io.BytesIO(icc_profile("Display P3", DISPLAY_P3, srgb_curve))
    )
    assert ImageCms.getProfileDescription(profile).strip() == "Display P3"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_a_display_p3_red_stays_red(image_format):
    # (234, 51, 35) in Display-P3 is sRGB's pure red; read as sRGB it would be a dull brick.
    p3 = icc_profile("Display P3", DISPLAY_P3, srgb_curve)
    content = picture_in(p3, (234, 51, 35), image_format)

    image = clean_image(upload(content, name=f"red.{image_format.lower()}"))

    assert close_to(centre(image.content), (255, 0, 0)), centre(image.content)
    with Image.open(io.BytesIO(image.content)) as picture:
        assert "icc_profile" not in picture.info


def test_an_adobe_rgb_green_is_converted_too():
    adobe = icc_profile("Adobe RGB (1998)", ADOBE_RGB, lambda value: value ** (563 / 256))
    # sRGB's pure green, as Adobe RGB writes it.
    content = picture_in(adobe, (144, 255, 60))

    image = clean_image(upload(content))

    assert close_to(centre(image.content), (0, 255, 0), tolerance=8), centre(image.content)


def test_an_srgb_picture_keeps_its_pixels():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = picture_in(srgb, (234, 51, 35))

    assert close_to(centre(clean_image(upload(content)).content), (234, 51, 35), tolerance=2)


def test_a_cmyk_picture_becomes_rgb():
    buffer = io.BytesIO()
    Image.new("CMYK", (64, 64), (0, 255, 255, 0)).save(buffer, "JPEG", quality=100)

    image = clean_image(upload(buffer.getvalue()))

    assert close_to(centre(image.content), (255, 0, 0), tolerance=6), centre(image.content)


def test_a_broken_profile_is_ignored_not_fatal():
    content = picture_in(b"not a colour profile at all", (10, 20, 30))

    assert close_to(centre(clean_image(upload(content)).content), (10, 20, 30), tolerance=2)
