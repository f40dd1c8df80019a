"""The editors' article form: what it refuses before anything is saved."""

import pytest
from django.forms import modelform_factory
from django.urls import reverse

from articles.forms import ArticleAdminForm
from articles.models import Article, Author, Section, Source, Tag

pytestmark = pytest.mark.django_db


def article_form(**fields):
    return ArticleAdminForm(
        data={"headline": "Talks resume", "slug": "talks-resume", "body": "Text.", **fields}
    )


@pytest.mark.parametrize("field", ["headline", "dek", "summary"])
@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1f", "\x7f"])
def test_control_characters_in_the_standfirst_fields_are_refused(field, character):
    form = article_form(status="draft", **{field: f"Talks{character} resume"})

    assert not form.is_valid()
    assert "control character" in str(form.errors[field])


def test_line_breaks_in_the_summary_are_allowed():
    form = article_form(status="draft", summary="Talks resume.\r\nA second line.\tTabbed.")

    assert form.is_valid(), form.errors


def test_the_form_builds_when_the_admin_shows_those_fields_read_only():
    form_class = modelform_factory(
        Article, form=ArticleAdminForm, exclude=["headline", "dek", "summary"]
    )

    assert "headline" not in form_class().fields


NAMED_THINGS = [
    pytest.param(Author, "name", {"slug": "anna-bauer"}, id="author-name"),
    pytest.param(Author, "role", {"name": "Anna Bauer", "slug": "anna-bauer"}, id="author-role"),
    pytest.param(Source, "name", {"slug": "reuters", "kind": "agency"}, id="source-name"),
    pytest.param(Section, "name", {"slug": "world", "position": "0"}, id="section-name"),
    pytest.param(Tag, "name", {"slug": "diplomacy"}, id="tag-name"),
]


@pytest.mark.parametrize(("model", "field", "other_fields"), NAMED_THINGS)
@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x7f"])
def test_control_characters_in_names_are_refused_in_the_admin(
    admin_client, model, field, other_fields, character
):
    add = reverse(f"admin:articles_{model._meta.model_name}_add")

    response = admin_client.post(add, {**other_fields, field: f"Anna{character} Bauer"})

    assert response.status_code == 200
    assert "control character" in str(response.context["adminform"].form.errors[field])
    assert not model.objects.exists()


@pytest.mark.parametrize(("model", "field", "other_fields"), NAMED_THINGS)
def test_names_without_control_characters_are_saved_in_the_admin(
    admin_client, model, field, other_fields
):
    add = reverse(f"admin:articles_{model._meta.model_name}_add")

    response = admin_client.post(add, {**other_fields, field: "Anna Bauer"})

    assert response.status_code == 302
    assert model.objects.filter(**{field: "Anna Bauer"}).exists()
