"""Embeds from a short allow-list: a YouTube or Vimeo address, or a social post's, alone on
its own line in a story's Markdown becomes a placeholder that loads nothing from the other
site until the reader asks.

- Videos (YouTube, Vimeo): a notice and a link to the video. static/js/embeds.js adds a
  "Play here" button that swaps in the player (YouTube's no-cookie domain, Vimeo with its
  do-not-track switch); the Content-Security-Policy's frame-src admits those two players
  and nothing else. Without JavaScript the link remains.
- Social posts (X, Bluesky, Mastodon, Instagram, Threads): a card linking to the post. Their
  embed scripts follow readers across the web and would need script-src exceptions, so
  they are never loaded.

The placeholders are written here, after the sanitiser has run, from the parts matched below
(ids of letters, digits, "_" and "-"), never from the editor's HTML.
"""

import hashlib
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html


@dataclass(frozen=True)
class Embed:
    provider: str  # as readers know it: "YouTube"
    kind: str  # "video" or "post"
    url: str  # the address to link to
    player: str = ""  # the player's address, for videos


def youtube(match):
    video = match["id"]
    return Embed(
        "YouTube",
        "video",
        f"https://www.youtube.com/watch?v={video}",
        f"https://www.youtube-nocookie.com/embed/{video}",
    )


def vimeo(match):
    video = match["id"]
    return Embed(
        "Vimeo",
        "video",
        f"https://vimeo.com/{video}",
        f"https://player.vimeo.com/video/{video}?dnt=1",
    )


def post(provider):
    return lambda match: Embed(provider, "post", match[0])


PROVIDERS = [
    (
        re.compile(
            r"https://(?:www\.|m\.)?youtube\.com/(?:watch\?v=|shorts/|embed/)(?P<id>[\w-]{11})"
            r"(?:[&?][\w=&%.-]*)?"
        ),
        youtube,
    ),
    (re.compile(r"https://youtu\.be/(?P<id>[\w-]{11})(?:\?[\w=&%.-]*)?"), youtube),
    (re.compile(r"https://(?:www\.)?vimeo\.com/(?P<id>\d{1,12})"), vimeo),
    (re.compile(r"https://(?:www\.)?(?:twitter|x)\.com/\w{1,15}/status/\d{1,25}"), post("X")),
    (re.compile(r"https://bsky\.app/profile/[\w.:-]{1,253}/post/\w{1,20}"), post("Bluesky")),
    (re.compile(r"https://(?:www\.)?instagram\.com/p/[\w-]{1,40}/?"), post("Instagram")),
    (re.compile(r"https://(?:www\.)?threads\.net/@[\w.]{1,30}/post/[\w-]{1,40}"), post("Threads")),
    # Mastodon runs on many servers; its post addresses share this shape.
    (re.compile(r"https://[a-z0-9.-]{1,253}\.[a-z]{2,}/@\w{1,30}/\d{1,20}"), post("Mastodon")),
]

# A line holding nothing but an address, between blank lines (or the text's ends).
LONE_ADDRESS = re.compile(r"(?:^|(?<=\n\n))[ ]{0,3}<?(https://[^\s<>]+)>?[ \t]*(?=\n\n|\n?$)")


def embed_for(address):
    """The embed an address stands for, or None when it is not on the allow-list."""
    for pattern, make in PROVIDERS:
        if match := pattern.fullmatch(address):
            return make(match)
    return None


def mark_embeds(text):
    """`text` with each embeddable lone address replaced by a marker the sanitiser keeps as
    plain text, and the embeds by marker, for place_embeds() to put back."""
    embeds = {}
    # Derived from the text, so a render is repeatable and a typed marker is unlikely.
    seed = hashlib.sha256(text.encode()).hexdigest()[:12]

    def replace(match):
        embed = embed_for(match[1])
        if embed is None:
            return match[0]
        marker = f"newsroomembed{seed}x{len(embeds)}"
        embeds[marker] = (embed, match[1])
        return marker

    return LONE_ADDRESS.sub(replace, text.replace("\r\n", "\n")), embeds


def place_embeds(html, embeds):
    """Sanitised `html` with each marker paragraph replaced by its embed's placeholder, and
    a marker anywhere else (in a code block, say) by the address it stood for."""
    for marker, (embed, address) in embeds.items():
        html = html.replace(f"<p>{marker}</p>", placeholder(embed))
        html = html.replace(marker, escape(address))
    return html


def placeholder(embed):
    if embed.kind == "video":
        return format_html(
            '<figure class="embed embed--video" data-embed-player="{}" data-embed-provider="{}">'
            '<p class="embed__notice">A video on {}. Playing it here lets {} see your visit '
            "and set cookies.</p>"
            '<p class="embed__link"><a href="{}" rel="noopener noreferrer">Watch it on {}</a></p>'
            "</figure>",
            embed.player,
            embed.provider,
            embed.provider,
            embed.provider,
            embed.url,
            embed.provider,
        )
    return format_html(
        '<figure class="embed embed--post">'
        '<p class="embed__link"><a href="{}" rel="noopener noreferrer">A post on {}</a></p>'
        '<figcaption class="embed__address">{}</figcaption>'
        "</figure>",
        embed.url,
        embed.provider,
        embed.url,
    )
