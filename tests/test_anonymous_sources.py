"""Anonymous sources: a note and an Editor's sign-off to cite one, and nothing identifying it on
any public surface (pages, feeds, search, sitemaps, structured data, API)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Citation
from tests.factories import make_article, make_source, make_user
from tests.test_sourcing import change_form_data, form_errors, published_fields

pytestmark = pytest.mark.django_db

NOTE = "A senior officer not authorised to speak publicly"
# Everything that could identify the source: none of it may reach a reader.
IDENTIFYING = [
    "Petrenko",
    "Secretland",
    "secret.example",
    "ivan-petrenko",
    "Deputy commander of the northern district",
]


@pytest.fixture
def insider():
    return make_source(
        name="Colonel Ivan Petrenko",
        slug="ivan-petrenko",
        kind="interview",
        organisation="Ministry of Defence of Secretland",
        url="https://secret.example/ivan",
        description="Deputy commander of the northern district.",
        aliases="Petrenko\nthe colonel",
        is_anonymous=True,
    )


@pytest.fixture
def story(insider):
    article = make_article(headline="Troops move north", slug="troops-move-north")
    Citation.objects.create(
        article=article,
        source=insider,
        supports="the order to move",
        url="https://secret.example/leak",
        anonymity_note=NOTE,
    )
    return article


def assert_nothing_identifying(content):
    for detail in IDENTIFYING:
        assert detail not in content, detail


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def make_desk_editor(*, can_sign_off):
    codenames = ["view_article", "change_article", "view_citation", "add_citation"]
    codenames += ["change_citation", "view_source", "publish_article", "edit_others_article"]
    if can_sign_off:
        codenames.append("approve_anonymous_sources")
    user = make_user(is_staff=True, is_superuser=False)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return user


# The desk's rules


def test_citing_an_anonymous_source_without_a_note_is_an_inline_error(admin_client, insider):
    article = make_article(body="Quiet day.", status=Article.Status.DRAFT)
    data = change_form_data(admin_client, article)
    data["citations-0-source"] = insider.pk

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 200
    citation_formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Citation
    )
    assert "anonymity_note" in citation_formset.errors[0]
    assert not Citation.objects.exists()


def test_citing_an_anonymous_source_with_a_note_is_saved(admin_client, insider):
    article = make_article(body="Quiet day.", status=Article.Status.DRAFT)
    data = change_form_data(admin_client, article)
    data.update({"citations-0-source": insider.pk, "citations-0-anonymity_note": NOTE})

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    assert article.citations.get().anonymity_note == NOTE


def test_publishing_with_an_anonymous_source_needs_a_sign_off(admin_client, story):
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT, published_at=None)
    data = change_form_data(admin_client, story, publish_anyway="on", **published_fields())

    response = admin_client.post(change_url(story), data)

    assert response.status_code == 200
    assert "must sign off the anonymous sources" in " ".join(form_errors(response)["__all__"])
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_signing_off_records_the_editor_and_lets_the_article_publish(admin_client, story):
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT, published_at=None)
    data = change_form_data(admin_client, story, publish_anyway="on", **published_fields())
    data["sign_off_anonymous_sources"] = "on"

    response = admin_client.post(change_url(story), data)

    assert response.status_code == 302, form_errors(response)
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.anonymous_sources_approved_by.is_superuser
    assert story.anonymous_sources_approved_at <= timezone.now()


def test_citing_a_new_anonymous_source_on_a_live_article_needs_a_sign_off(admin_client):
    article = make_article(body="Quiet day.")
    second = make_source(name="Second insider", is_anonymous=True)
    data = change_form_data(admin_client, article)
    data.update({"citations-0-source": second.pk, "citations-0-anonymity_note": NOTE})

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "must sign off the anonymous sources" in " ".join(form_errors(response)["__all__"])
    assert not article.citations.exists()


def test_a_new_anonymous_source_lets_an_earlier_sign_off_lapse(admin_client, story):
    editor = make_user()
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.DRAFT,
        published_at=None,
        anonymous_sources_approved_by=editor,
        anonymous_sources_approved_at=timezone.now(),
    )
    second = make_source(name="Second insider", is_anonymous=True)
    data = change_form_data(admin_client, story)
    data.update({"citations-1-source": second.pk, "citations-1-anonymity_note": NOTE})

    response = admin_client.post(change_url(story), data)

    assert response.status_code == 302, form_errors(response)
    story.refresh_from_db()
    assert story.citations.count() == 2
    assert story.anonymous_sources_approved_by is None


def test_sign_off_checkbox_is_offered_only_to_those_who_may_sign_off(client, story):
    client.force_login(make_desk_editor(can_sign_off=True))
    offered = client.get(change_url(story))
    client.force_login(make_desk_editor(can_sign_off=False))
    withheld = client.get(change_url(story))

    assert "sign_off_anonymous_sources" in offered.context["adminform"].form.fields
    assert "I sign off the anonymous sources cited" in offered.content.decode()
    assert "sign_off_anonymous_sources" not in withheld.context["adminform"].form.fields


def test_sign_off_posted_by_someone_without_the_permission_is_ignored(client, story):
    client.force_login(make_desk_editor(can_sign_off=False))
    data = change_form_data(client, story, sign_off_anonymous_sources="on")

    client.post(change_url(story), data)

    story.refresh_from_db()
    assert story.anonymous_sources_approved_by is None


# Readers


def test_article_page_shows_the_note_in_place_of_the_source(client, story):
    response = client.get(story.get_absolute_url())

    content = response.content.decode()
    assert f"Anonymous source — {NOTE}" in content
    assert "Supports: the order to move" in content
    assert_nothing_identifying(content)


def test_anonymous_source_has_no_page(client, insider, story):
    response = client.get(reverse("articles:source-detail", kwargs={"slug": insider.slug}))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["articles:source-feed", "articles:source-feed-atom"])
def test_anonymous_source_has_no_feed(client, insider, story, name):
    assert client.get(reverse(name, kwargs={"slug": insider.slug})).status_code == 404


@pytest.mark.parametrize("name", ["articles:feed", "articles:feed-atom"])
def test_site_feeds_carry_nothing_identifying(client, story, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "Troops move north" in response.content.decode()
    assert_nothing_identifying(response.content.decode())


def test_search_does_not_find_a_story_by_its_anonymous_sources_name(client, story):
    response = client.get(reverse("articles:search"), {"q": "Petrenko"})

    assert list(response.context["page"]) == []
    story.refresh_from_db()
    assert_nothing_identifying(story.search_text)


def test_making_a_source_anonymous_removes_its_name_from_search(client):
    source = make_source(name="Colonel Ivan Petrenko")
    article = make_article(sources=[source])
    assert "Petrenko" in Article.objects.get(pk=article.pk).search_text

    source.is_anonymous = True
    source.save()

    assert "Petrenko" not in Article.objects.get(pk=article.pk).search_text


def test_sitemaps_leave_out_anonymous_sources(client, insider, story):
    response = client.get(reverse("sitemap-section", kwargs={"section": "sources"}))

    assert response.status_code in (200, 404)
    assert_nothing_identifying(response.content.decode())


def test_api_source_list_leaves_out_anonymous_sources(client, insider, story):
    named = make_source(name="Named agency")
    story.citations.create(source=named)

    response = client.get(reverse("api:source-list"))

    assert [item["slug"] for item in response.json()["items"]] == [named.slug]
    assert_nothing_identifying(response.content.decode())


def test_api_anonymous_source_detail_is_404(client, insider, story):
    response = client.get(reverse("api:source-detail", kwargs={"slug": insider.slug}))

    assert response.status_code == 404


def test_api_article_list_filtered_by_an_anonymous_source_is_404(client, insider, story):
    response = client.get(reverse("api:article-list"), {"source": insider.slug})

    assert response.status_code == 404


def test_api_article_detail_shows_only_the_note_for_an_anonymous_citation(client, story):
    response = client.get(reverse("api:article-detail", kwargs={"slug": story.slug}))

    assert response.status_code == 200
    citation = response.json()["citations"][0]
    assert citation["source"] == {"anonymous": True, "note": NOTE}
    assert citation["url"] is None
    assert citation["supports"] == "the order to move"
    assert_nothing_identifying(response.content.decode())


# Who may reveal a source


def source_form_data(client, source, **fields):
    response = client.get(reverse("admin:articles_source_change", args=[source.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    return {**{name: value for name, value in data.items() if value is not False}, **fields}


def test_a_writer_cannot_reveal_an_anonymous_source(client, insider, story):
    writer = make_user(is_staff=True)
    writer.groups.add(Group.objects.get(name="Writer"))
    client.force_login(writer)
    url = reverse("admin:articles_source_change", args=[insider.pk])

    # A published story cites it: the source opens read-only, and a change is refused.
    assert "is_anonymous" not in client.get(url).context["adminform"].form.fields
    assert client.post(url, {"name": insider.name, "slug": insider.slug}).status_code == 403
    # Cited only by drafts, the rest of it may be edited, its anonymity still may not.
    story.status = Article.Status.DRAFT
    story.save()
    data = source_form_data(client, insider, description="Background only.")
    assert "is_anonymous" not in data  # Shown, not offered for change.
    assert client.post(url, data).status_code == 302

    insider.refresh_from_db()
    assert insider.is_anonymous
    assert insider.description == "Background only."


def test_an_editor_who_signs_off_anonymous_sources_may_reveal_one(client, insider):
    editor = make_user(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    data = source_form_data(client, insider)
    assert data.pop("is_anonymous") is True

    response = client.post(reverse("admin:articles_source_change", args=[insider.pk]), data)

    assert response.status_code == 302
    insider.refresh_from_db()
    assert not insider.is_anonymous
