"""Archived copies as WARC records (warcio, the Webrecorder project's library), kept in the
media storage: written once when a page is captured, read back to replay it.

Each file holds a `response` record (the status line and headers as the server sent them,
then the body, byte for byte) and a `metadata` record beside it (the address that was cited,
each redirect on the way, the SHA-256 of the body). Any WARC tool (pywb, replayweb.page)
opens them too.
"""

import hashlib
import zlib
from base64 import b32encode
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

# Headers about the connection, not the body: kept under another name, as pywb does, so
# that a reader does not try to undo a chunking that was undone when the body was read.
HOP_BY_HOP = {"transfer-encoding", "connection", "keep-alive"}


def fingerprint(body):
    """The SHA-256 of `body`, in hex: what readers compare."""
    return hashlib.sha256(body).hexdigest()


def warc_bytes(fetched, *, sha256):
    """The gzipped WARC file of one fetched page."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    headers = [
        (f"X-Archive-Orig-{name}" if name.lower() in HOP_BY_HOP else name, value)
        for name, value in fetched.headers
    ]
    http_headers = StatusAndHeaders(
        f"{fetched.status} {fetched.reason}", headers, protocol="HTTP/1.1"
    )
    warc_date = datetime_to_iso_date(fetched.fetched_at, use_micros=True)
    response = writer.create_warc_record(
        fetched.final_url,
        "response",
        payload=BytesIO(fetched.body),
        length=len(fetched.body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": warc_date,
            "WARC-IP-Address": fetched.address,
            "WARC-Payload-Digest": "sha256:"
            + b32encode(bytes.fromhex(sha256)).decode().rstrip("="),
        },
    )
    writer.write_record(response)
    fields = [f"requested-url: {fetched.requested_url}"]
    fields += [f"redirect: {status} {url}" for status, url in fetched.redirects]
    fields += [f"final-url: {fetched.final_url}", f"sha256: {sha256}"]
    metadata = "\r\n".join(fields).encode() + b"\r\n"
    writer.write_record(
        writer.create_warc_record(
            fetched.final_url,
            "metadata",
            payload=BytesIO(metadata),
            length=len(metadata),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Date": warc_date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
    )
    return buffer.getvalue()


def store(data, *, key, when):
    """Save a WARC file in the media storage; returns the name it was stored under. The
    name is random: the storage's own address for it is never shown, and withdrawn copies
    stay the newsroom's (deploy/nginx.conf refuses /media/evidence/ besides)."""
    return default_storage.save(f"evidence/{when:%Y/%m}/{key}.warc.gz", ContentFile(data))


@dataclass
class Replay:
    """A copy as read back from its WARC record."""

    status_line: str
    headers: list
    body: bytes  # as it came (what the fingerprint is of)
    sha256: str

    def header(self, name, default=""):
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), default)

    @property
    def is_intact(self):
        """Whether the body still has the fingerprint it was stored with."""
        return fingerprint(self.body) == self.sha256

    def decoded_body(self):
        """The body with any gzip or deflate coding undone (at most the capture limit), or
        None for a coding this cannot undo."""
        coding = self.header("Content-Encoding").strip().lower()
        if coding in ("", "identity"):
            return self.body
        if coding not in ("gzip", "x-gzip", "deflate"):
            return None
        window = zlib.MAX_WBITS | (16 if "gzip" in coding else 0)
        try:
            decoder = zlib.decompressobj(window)
            decoded = decoder.decompress(self.body, settings.NEWSROOM_EVIDENCE_MAX_BYTES)
        except zlib.error:
            return None
        return None if decoder.unconsumed_tail else decoded


def read(copy):
    """The response `copy`'s WARC file holds."""
    with copy.warc_file.open("rb") as warc:
        for record in ArchiveIterator(warc):
            if record.rec_type == "response":
                return Replay(
                    status_line=record.http_headers.statusline,
                    headers=record.http_headers.headers,
                    body=record.raw_stream.read(),
                    sha256=copy.sha256,
                )
    raise ValueError(f"{copy.warc_file.name} holds no response record")
