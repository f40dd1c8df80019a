"""Pictures in other colour spaces (Display-P3 from phones, Adobe RGB and CMYK from cameras
and agencies) turned into sRGB, the space browsers assume for a picture without a profile,
before their profile is dropped: otherwise a P3 red would be shown as a duller sRGB one, and
a CMYK picture in inverted, muddy colours."""

import logging
from io import BytesIO

from PIL import ImageCms

logger = logging.getLogger(__name__)

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def to_srgb(picture):
    """`picture` with its pixels in sRGB: converted through its embedded ICC profile when
    it has one (other than sRGB), and a CMYK picture without one by Pillow's formula. A
    profile that cannot be read is ignored: the pixels are then taken as sRGB."""
    icc = picture.info.get("icc_profile")
    if picture.mode not in ("RGB", "RGBA", "CMYK"):
        return picture
    if not icc:
        return picture.convert("RGB") if picture.mode == "CMYK" else picture
    try:
        profile = ImageCms.ImageCmsProfile(BytesIO(icc))
        if is_srgb(profile):
            return picture
        output_mode = "RGBA" if picture.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            picture,
            profile,
            SRGB,
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode=output_mode,
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        logger.info("Unusable ICC profile ignored", exc_info=True)
        return picture.convert("RGB") if picture.mode == "CMYK" else picture
    return converted


def is_srgb(profile):
    description = ImageCms.getProfileDescription(profile) or ""
    return "srgb" in description.lower().replace(" ", "")
