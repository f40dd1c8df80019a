"""Embeds from the allow-list, and what the sanitiser tells editors it removed."""

import pytest
from django.urls import reverse

from articles.markdown import preview_markdown, removed_by_sanitiser, render_markdown
from articles.models import Article
from tests.factories import make_article
from tests.test_workflow import change_form_data, change_url

VIDEO = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "address",
    [
        f"https://www.youtube.com/watch?v={VIDEO}",
        f"https://www.youtube.com/watch?v={VIDEO}&t=42s",
        f"https://youtu.be/{VIDEO}",
        f"https://m.youtube.com/shorts/{VIDEO}",
    ],
)
def test_a_youtube_address_alone_on_a_line_becomes_a_click_to_load_placeholder(address):
    html = render_markdown(f"Before.\n\n{address}\n\nAfter.")

    assert 'class="embed embed--video"' in html
    assert f'data-embed-player="https://www.youtube-nocookie.com/embed/{VIDEO}"' in html
    assert f'href="https://www.youtube.com/watch?v={VIDEO}"' in html  # the link without script
    assert "<iframe" not in html and "<script" not in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


def test_a_vimeo_address_plays_without_tracking():
    html = render_markdown("https://vimeo.com/76979871")

    assert 'data-embed-player="https://player.vimeo.com/video/76979871?dnt=1"' in html


@pytest.mark.parametrize(
    ("address", "provider"),
    [
        ("https://x.com/jack/status/20", "X"),
        ("https://twitter.com/jack/status/20", "X"),
        ("https://bsky.app/profile/jay.bsky.team/post/3k2ab", "Bluesky"),
        ("https://mastodon.social/@Gargron/109318436776093473", "Mastodon"),
    ],
)
def test_a_social_post_becomes_a_card_linking_to_it(address, provider):
    html = render_markdown(address)

    assert 'class="embed embed--post"' in html
    assert f'<a href="{address}" rel="noopener noreferrer">A post on {provider}</a>' in html
    assert "data-embed-player" not in html  # their scripts are never loaded


@pytest.mark.parametrize(
    "text",
    [
        f"Watch https://youtu.be/{VIDEO} now.",  # inside a sentence
        "https://evil.example/watch?v=dQw4w9WgXcQ",  # not on the list
        f"http://youtu.be/{VIDEO}",  # not https
        f'https://youtu.be/{VIDEO}"onmouseover="alert(1)',
        f"```\n\nhttps://youtu.be/{VIDEO}\n\n```",  # in a code block
    ],
)
def test_other_addresses_are_not_embedded(text):
    html = render_markdown(text)

    assert "embed" not in html
    assert "newsroomembed" not in html
    assert " onmouseover=" not in html


def test_an_address_in_a_code_block_stays_as_typed():
    html = render_markdown(f"```\n\nhttps://youtu.be/{VIDEO}\n\n```")

    assert f"https://youtu.be/{VIDEO}" in html


def test_the_sanitiser_says_what_it_removes_and_why():
    text = (
        '<iframe src="https://maps.example/embed"></iframe>\n\n'
        "<script>steal()</script>\n\n"
        '<a href="javascript:steal()" onclick="steal()">Click</a>'
    )

    removed = dict(removed_by_sanitiser(text))

    assert "alone on a line" in removed["<iframe>"]
    assert "scripts never run" in removed["<script>"]
    assert "onclick=… on <a>" in removed
    assert "a javascript: address on <a>" in removed
    assert removed_by_sanitiser("Plain *Markdown* and <abbr title='x'>X</abbr>.") == []


def test_the_preview_says_what_will_not_be_kept():
    html = preview_markdown("Text.\n\n<iframe src='https://maps.example'></iframe>")

    assert 'class="sanitiser-note"' in html
    assert "&lt;iframe&gt;" in html
    assert "<iframe" not in html
    assert 'class="sanitiser-note"' not in preview_markdown("Plain text.")


@pytest.mark.django_db
def test_saving_a_pasted_iframe_warns_the_editor(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    body = "Text.\n\n<iframe src='https://maps.example'></iframe>"

    response = client.post(
        change_url(article), change_form_data(client, article, body=body), follow=True
    )

    messages = " ".join(str(message) for message in response.context["messages"])
    assert "<iframe>" in messages and "alone on a line" in messages
    article.refresh_from_db()
    assert "<iframe" not in article.body_html


@pytest.mark.django_db
def test_the_article_page_loads_the_player_script_only_for_a_video(client):
    video = make_article(body=f"https://youtu.be/{VIDEO}")
    plain = make_article(body="https://x.com/jack/status/20")

    page = client.get(reverse("articles:article-detail", args=[video.slug]))

    assert "js/embeds.js" in page.content.decode()
    assert "youtube-nocookie.com" in page["Content-Security-Policy"]
    assert "frame-src" in page["Content-Security-Policy"]
    other = client.get(reverse("articles:article-detail", args=[plain.slug]))
    assert "js/embeds.js" not in other.content.decode()
