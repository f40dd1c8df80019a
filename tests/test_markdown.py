import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.markdown import (
    ALLOWED_TAGS,
    preview_markdown,
    render_markdown,
    undescribed_pictures,
    validate_markdown,
)
from articles.models import Article
from tests.factories import make_article


def test_renders_basic_markdown():
    html = render_markdown("Some **bold** and *italic* text.")
    assert html == "<p>Some <strong>bold</strong> and <em>italic</em> text.</p>"


def test_body_headings_start_below_the_headline_and_get_anchor_ids():
    html = render_markdown("# Background\n\n## The visit")
    assert '<h2 id="text-background">Background</h2>' in html
    assert '<h3 id="text-the-visit">The visit</h3>' in html
    assert "<h1" not in html


@pytest.mark.parametrize(
    "text",
    ["## Main", "## Heading {#main}", '<h2 id="main">Heading</h2>', "<h2 id='main'>Heading</h2>"],
)
def test_every_id_in_the_text_is_prefixed_so_it_cannot_take_one_the_page_uses(text):
    html = render_markdown(text)

    assert 'id="text-main"' in html
    assert 'id="main"' not in html


def test_links_within_the_text_follow_its_prefixed_ids():
    html = render_markdown("## Background\n\nSee [above](#background).")

    assert '<a href="#text-background">above</a>' in html


def test_a_link_to_a_part_of_the_page_is_left_alone():
    html = render_markdown("See [how we sourced this](#sources).")

    assert '<a href="#sources">' in html


def test_footnote_links_lead_to_their_notes_and_back():
    html = render_markdown("A claim.[^1]\n\n[^1]: The ministry's statement.")

    ids = set(re.findall(r'\sid="([^"]*)"', html))
    fragments = set(re.findall(r'\shref="#([^"]*)"', html))
    assert ids == {"text-fn:1", "text-fnref:1"}
    assert fragments == ids


def test_text_that_looks_like_an_id_is_left_as_written():
    html = render_markdown('Write `<h2 id="main">` for a heading.')

    assert '<code>&lt;h2 id="main"&gt;</code>' in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<object data="evil.swf"></object>',
        '<svg onload="alert(1)"></svg>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<form action="https://evil.example"><input name="password"></form>',
    ],
)
def test_dangerous_markup_is_removed(attack):
    html = render_markdown(attack).lower()
    for forbidden in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "data:",
        "<iframe",
        "<style",
        "<object",
        "<svg",
        "style=",
        "<form",
        "<input",
    ):
        assert forbidden not in html


# Tags the HTML parser reads as plain text up to their closing tag (or, <template>, keeps
# apart): left open, each once swallowed the rest of the story.
RAW_TEXT_TAGS = [
    "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "template",
    "textarea", "title", "xmp",
]  # fmt: skip


def tag_names(html):
    return {name.lower() for name in re.findall(r"</?([a-zA-Z][^\s/>]*)", html)}


@pytest.mark.parametrize("tag", RAW_TEXT_TAGS)
@pytest.mark.parametrize(
    "text",
    [
        "First words.\n\n<{tag}>\n\nThe rest survives.",
        "First words <{tag}> and then The rest survives.",
        "First words.\n\n<math><{tag}>\n\nThe rest survives.",
        "First words <{TAG} x=1>\n\n<b>The rest survives.</b>",
        "<div><{tag}>alert(1)</div>\n\nThe rest survives.",
    ],
    ids=["block", "inline", "in-math", "upper-case", "in-html-block"],
)
def test_a_raw_text_tag_left_open_shows_as_text_and_keeps_the_rest_of_the_story(tag, text):
    html = render_markdown(text.format(tag=tag, TAG=tag.upper()))

    assert "The rest survives." in html
    assert f"&lt;{tag}" in html.lower()
    assert tag_names(html) <= ALLOWED_TAGS


@pytest.mark.parametrize("tag", ["script", "style", "template"])
def test_a_closed_raw_text_tag_is_still_removed_with_what_it_holds(tag):
    html = render_markdown(f"<{tag}>alert(1)</{tag}>\n\nThe rest survives.\n\n<{tag}>x</{tag}>")

    assert "alert" not in html
    assert "The rest survives." in html
    assert tag_names(html) <= ALLOWED_TAGS


@pytest.mark.parametrize(
    "text",
    [
        "<div><!--</div>\n\nThe rest survives.",
        "<div><script><!--<script></script></div>\n\nThe rest survives.",
    ],
    ids=["comment", "comment-in-script"],
)
def test_a_comment_left_open_keeps_the_rest_of_the_story(text):
    html = render_markdown(text)

    assert "The rest survives." in html
    assert tag_names(html) <= ALLOWED_TAGS


def test_script_text_survives_only_as_escaped_text_in_code():
    html = render_markdown("`<script>alert(1)</script>`")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_external_links_get_noopener():
    html = render_markdown("[Agency](https://agency.example/story)")
    assert html == (
        '<p><a href="https://agency.example/story" rel="noopener noreferrer">Agency</a></p>'
    )


def test_internal_links_are_left_alone():
    html = render_markdown("[Earlier story](/articles/earlier/)")
    assert html == '<p><a href="/articles/earlier/">Earlier story</a></p>'


def test_an_editors_own_rel_is_replaced_by_ours():
    html = render_markdown('<a href="https://x.example" rel="opener">x</a>')
    assert 'rel="opener"' not in html
    assert 'rel="noopener noreferrer"' in html


def test_images_keep_alt_text():
    html = render_markdown("![Minister arriving](/media/uploads/a.jpg)")
    assert '<img alt="Minister arriving" src="/media/uploads/a.jpg">' in html


def test_tables_and_footnotes_render():
    html = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nClaim[^1]\n\n[^1]: Ministry statement."
    )
    assert "<table>" in html
    assert 'class="footnote"' in html


def test_empty_body_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


# Text the renderer cannot handle is refused with a reason, never a hang or a 500.


@pytest.mark.parametrize(
    "text, reason",
    [
        ("[" * 5000, "more than 1,000 “[”"),
        ("- " * 2000 + "x", "nested too deeply"),
        ("> " * 21 + "x", "nested too deeply"),
        (">" * 500 + "x", "nested too deeply"),
        ("    " * 21 + "- x", "nested too deeply"),
        ("<a " * 2001, "more than 2,000 HTML tags"),
        ("word " * 60_001, "longer than 300,000 characters"),
    ],
)
def test_text_the_renderer_cannot_handle_is_refused_with_a_reason(text, reason):
    with pytest.raises(ValidationError, match=re.escape(reason)):
        validate_markdown(text)
    assert reason in preview_markdown(text)


def test_nesting_a_story_could_use_renders():
    text = "\n".join(["- one", "    - two", "        - three", "", "> > a quote in a quote"])
    html = render_markdown(text + "\n" + "> " * 20 + "twenty deep")

    assert html.count("<ul>") == 3
    assert "twenty deep" in html


def test_a_story_that_cannot_be_rendered_is_refused_by_the_admin_not_a_500(admin_client):
    article = make_article(status=Article.Status.DRAFT, body="Safe text.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "body": "- " * 2000 + "x",
        "status": "draft",
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("bylines", "citations", "corrections")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "cannot be shown as written" in str(response.context["adminform"].form.errors["body"])
    article.refresh_from_db()
    assert article.body == "Safe text."


def test_the_live_preview_explains_instead_of_hanging(admin_client):
    response = admin_client.post(reverse("markdownx_markdownify"), {"content": "[" * 50000})

    assert response.status_code == 200
    assert "cannot be shown as written" in response.content.decode()


@pytest.mark.parametrize("alt", ["\u200b", "describe the picture", " Describe  the picture "])
def test_invisible_or_placeholder_descriptions_describe_nothing(alt):
    html = render_markdown(f"![{alt}](/media/body/ship.png)")

    assert undescribed_pictures(html) == ["/media/body/ship.png"]
