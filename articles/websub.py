"""WebSub (W3C): the feeds name a hub (rel="hub", NEWSROOM_WEBSUB_HUB) and their own address
(rel="self", articles/feeds.py), and the site tells the hub when a feed changes, so feed
readers subscribed there hear of a story the moment it is live, without polling.

The pings run from the job queue (articles/jobs.py), never in an editor's request.
"""

import urllib.parse
import urllib.request

from django.conf import settings

from .addresses import address

PING_TIMEOUT_SECONDS = 10


class HubRefused(Exception):
    """The hub answered a ping with an error; the job retries."""


def feed_urls_for(article):
    """The public addresses of every feed that lists `article`: the site's, its section's,
    its authors' and its sources' (RSS and Atom each)."""
    routes = [("articles:feed", ""), ("articles:feed-atom", "")]
    if article.section_id:
        routes += [
            ("articles:section-feed", article.section.slug),
            ("articles:section-feed-atom", article.section.slug),
        ]
    parts = article.page_parts or {}
    for byline in parts.get("bylines", []):
        routes += [
            ("articles:author-feed", byline["slug"]),
            ("articles:author-feed-atom", byline["slug"]),
        ]
    for citation in parts.get("citations", []):
        if citation.get("slug"):
            routes += [
                ("articles:source-feed", citation["slug"]),
                ("articles:source-feed-atom", citation["slug"]),
            ]
    return [settings.NEWSROOM_SITE_URL + address(name, slug) for name, slug in routes]


def ping(feed_urls):
    """Tell the hub that `feed_urls` changed (hub.mode=publish), one request per feed, as
    every hub understands. Raises HubRefused on an error answer (the job retries)."""
    hub = settings.NEWSROOM_WEBSUB_HUB
    if not hub:
        return 0
    for feed_url in feed_urls:
        body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()
        request = urllib.request.Request(hub, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=PING_TIMEOUT_SECONDS) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            raise HubRefused(f"{hub} answered {error.code} for {feed_url}") from error
        if not 200 <= status < 300:
            raise HubRefused(f"{hub} answered {status} for {feed_url}")
    return len(feed_urls)
