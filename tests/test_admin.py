import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Citation
from tests.factories import (
    make_article,
    make_author,
    make_section,
    make_source,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")
PREVIEW = reverse("markdownx_markdownify")

EDITOR_MODELS = [
    "article",
    "byline",
    "citation",
    "correction",
    "author",
    "source",
    "section",
    "tag",
]


def make_editor(*, actions=("add", "change")):
    """A staff member with the given permissions on every newsroom model, and nothing else."""
    editor = make_user(is_staff=True)
    codenames = [f"{action}_{model}" for action in actions for model in EDITOR_MODELS]
    # Publishing and editing colleagues' stories make an Editor (articles/workflow.py).
    codenames += ["publish_article", "edit_others_article"]
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return editor


def png_upload(name="hero.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def rendered_inline_data(response):
    """The inline formsets as the browser would post them back: management forms and every
    row's fields with the values the page rendered."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for row in formset.forms:
            for field in row:
                # Browsers leave out unchecked boxes and empty selects (0 is a real value).
                if field.value() is not None and field.value() is not False:
                    data[field.html_name] = field.value()
    return data


def add_form_data(client, **fields):
    """POST data for the article add form as the admin rendered it, plus `fields`."""
    response = client.get(ADD)
    assert response.status_code == 200
    data = rendered_inline_data(response)
    data.update({"status": Article.Status.DRAFT, "published_at_0": "", "published_at_1": ""})
    data.update(fields)
    return data


def form_errors(response):
    """Every error on the admin form and its inlines, for readable assertion messages."""
    if response.context is None or "adminform" not in response.context:
        return None
    errors = dict(response.context["adminform"].form.errors)
    for inline in response.context["inline_admin_formsets"]:
        errors[inline.formset.prefix] = [inline.formset.non_form_errors(), inline.formset.errors]
    return errors


def test_changelist_shows_headline_status_section_bylines_and_date(admin_client):
    article = make_article(
        headline="Talks resume in Geneva",
        section=make_section(name="World"),
        authors=[make_author(name="Ana Ruiz"), make_author(name="Tom Berg")],
    )

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert row == article
    content = response.content.decode()
    assert "Talks resume in Geneva" in content
    assert "World" in content
    assert "Ana Ruiz, Tom Berg" in content


def test_changelist_filters_by_status_section_author_and_tag(admin_client):
    section = make_section()
    author = make_author()
    tag = make_tag()
    wanted = make_article(section=section, authors=[author], tags=[tag])
    make_article(section=section, authors=[author], tags=[tag], status=Article.Status.DRAFT)
    make_article(section=make_section(), authors=[author], tags=[tag])
    make_article(section=section, authors=[make_author()], tags=[tag])
    make_article(section=section, authors=[author])

    response = admin_client.get(
        CHANGELIST,
        {
            "status__exact": Article.Status.PUBLISHED,
            "section__id__exact": section.pk,
            "bylines__author__id__exact": author.pk,
            "tags__id__exact": tag.pk,
        },
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_search_finds_article_by_author_name(admin_client):
    wanted = make_article(headline="Harbour reopens", authors=[make_author(name="Ingrid Solberg")])
    make_article(headline="Harbour closes", authors=[make_author(name="Pavel Novak")])

    response = admin_client.get(CHANGELIST, {"q": "Solberg"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_search_lists_an_article_once_when_several_bylines_match(admin_client):
    article = make_article(
        authors=[make_author(name="Anna Smith"), make_author(name="Chloe Smith")],
    )

    response = admin_client.get(CHANGELIST, {"q": "Smith"})

    assert list(response.context["cl"].result_list) == [article]
    assert response.context["cl"].result_count == 1


def test_changelist_runs_a_constant_number_of_queries(admin_client, django_assert_max_num_queries):
    section = make_section()
    tags = [make_tag(), make_tag()]
    authors = [make_author() for _ in range(4)]
    for index in range(60):
        make_article(
            section=section,
            authors=authors[index % 2 : index % 2 + 3],
            tags=tags,
            status=Article.Status.PUBLISHED if index % 3 else Article.Status.DRAFT,
        )

    # Session, user, counts, the page, one prefetch for bylines with authors, one for
    # citations with sources (the Sourcing column), and the filters' choices: none of it
    # grows with the number of rows.
    with django_assert_max_num_queries(12):
        response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 50


def test_editor_adds_a_published_article_that_readers_then_see(client):
    client.force_login(make_editor())
    author = make_author(name="Marta Kowalska")
    source = make_source(name="Port authority press office")
    data = add_form_data(
        client,
        headline="Ferry service restored",
        slug="ferry-service-restored",
        body="The **first** ferry left at dawn.",
        backstory="Our reporter was on the quay at dawn.",
        status=Article.Status.PUBLISHED,
        **{
            "bylines-0-author": author.pk,
            "bylines-0-role": Byline.Role.WRITER,
            "bylines-0-position": "0",
            "citations-0-source": source.pk,
            "citations-0-supports": "the departure time",
            "citations-0-url": "https://port.example/notices/1",
            "citations-0-position": "0",
        },
    )

    response = client.post(ADD, data)

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="ferry-service-restored")
    assert article.is_published()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert "Ferry service restored" in content
    assert "Marta Kowalska" in content
    assert "Port authority press office" in content
    assert "<strong>first</strong>" in content
    assert "How we reported this" in content
    assert "Our reporter was on the quay at dawn." in content


def test_a_draft_saved_in_the_admin_stays_off_the_public_site(client):
    client.force_login(make_editor())
    data = add_form_data(client, headline="Not yet", slug="not-yet", body="Embargoed.")

    response = client.post(ADD, data)

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="not-yet")
    assert article.status == Article.Status.DRAFT
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_hero_image_without_alt_text_is_refused_and_nothing_is_saved(client, settings):
    client.force_login(make_editor())
    data = add_form_data(
        client,
        headline="Storm damage",
        slug="storm-damage",
        body="Trees fell.",
        hero_image=png_upload(),
        hero_alt="  ",
        **{"bylines-0-author": make_author().pk},
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert "hero_alt" in response.context["adminform"].form.errors
    assert "Describe the hero image" in response.content.decode()
    assert not Article.objects.exists()
    assert not Byline.objects.exists()
    assert not (settings.MEDIA_ROOT / "heroes").exists()


def test_hero_image_with_alt_text_is_saved(client):
    client.force_login(make_editor())
    data = add_form_data(
        client,
        headline="Storm damage",
        slug="storm-damage",
        body="Trees fell.",
        hero_image=png_upload(),
        hero_alt="A fallen oak across a road",
    )

    response = client.post(ADD, data)

    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get().hero_image.name.startswith("heroes/")


@pytest.mark.parametrize(
    "picture",
    ["![Describe the picture](/media/uploads/ab/quay.jpg)", "![](/media/uploads/ab/quay.jpg)"],
)
def test_publishing_with_an_undescribed_picture_in_the_body_is_refused(client, picture):
    client.force_login(make_editor())
    body = f"The quay at dawn.\n\n{picture}\n\nThe port reopened."
    data = add_form_data(
        client,
        headline="Port reopens",
        slug="port-reopens",
        body=body,
        status=Article.Status.PUBLISHED,
        **{"bylines-0-author": make_author().pk},
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["body"]
    assert "Describe every picture in the body before publishing" in error
    assert "/media/uploads/ab/quay.jpg" in error
    assert not Article.objects.exists()
    # A draft may wait for its description; a described picture may be published.
    assert client.post(ADD, {**data, "status": Article.Status.DRAFT}).status_code == 302
    described = body.replace(picture.split("]")[0] + "]", "![Cranes idle at the quay]")
    Article.objects.all().delete()
    assert client.post(ADD, {**data, "body": described}).status_code == 302


def test_the_same_author_twice_in_the_byline_is_refused(client):
    client.force_login(make_editor())
    author = make_author()
    data = add_form_data(
        client,
        headline="Double byline",
        slug="double-byline",
        body="Text.",
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": author.pk,
            "bylines-0-role": Byline.Role.WRITER,
            "bylines-0-position": "0",
            "bylines-1-author": author.pk,
            "bylines-1-role": Byline.Role.REPORTING,
            "bylines-1-position": "0",
        },
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert not Article.objects.exists()


def test_bylines_left_at_position_zero_are_numbered_in_entry_order(client):
    client.force_login(make_editor())
    first, second, third = make_author(), make_author(), make_author()
    rows = {}
    for index, author in enumerate([first, second, third]):
        rows |= {
            f"bylines-{index}-author": author.pk,
            f"bylines-{index}-role": Byline.Role.WRITER,
            f"bylines-{index}-position": "0",
        }
    data = add_form_data(
        client,
        headline="Three reporters",
        slug="three-reporters",
        body="Text.",
        **{"bylines-TOTAL_FORMS": "3"},
        **rows,
    )

    response = client.post(ADD, data)

    assert response.status_code == 302, form_errors(response)
    bylines = Article.objects.get().bylines.all()
    assert [(byline.author, byline.position) for byline in bylines] == [
        (first, 0),
        (second, 1),
        (third, 2),
    ]


def test_bylines_follow_the_positions_editors_type(client):
    client.force_login(make_editor())
    first, second = make_author(), make_author()
    data = add_form_data(
        client,
        headline="Reordered",
        slug="reordered",
        body="Text.",
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": first.pk,
            "bylines-0-role": Byline.Role.WRITER,
            "bylines-0-position": "5",
            "bylines-1-author": second.pk,
            "bylines-1-role": Byline.Role.WRITER,
            "bylines-1-position": "2",
        },
    )

    response = client.post(ADD, data)

    assert response.status_code == 302, form_errors(response)
    assert [byline.author for byline in Article.objects.get().bylines.all()] == [second, first]


def test_a_byline_added_later_at_position_zero_goes_after_the_existing_ones(admin_client):
    first, second, newcomer = make_author(), make_author(), make_author()
    article = make_article(authors=[first, second])
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    published_at = timezone.localtime(article.published_at)
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "body": article.body,
        "status": article.status,
        "published_at_0": published_at.strftime("%Y-%m-%d"),
        "published_at_1": published_at.strftime("%H:%M:%S"),
        "base_version": article.version,
    }
    data |= rendered_inline_data(admin_client.get(change_url))
    data |= {
        "bylines-2-author": newcomer.pk,
        "bylines-2-role": Byline.Role.PHOTOS,
        "bylines-2-position": "0",
    }

    response = admin_client.post(change_url, data)

    assert response.status_code == 302, form_errors(response)
    assert [byline.author for byline in article.bylines.all()] == [first, second, newcomer]


def test_citations_left_at_position_zero_are_numbered_in_entry_order(client):
    client.force_login(make_editor())
    first, second = make_source(), make_source()
    data = add_form_data(
        client,
        headline="Two sources",
        slug="two-sources",
        body="Text.",
        **{
            "citations-TOTAL_FORMS": "2",
            "citations-0-source": first.pk,
            "citations-0-position": "0",
            "citations-1-source": second.pk,
            "citations-1-position": "0",
        },
    )

    response = client.post(ADD, data)

    assert response.status_code == 302, form_errors(response)
    citations = Citation.objects.filter(article__slug="two-sources")
    assert [(citation.source, citation.position) for citation in citations] == [
        (first, 0),
        (second, 1),
    ]


def test_change_form_links_to_the_article_on_the_site(admin_client):
    article = make_article()

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    shortcut = reverse("admin:view_on_site", args=[response.context["content_type_id"], article.pk])
    assert shortcut in response.content.decode()
    assert admin_client.get(shortcut)["Location"].endswith(article.get_absolute_url())


@pytest.mark.parametrize(
    "article",
    [
        lambda: make_article(status=Article.Status.DRAFT),
        lambda: make_article(published_at=timezone.now() + timedelta(hours=2)),
    ],
    ids=["draft", "scheduled"],
)
def test_change_form_of_a_story_readers_cannot_see_yet_has_no_link_to_the_site(
    admin_client, article
):
    article = article()

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert not response.context["has_absolute_url"]
    assert "View on site" not in response.content.decode()
    assert reverse("articles:article-preview", args=[article.pk]) in response.content.decode()


def test_non_staff_user_is_sent_to_the_admin_login(client):
    client.force_login(make_user())

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_article_permission_cannot_open_the_article_list(client):
    client.force_login(make_user(is_staff=True))

    response = client.get(CHANGELIST)

    assert response.status_code == 403


def test_markdown_preview_renders_sanitised_html_for_staff(client):
    client.force_login(make_editor())

    response = client.post(PREVIEW, {"content": "Some **bold** text.\n\n<script>alert(1)</script>"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script" not in html


def test_markdown_preview_refuses_anonymous_users(client):
    response = client.post(PREVIEW, {"content": "Some **bold** text."})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert b"<strong>" not in response.content


def test_markdown_preview_refuses_readers_who_are_not_staff(client):
    client.force_login(make_user())

    response = client.post(PREVIEW, {"content": "Some **bold** text."})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_publish_action_publishes_drafts(client):
    client.force_login(make_editor())
    draft = make_article(status=Article.Status.DRAFT)

    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published()


def test_publish_action_keeps_a_scheduled_date(client):
    client.force_login(make_editor())
    when = timezone.now() + timedelta(days=1)
    scheduled = make_article(status=Article.Status.PUBLISHED, published_at=when)

    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [scheduled.pk]})

    scheduled.refresh_from_db()
    assert scheduled.published_at == when


def test_publish_action_is_refused_without_change_permission(client):
    client.force_login(make_editor(actions=("view",)))
    draft = make_article(status=Article.Status.DRAFT)

    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]}
    )

    assert b"publish_selected" not in response.content
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_author_list_counts_articles_without_a_query_per_row(
    admin_client, django_assert_max_num_queries
):
    authors = [make_author() for _ in range(30)]
    for index in range(3):
        make_article(authors=authors[index:])

    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:articles_author_changelist"))

    counts = {author: author.article_count for author in response.context["cl"].result_list}
    assert counts[authors[0]] == 1
    assert counts[authors[2]] == 3


def test_source_list_counts_each_citing_article_once(admin_client):
    source = make_source()
    article = make_article(sources=[source])
    Citation.objects.create(article=article, source=source, position=1)
    make_article(sources=[source])

    response = admin_client.get(reverse("admin:articles_source_changelist"))

    assert [row.article_count for row in response.context["cl"].result_list] == [2]


def test_admin_is_branded_with_the_site_name(admin_client, settings):
    response = admin_client.get(reverse("admin:index"))

    assert response.context["site_header"] == settings.NEWSROOM_SITE_NAME
    assert response.context["site_url"] == "/"


def test_admin_pages_carry_the_site_icon(admin_client):
    for url in (reverse("admin:index"), reverse("admin:articles_article_add")):
        response = admin_client.get(url)
        assert b'<link rel="icon" href="/static/img/favicon.svg"' in response.content


# Forged values: a clear error, never a 500


@pytest.mark.parametrize(
    "field, value",
    [
        ("section", "\x00"),
        ("section", "abc"),
        ("section", "99999999999999999999999"),
        ("tags", "99999999999999999999999"),
        ("tags", "abc"),
        ("citations-0-source", "abc"),
        ("citations-0-source", "99999999999999999999999"),
        ("bylines-0-author", "abc"),
    ],
)
def test_a_forged_choice_is_refused_with_a_reason(admin_client, field, value):
    from tests.test_workflow import change_form_data, change_url

    article = make_article(
        status=Article.Status.DRAFT,
        headline="Untouched",
        authors=[make_author()],
        sources=[make_source()],
    )
    data = change_form_data(admin_client, article, headline="Forged")
    data[field] = value

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "Select a valid choice" in str(form_errors(response))
    article.refresh_from_db()
    assert article.headline == "Untouched"


@pytest.mark.parametrize("value", ["abc", "\x00", "99999999999999999999999"])
def test_a_list_action_on_forged_ids_changes_nothing(admin_client, value):
    live = make_article()

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "archive_selected", "confirmation": "yes", "_selected_action": [value]},
        follow=True,
    )

    assert response.status_code == 200
    assert "Choose the articles from the list." in response.content.decode()
    live.refresh_from_db()
    assert live.status == Article.Status.PUBLISHED


def test_a_date_beyond_the_calendar_in_the_list_address_is_not_a_500(admin_client):
    response = admin_client.get(
        reverse("admin:articles_article_changelist") + "?published_at__year=99999999999"
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
