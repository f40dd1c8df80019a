"""The editors' article form: what it refuses before anything is saved."""

import pytest
from django.forms import modelform_factory

from articles.forms import ArticleAdminForm
from articles.models import Article

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
