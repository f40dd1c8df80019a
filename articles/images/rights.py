"""Who a picture belongs to: its IPTC and XMP rights, read on upload and written back, alone,
into the stored picture, every rendition and the social card.

Read with Pillow, which already decodes every upload: IptcImagePlugin.getiptcinfo() for the
IPTC (IIM) block of a JPEG, and the XMP packet Pillow hands over in `info["xmp"]` (JPEG,
PNG, WebP), parsed with defusedxml, so that a hostile packet cannot expand into an XML bomb.
Written as an XMP packet of these fields alone: Pillow's `xmp` save argument for JPEG and
WebP, an iTXt chunk for PNG. Nothing else of the upload's metadata (EXIF, GPS, camera
serial numbers, editing history) is ever written.
"""

import logging
from dataclasses import asdict, dataclass, fields
from xml.sax.saxutils import escape

from defusedxml import ElementTree
from PIL import IptcImagePlugin

from ..control_characters import CONTROL_CHARACTER

logger = logging.getLogger(__name__)

# The longest value kept of each field: rights are a line or two, never a document.
MAX_LENGTH = 500

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IPTC IIM dataset numbers (record 2) of the fields kept.
IPTC_FIELDS = {
    "creator": (2, 80),  # By-line
    "credit_line": (2, 110),  # Credit
    "source": (2, 115),
    "copyright_notice": (2, 116),
    "usage_terms": (2, 40),  # Special Instructions: where IIM-only tools put the terms
}


@dataclass(frozen=True)
class PictureRights:
    """The rights fields of the IPTC Photo Metadata Standard that travel with a picture."""

    creator: str = ""
    credit_line: str = ""
    copyright_notice: str = ""
    source: str = ""
    usage_terms: str = ""
    license_url: str = ""  # xmpRights:WebStatement: the page that says how it may be used

    def __bool__(self):
        return any(asdict(self).values())

    def as_dict(self):
        """The fields that have a value, for an article's hero_rights."""
        return {name: value for name, value in asdict(self).items() if value}

    @classmethod
    def from_dict(cls, data):
        names = {field.name for field in fields(cls)}
        return cls(**{name: str(value) for name, value in (data or {}).items() if name in names})

    def credit_text(self):
        """The credit a caption gives: the credit line, or the creator with the source."""
        if self.credit_line:
            return self.credit_line
        return " / ".join(part for part in (self.creator, self.source) if part)

    def xmp(self):
        """An XMP packet of these fields alone, as bytes; b"" when there are none."""
        if not self:
            return b""
        items = []
        if self.creator:
            items.append(
                f"<dc:creator><rdf:Seq><rdf:li>{escape(self.creator)}</rdf:li></rdf:Seq></dc:creator>"
            )
        if self.copyright_notice:
            items.append(f"<dc:rights>{alternative(self.copyright_notice)}</dc:rights>")
        if self.credit_line:
            items.append(f"<photoshop:Credit>{escape(self.credit_line)}</photoshop:Credit>")
        if self.source:
            items.append(f"<photoshop:Source>{escape(self.source)}</photoshop:Source>")
        if self.usage_terms:
            items.append(
                f"<xmpRights:UsageTerms>{alternative(self.usage_terms)}</xmpRights:UsageTerms>"
            )
        if self.license_url:
            items.append(
                f"<xmpRights:WebStatement>{escape(self.license_url)}</xmpRights:WebStatement>"
            )
        body = "".join(items)
        return (
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
            f'<rdf:RDF xmlns:rdf="{RDF}">'
            f'<rdf:Description rdf:about="" xmlns:dc="{DC}" xmlns:photoshop="{PHOTOSHOP}" '
            f'xmlns:xmpRights="{XMP_RIGHTS}">{body}</rdf:Description>'
            "</rdf:RDF></x:xmpmeta>"
            '<?xpacket end="r"?>'
        ).encode()


# A picture that carries no rights.
NO_RIGHTS = PictureRights()


def alternative(text):
    """An rdf:Alt of one default-language text, as XMP writes language alternatives."""
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


def cleaned(value):
    """A field's text on one line, without control characters, within MAX_LENGTH."""
    text = " ".join(CONTROL_CHARACTER.sub(" ", value).split())
    return text[:MAX_LENGTH]


def read_rights(picture):
    """The rights an opened (not yet transposed) picture carries: XMP first, as the IPTC
    standard prefers, then the IPTC block for any field XMP leaves empty."""
    from_xmp = xmp_rights(picture.info.get("xmp"))
    from_iptc = iptc_rights(picture)
    return PictureRights(
        **{
            field.name: getattr(from_xmp, field.name) or getattr(from_iptc, field.name)
            for field in fields(PictureRights)
        }
    )


def iptc_rights(picture):
    try:
        iptc = IptcImagePlugin.getiptcinfo(picture) or {}
    except Exception:
        # A damaged IPTC block costs the picture its rights fields, never the upload.
        logger.info("Unreadable IPTC block ignored", exc_info=True)
        return PictureRights()
    found = {}
    for name, key in IPTC_FIELDS.items():
        value = iptc.get(key)
        if isinstance(value, list):  # Repeatable datasets, such as several by-lines.
            value = b", ".join(value)
        if value:
            found[name] = cleaned(decode_iptc(value))
    return PictureRights(**found)


def decode_iptc(value):
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        # IIM without a declared character set is usually Latin-1.
        return value.decode("latin-1")


def xmp_rights(packet):
    """The rights fields of an XMP packet (bytes or text), or none when it cannot be read."""
    if not packet:
        return PictureRights()
    if isinstance(packet, bytes):
        packet = packet.decode("utf-8", errors="replace")
    # Only the XML document itself: the packet wrapper's processing instructions hold a
    # byte-order mark that the parser refuses.
    for opening, closing in (("<x:xmpmeta", "</x:xmpmeta>"), ("<rdf:RDF", "</rdf:RDF>")):
        start, end = packet.find(opening), packet.rfind(closing)
        if start != -1 and end > start:
            document = packet[start : end + len(closing)]
            break
    else:
        return PictureRights()
    try:
        root = ElementTree.fromstring(document)
    except Exception:
        logger.info("Unreadable XMP packet ignored", exc_info=True)
        return PictureRights()
    return PictureRights(
        creator=cleaned(", ".join(values(root, DC, "creator"))),
        copyright_notice=cleaned(first(values(root, DC, "rights"))),
        credit_line=cleaned(first(values(root, PHOTOSHOP, "Credit"))),
        source=cleaned(first(values(root, PHOTOSHOP, "Source"))),
        usage_terms=cleaned(first(values(root, XMP_RIGHTS, "UsageTerms"))),
        license_url=web_address(first(values(root, XMP_RIGHTS, "WebStatement"))),
    )


def values(root, namespace, name):
    """Every value of a property, however XMP spells it: an attribute of rdf:Description,
    a simple element, or an rdf:Seq, rdf:Bag or rdf:Alt of items (default language first)."""
    found = []
    for description in root.iter(f"{{{RDF}}}Description"):
        attribute = description.get(f"{{{namespace}}}{name}")
        if attribute:
            found.append(attribute)
    for element in root.iter(f"{{{namespace}}}{name}"):
        items = list(element.iter(f"{{{RDF}}}li"))
        if not items:
            if element.text and element.text.strip():
                found.append(element.text.strip())
            continue
        items.sort(key=lambda item: item.get(XML_LANG) != "x-default")
        found.extend(item.text.strip() for item in items if item.text and item.text.strip())
    return found


def first(found):
    return found[0] if found else ""


def web_address(value):
    value = cleaned(value)
    return value if value.lower().startswith(("http://", "https://")) else ""
