"""Fetching a cited page without letting the page reach the newsroom's own network.

Only http and https. Every host is resolved here, every address it resolves to must be a
public one (not loopback, private, link-local, multicast, reserved or a cloud's metadata
service), and the connection is made to the address that was checked, with the name kept for
the Host header and for TLS: a DNS answer that changes between the check and the connection
(rebinding) cannot swap it. Redirects are followed here, one hop at a time, each checked the
same way. The body is read up to a size limit and within a time limit, and robots.txt is
honoured unless the source's robots override says otherwise.

Tests serve pages from 127.0.0.1: NEWSROOM_EVIDENCE_ALLOWED_ADDRESSES names the one test
server ("127.0.0.1:8123") that is let through despite being private.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from django.conf import settings
from django.utils import timezone

# Cloud metadata services: never fetched, whatever the allowed addresses say.
METADATA_ADDRESSES = {
    ipaddress.ip_address(address)
    for address in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
}
# IPv6 ranges that carry an IPv4 address a gateway would reach (NAT64): checked as that one.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Lookups that say the name does not exist, as opposed to a resolver that did not answer.
NO_SUCH_NAME = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
READ_CHUNK = 64 * 1024
ROBOTS_MAX_BYTES = 500 * 1024


class FetchRefused(Exception):
    """The address may not be fetched: its scheme, its host's addresses, or robots.txt."""


class FetchFailed(Exception):
    """The address was allowed, but no complete answer came: network, time or size."""


class HostNotFound(FetchFailed):
    """The host name does not resolve (any more)."""


@dataclass
class Fetched:
    """One answer, as it came: the last hop's status, headers and body."""

    requested_url: str
    final_url: str
    status: int
    reason: str
    headers: list  # (name, value) pairs, in the order the server sent them
    body: bytes
    fetched_at: datetime
    address: str  # the IP address the answer came from
    redirects: list = field(default_factory=list)  # (status, url) of each hop before the last

    def header(self, name, default=""):
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), default)

    @property
    def content_type(self):
        return self.header("Content-Type").split(";")[0].strip().lower()


def user_agent():
    return settings.NEWSROOM_EVIDENCE_USER_AGENT


def allowed_exceptions():
    """The test servers let through although private: {(ip, port or None)}."""
    allowed = set()
    for entry in settings.NEWSROOM_EVIDENCE_ALLOWED_ADDRESSES:
        host, port = entry, None
        if entry.startswith("["):  # [::1]:8123
            host, _, rest = entry[1:].partition("]")
            port = int(rest[1:]) if rest.startswith(":") else None
        elif entry.count(":") == 1:  # 127.0.0.1:8123
            host, port = entry.split(":")
            port = int(port)
        allowed.add((ipaddress.ip_address(host), port))
    return allowed


def address_refusal(address, port):
    """Why `address` may not be fetched on `port`, or "" when it may."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo or (None, None))[1]
        if ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            if refusal := address_refusal(str(embedded), port):
                return f"{ip} carries {refusal}"
            ip = embedded
    if ip in METADATA_ADDRESSES:
        return f"{ip} is a cloud metadata service"
    allowed = allowed_exceptions()
    if (ip, port) in allowed or (ip, None) in allowed:
        return ""
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return f"{ip} is a {kind.replace('_', '-')} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return ""


def resolve(host, port):
    """Every address `host` resolves to, each checked: FetchRefused if any is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        if error.errno in NO_SUCH_NAME:
            raise HostNotFound(f"{host} does not resolve ({error.strerror})") from error
        raise FetchFailed(f"{host} could not be looked up ({error.strerror})") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise HostNotFound(f"{host} does not resolve")
    for address in addresses:
        if refusal := address_refusal(address, port):
            raise FetchRefused(f"{host} resolves to {refusal}")
    return addresses


def split_url(url):
    """(scheme, host, port, path with query) of an http(s) URL, or FetchRefused."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https addresses are fetched, not {scheme or url!r}")
    if parts.username or parts.password:
        raise FetchRefused("addresses with a user name or password are not fetched")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise FetchRefused(f"bad port in {url!r}") from error
    host = parts.hostname
    if not host:
        raise FetchRefused(f"no host in {url!r}")
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return scheme, host, port, path


class PinnedConnection(http.client.HTTPConnection):
    """An HTTP connection to the checked `address`, whatever `host` resolves to now."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to the checked `address`, its certificate checked for `host`."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch_once(url, *, deadline, max_bytes):
    """One request, no redirects followed: (response, body, address)."""
    scheme, host, port, path = split_url(url)
    address = resolve(host, port)[0]
    connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedConnection
    timeout = max(0.1, min(settings.NEWSROOM_EVIDENCE_TIMEOUT, deadline - time.monotonic()))
    connection = connection_class(host, port, address=address, timeout=timeout)
    watchdog = response = None
    try:
        connection.connect()
        # Each read has its own timeout; this bounds the whole answer, however slowly it
        # drips. (The socket itself: the connection hands it to the response and forgets it.)
        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), stop, [connection.sock])
        watchdog.start()
        connection.request(
            "GET",
            path,
            headers={
                "User-Agent": user_agent(),
                "Accept": "*/*",
                # The body as the server keeps it: what is fingerprinted is what was sent.
                "Accept-Encoding": "identity",
            },
        )
        response = connection.getresponse()
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchFailed(f"the answer is {int(declared):,} bytes, over {max_bytes:,}")
        body = bytearray()
        while chunk := response.read1(READ_CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise FetchFailed(f"the answer is over {max_bytes:,} bytes")
        if time.monotonic() >= deadline:
            raise FetchFailed("the server took too long to answer")
        return response, bytes(body), address
    except (OSError, http.client.HTTPException) as error:
        if time.monotonic() >= deadline or isinstance(error, TimeoutError):
            raise FetchFailed("the server took too long to answer") from error
        raise FetchFailed(f"the request failed ({error.__class__.__name__}: {error})") from error
    finally:
        if watchdog is not None:
            watchdog.cancel()
        if response is not None:
            response.close()
        connection.close()


def stop(sock):
    """Cut a connection whose time is up: the read waiting on it ends at once."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def fetch(url, *, honour_robots=True, max_bytes=None):
    """GET `url` safely, following up to NEWSROOM_EVIDENCE_MAX_REDIRECTS redirects, each
    hop checked. Raises FetchRefused or FetchFailed; any final status is returned."""
    max_bytes = max_bytes or settings.NEWSROOM_EVIDENCE_MAX_BYTES
    deadline = time.monotonic() + settings.NEWSROOM_EVIDENCE_TOTAL_SECONDS
    redirects = []
    robots_rules = {}
    current = url
    for _ in range(settings.NEWSROOM_EVIDENCE_MAX_REDIRECTS + 1):
        if honour_robots:
            split_url(current)  # a scheme or address refused before robots.txt is asked
            check_robots(current, deadline=deadline, rules=robots_rules)
        response, body, address = fetch_once(current, deadline=deadline, max_bytes=max_bytes)
        location = response.getheader("Location")
        if response.status in REDIRECT_STATUSES and location:
            redirects.append((response.status, current))
            current = urljoin(current, location.strip())
            continue
        return Fetched(
            requested_url=url,
            final_url=current,
            status=response.status,
            reason=response.reason,
            headers=response.getheaders(),
            body=body,
            fetched_at=timezone.now(),
            address=address,
            redirects=redirects,
        )
    raise FetchFailed(f"more than {settings.NEWSROOM_EVIDENCE_MAX_REDIRECTS} redirects")


def check_robots(url, *, deadline, rules):
    """Refuse `url` if its site's robots.txt asks our User-Agent not to fetch it (RFC 9309):
    no robots.txt (a 4xx) allows everything; one that cannot be read (a 5xx, no answer)
    allows nothing for now. `rules` keeps each site's rules for the rest of one fetch."""
    parts = urlsplit(url)
    site = f"{parts.scheme}://{parts.netloc}"
    if site not in rules:
        rules[site] = read_robots(site, deadline=deadline)
    parser = rules[site]
    if parser is not None and not parser.can_fetch(settings.NEWSROOM_EVIDENCE_ROBOTS_NAME, url):
        raise FetchRefused(f"the robots.txt of {parts.netloc} asks crawlers not to fetch this page")


def read_robots(site, *, deadline):
    """The rules of `site`'s robots.txt, or None when it has none."""
    address = f"{site}/robots.txt"
    try:
        response, body, _ = fetch_once(address, deadline=deadline, max_bytes=ROBOTS_MAX_BYTES)
        if response.status in REDIRECT_STATUSES:
            # One more hop is allowed for robots.txt, checked like any other.
            address = urljoin(address, response.getheader("Location") or "")
            response, body, _ = fetch_once(address, deadline=deadline, max_bytes=ROBOTS_MAX_BYTES)
    except HostNotFound:
        raise  # not a robots.txt question: the site is not there
    except FetchFailed as error:
        raise FetchFailed(f"its robots.txt could not be read: {error}") from error
    if 400 <= response.status < 500:
        return None
    if response.status >= 300:
        raise FetchFailed(
            f"its robots.txt answered {response.status}: nothing is fetched from the site "
            "until it can be read"
        )
    parser = RobotFileParser()
    parser.parse(body.decode("utf-8", errors="replace").splitlines())
    return parser
