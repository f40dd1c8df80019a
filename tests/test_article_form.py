"""The article form's desk features on the server: the hero's thumbnail and size warning,
tags created inline, and positions set by dragging."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Tag
from tests.factories import make_article, make_author, make_tag
from tests.test_admin import ADD, add_form_data, form_errors
from tests.test_workflow import change_form_data, change_url

pytestmark = pytest.mark.django_db


def picture(width, height=None):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height or width // 2), "navy").save(buffer, format="JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


def add_with_hero(client, width):
    data = add_form_data(
        client,
        headline="Storm damage",
        slug="storm-damage",
        body="Trees fell.",
        hero_image=picture(width),
        hero_alt="A fallen oak across a road",
    )
    return client.post(ADD, data, follow=True)


def test_a_narrow_hero_is_saved_with_a_warning(client, editor):
    client.force_login(editor)

    response = add_with_hero(client, 800)

    assert Article.objects.get().hero_image  # a warning, not a refusal
    messages = [str(message) for message in response.context["messages"]]
    assert any("800 px wide" in message and "1200 px" in message for message in messages)
    form = client.get(change_url(Article.objects.get())).content.decode()
    assert 'class="hero-picture__thumbnail"' in form
    assert "This picture is 800 px wide" in form


def test_a_wide_hero_has_a_thumbnail_and_no_warning(client, editor):
    client.force_login(editor)

    response = add_with_hero(client, 1400)

    messages = [str(message) for message in response.context["messages"]]
    assert not any("px wide" in message for message in messages)
    form = client.get(change_url(Article.objects.get())).content.decode()
    assert 'class="hero-picture__thumbnail"' in form
    assert "px wide" not in form


def test_a_tag_typed_in_the_autocomplete_is_created_with_the_story(client, editor):
    existing = make_tag(name="Harbours")
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    data = change_form_data(client, article)
    data["tags"] = [existing.pk, "new:Ferry  strikes", "new:harbours"]

    response = client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    ferry = Tag.objects.get(name="Ferry strikes")
    assert ferry.slug == "ferry-strikes"
    assert set(article.tags.all()) == {existing, ferry}  # "harbours" is the tag that exists
    assert Tag.objects.count() == 2
    article.refresh_from_db()
    assert {tag["name"] for tag in article.page_parts["tags"]} == {"Harbours", "Ferry strikes"}


def test_a_new_tag_whose_slug_is_taken_gets_another(client, editor):
    make_tag(name="Ferry-strikes", slug="ferry-strikes")
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    data = change_form_data(client, article, tags=["new:Ferry strikes"])

    assert client.post(change_url(article), data).status_code == 302
    assert Tag.objects.get(name="Ferry strikes").slug == "ferry-strikes-2"


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("new:" + "x" * 101, "cannot be a tag"),
        ("new:!!!", "cannot be a tag"),
        ("new:a\x07b", "control character"),
    ],
)
def test_a_new_tag_that_cannot_be_one_is_refused(client, editor, typed, error):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)

    response = client.post(change_url(article), change_form_data(client, article, tags=[typed]))

    assert response.status_code == 200
    assert error in " ".join(form_errors(response)["tags"])
    assert not Tag.objects.exists()


def test_only_those_who_may_add_tags_create_them(client, writer):
    writer.groups.get().permissions.filter(codename="add_tag").delete()
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)

    response = client.post(
        change_url(article), change_form_data(client, article, tags=["new:Scoop"])
    )

    assert "You may not create tags" in " ".join(form_errors(response)["tags"])
    assert not Tag.objects.exists()


def test_positions_posted_from_dragging_order_the_bylines(client, editor):
    first, second = make_author(name="Ana"), make_author(name="Tom")
    article = make_article(status=Article.Status.DRAFT, authors=[first, second])
    client.force_login(editor)
    data = change_form_data(client, article)
    # admin-article-form.js numbers the rows from 1 in the order on screen.
    data["bylines-0-position"], data["bylines-1-position"] = "2", "1"

    assert client.post(change_url(article), data).status_code == 302
    assert [byline.author.name for byline in article.bylines.all()] == ["Tom", "Ana"]


def test_the_position_is_not_a_field_to_type_in(client, editor):
    article = make_article(status=Article.Status.DRAFT, authors=[make_author()])
    client.force_login(editor)

    content = client.get(change_url(article)).content.decode()

    assert 'type="hidden" name="bylines-0-position"' in content
    assert 'type="hidden" name="citations-0-position"' in content
