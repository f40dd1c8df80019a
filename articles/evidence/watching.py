"""Watching cited pages: is each still what the story rested on?

A check fetches the cited address again and compares the answer with the citation's newest
archived copy: live and unchanged (same fingerprint; for a web page, also the same text in
different markup), changed (with a diff of the text, for a web page), moved (it now ends at
another address), gone (404, 410 or 451, or a host that no longer resolves), or
unreachable (anything else: a time-out, a 5xx, robots.txt, an address now refused).
"""

import difflib
import itertools
import time
from collections import defaultdict
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from ..models import Article, Citation, CitationWatch
from . import archiving
from .capturing import capture_citation, honours_robots
from .fetching import FetchFailed, FetchRefused, HostNotFound, fetch

GONE_STATUSES = {404, 410, 451}
MAX_DIFF_LINES = 400
MAX_DIFF_CHARACTERS = 20_000
HTML_TYPES = ("text/html", "application/xhtml+xml")


class VisibleText(HTMLParser):
    """The text a reader sees on a page, a line per block; scripts and styles left out."""

    HIDDEN = {"script", "style", "noscript", "template", "head"}
    BLOCKS = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
        "article", "header", "footer", "blockquote", "pre", "td", "th", "dt", "dd", "title",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = [""]
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.BLOCKS:
            self.lines.append("")

    def handle_data(self, data):
        if not self.hidden:
            self.lines[-1] += data

    def text_lines(self):
        return [" ".join(line.split()) for line in self.lines if line.strip()]


def page_text(headers, body):
    """The visible lines of an HTML answer with these `headers` and `body`."""
    replay = archiving.Replay(status_line="", headers=headers, body=body, sha256="")
    decoded = replay.decoded_body()
    if decoded is None:
        return []
    parser = VisibleText()
    parser.feed(decoded.decode(charset_of(replay.header("Content-Type")), errors="replace"))
    parser.close()
    return parser.text_lines()


def charset_of(content_type):
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
            try:
                "".encode(charset)
            except LookupError:
                break
            return charset
    return "utf-8"


def text_diff(old_lines, new_lines, *, archived_at):
    """A unified diff of the text, cut to a length an editor reads."""
    lines = list(
        difflib.unified_diff(
            old_lines,
            new_lines,
            f"archived {archived_at:%Y-%m-%d %H:%M}",
            "now",
            lineterm="",
            n=2,
        )
    )
    diff = "\n".join(lines[:MAX_DIFF_LINES])
    if len(lines) > MAX_DIFF_LINES or len(diff) > MAX_DIFF_CHARACTERS:
        diff = diff[:MAX_DIFF_CHARACTERS] + "\n… (cut)"
    return diff


def same_address(first, second):
    def normal(url):
        parts = urlsplit(url)
        return urlunsplit(
            (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
        )

    return normal(first) == normal(second)


def check_citation(citation):
    """Check `citation`'s page against its newest archived copy and record what was found
    on its CitationWatch, which is returned. A page never archived is captured instead."""
    copy = citation.archived_copies.first()
    if copy is None:
        capture_citation(citation.pk)
        return CitationWatch.objects.filter(citation=citation).first()
    watch, _ = CitationWatch.objects.get_or_create(citation=citation)
    state, found = classify(citation, copy)
    if state != watch.state:
        watch.noted_at = None
    watch.state = state
    watch.checked_at = timezone.now()
    watch.current_url = found.get("url", "")
    watch.current_sha256 = found.get("sha256", "")
    watch.detail = found.get("detail", "")[:500]
    watch.diff = found.get("diff", "")
    watch.save()
    return watch


def classify(citation, copy):
    """(state, what was found) for `citation`'s page now, against `copy`."""
    State = CitationWatch.State
    try:
        fetched = fetch(citation.url, honour_robots=honours_robots(citation))
    except HostNotFound as error:
        return State.GONE, {"detail": str(error)}
    except (FetchRefused, FetchFailed) as error:
        return State.UNREACHABLE, {"detail": str(error)}
    found = {"url": fetched.final_url}
    status = f"{fetched.status} {fetched.reason}".strip()
    if fetched.status in GONE_STATUSES:
        return State.GONE, {**found, "detail": f"The page answers {status}."}
    if not 200 <= fetched.status < 300:
        return State.UNREACHABLE, {**found, "detail": f"The page answers {status}."}
    found["sha256"] = archiving.fingerprint(fetched.body)
    if not same_address(fetched.final_url, copy.final_url):
        return State.MOVED, {**found, "detail": f"Now found at {fetched.final_url}."}
    if found["sha256"] == copy.sha256:
        return State.LIVE, {**found, "detail": "Byte for byte the archived copy."}
    if copy.is_html and fetched.content_type in HTML_TYPES:
        archived = archiving.read(copy)
        old_lines = page_text(archived.headers, archived.body)
        new_lines = page_text(fetched.headers, fetched.body)
        if old_lines == new_lines:
            return State.LIVE, {**found, "detail": "The markup changed; the text did not."}
        diff = text_diff(old_lines, new_lines, archived_at=copy.captured_at)
        return State.CHANGED, {**found, "detail": "The text of the page changed.", "diff": diff}
    return State.CHANGED, {**found, "detail": "The file is not the one archived."}


def due_citations(*, now=None):
    """Cited pages of published stories whose last check is older than
    NEWSROOM_EVIDENCE_WATCH_INTERVAL, never checked ones first."""
    now = now or timezone.now()
    due = now - timedelta(hours=settings.NEWSROOM_EVIDENCE_WATCH_INTERVAL_HOURS)
    return (
        Citation.objects.exclude(url="")
        .filter(article__in=Article.objects.published(now))
        .filter(Q(watch=None) | Q(watch__checked_at=None) | Q(watch__checked_at__lte=due))
        .select_related("source")
        .order_by(F("watch__checked_at").asc(nulls_first=True), "pk")
    )


def politely_ordered(citations):
    """`citations` taking turns by host, so that no site is asked twice in a row when
    another is waiting."""
    by_host = defaultdict(list)
    for citation in citations:
        by_host[urlsplit(citation.url).hostname or ""].append(citation)
    turns = itertools.zip_longest(*by_host.values())
    return [citation for turn in turns for citation in turn if citation is not None]


def watch_citations(*, limit=None, now=None, sleep=time.sleep):
    """Check the cited pages that are due, at most `limit` (NEWSROOM_EVIDENCE_WATCH_BATCH)
    of them, waiting NEWSROOM_EVIDENCE_HOST_DELAY seconds between two requests to one host.
    Run hourly, it spreads each day's checks over the day. Returns the watches checked."""
    limit = limit or settings.NEWSROOM_EVIDENCE_WATCH_BATCH
    delay = settings.NEWSROOM_EVIDENCE_HOST_DELAY
    last_asked = {}
    checked = []
    for citation in politely_ordered(due_citations(now=now)[:limit]):
        host = urlsplit(citation.url).hostname or ""
        if host in last_asked:
            wait = last_asked[host] + delay - time.monotonic()
            if wait > 0:
                sleep(wait)
        watch = check_citation(citation)
        last_asked[host] = time.monotonic()
        if watch is not None:
            checked.append(watch)
    return checked
