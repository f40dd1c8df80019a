"""About and policy pages: what readers see, what editors maintain, and the default set."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Page
from articles.pages import ensure_policy_pages
from tests.factories import make_page, make_user

pytestmark = pytest.mark.django_db


# --- Reading pages ------------------------------------------------------------------


def test_published_page_shows_its_title_and_rendered_body(client):
    page = make_page(title="About us", slug="about", body="We are *independent*.")
    response = client.get(reverse("articles:page-detail", kwargs={"slug": "about"}))
    assert response.status_code == 200
    assertContains(response, '<h1 class="page-header__title">About us</h1>', html=True)
    assertContains(response, "<em>independent</em>")
    assert response.context["site_page"] == page


def test_page_address_comes_from_its_slug(client):
    page = make_page(slug="ethics-policy")
    assert page.get_absolute_url() == "/pages/ethics-policy/"


def test_unpublished_page_is_not_found(client):
    page = make_page(slug="draft-policy", is_published=False)
    response = client.get(page.get_absolute_url())
    assert response.status_code == 404


def test_unknown_page_is_not_found(client):
    response = client.get(reverse("articles:page-detail", kwargs={"slug": "no-such-page"}))
    assert response.status_code == 404


def test_script_in_a_page_body_is_stripped(client):
    page = make_page(body="Hello <script>alert('page')</script> world")
    response = client.get(page.get_absolute_url())
    assertNotContains(response, "alert('page')")


def test_page_description_is_plain_text_from_the_body(client):
    page = make_page(body="# Who we are\n\nWe report **Q&A** sessions in full.")
    response = client.get(page.get_absolute_url())
    assertContains(
        response, '<meta name="description" content="Who we are We report Q&amp;A sessions'
    )


def test_footer_and_json_ld_share_one_query_for_the_policy_pages(client):
    make_page(title="About us", kind=Page.Kind.ABOUT)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:home"))
    assertContains(response, "site-footer__link")
    assertContains(response, '"masthead": ')
    page_queries = [query for query in queries if 'FROM "articles_page"' in query["sql"]]
    assert len(page_queries) == 1


def test_page_costs_few_queries(client, django_assert_max_num_queries):
    page = make_page(kind=Page.Kind.ABOUT)
    # Counting the cache generations, read first (articles/caching.py).
    with django_assert_max_num_queries(4):
        response = client.get(page.get_absolute_url())
    assert response.status_code == 200


# --- The footer -----------------------------------------------------------------------


def test_footer_links_the_published_about_and_policy_pages(client):
    make_page(title="About us", slug="about", kind=Page.Kind.ABOUT)
    make_page(title="Corrections policy", slug="corrections", kind=Page.Kind.CORRECTIONS_POLICY)
    make_page(title="Ethics policy", slug="ethics", kind=Page.Kind.ETHICS_POLICY)
    response = client.get(reverse("articles:home"))
    content = response.content.decode()
    footer = content[content.index('<footer class="site-footer">') :]
    links = [
        '<a class="site-footer__link" href="/pages/about/">About us</a>',
        '<a class="site-footer__link" href="/pages/corrections/">Corrections policy</a>',
        '<a class="site-footer__link" href="/pages/ethics/">Ethics policy</a>',
    ]
    positions = [footer.index(link) for link in links]
    assert positions == sorted(positions)


def test_footer_leaves_out_unpublished_and_other_pages(client):
    make_page(title="Secret ethics draft", kind=Page.Kind.ETHICS_POLICY, is_published=False)
    make_page(title="Jobs", kind=Page.Kind.OTHER)
    response = client.get(reverse("articles:home"))
    assertNotContains(response, "Secret ethics draft")
    assertNotContains(response, "site-footer__nav")


# --- Default pages --------------------------------------------------------------------


def test_ensure_policy_pages_creates_the_about_page_and_every_trust_project_policy(client):
    created = ensure_policy_pages()
    assert sorted(page.kind for page in created) == sorted(
        [
            Page.Kind.ABOUT,
            Page.Kind.CORRECTIONS_POLICY,
            Page.Kind.ETHICS_POLICY,
            Page.Kind.UNNAMED_SOURCES_POLICY,
            Page.Kind.VERIFICATION_POLICY,
            Page.Kind.DIVERSITY_POLICY,
            Page.Kind.FEEDBACK_POLICY,
            Page.Kind.OWNERSHIP,
            Page.Kind.MISSION,
        ]
    )
    for page in created:
        assert page.is_published
        assert page.body_html
        assert client.get(page.get_absolute_url()).status_code == 200


def test_ensure_policy_pages_twice_creates_nothing_more():
    ensure_policy_pages()
    assert ensure_policy_pages() == []
    assert Page.objects.count() == len(Page.Kind) - 1  # Every kind but "Other".


def test_ensure_policy_pages_keeps_an_editors_page_of_the_same_kind():
    own = make_page(title="Our standards", slug="standards", kind=Page.Kind.ETHICS_POLICY)
    created = ensure_policy_pages()
    assert Page.Kind.ETHICS_POLICY not in [page.kind for page in created]
    assert Page.objects.get(kind=Page.Kind.ETHICS_POLICY) == own


def test_ensure_policy_pages_skips_a_kind_whose_slug_is_taken():
    make_page(title="About the weather", slug="about", kind=Page.Kind.OTHER)
    created = ensure_policy_pages()
    assert Page.Kind.ABOUT not in [page.kind for page in created]
    assert Page.objects.get(slug="about").title == "About the weather"


# --- The admin ------------------------------------------------------------------------


def test_admin_lists_pages(admin_client):
    make_page(title="Ethics policy", kind=Page.Kind.ETHICS_POLICY)
    response = admin_client.get(reverse("admin:articles_page_changelist"))
    assertContains(response, "Ethics policy")


def test_admin_page_form_has_the_markdown_live_preview(admin_client):
    response = admin_client.get(reverse("admin:articles_page_add"))
    assertContains(response, "markdownx-editor")
    assertContains(response, "markdownx-preview")
    assertContains(response, 'id="id_slug"')


def test_admin_creates_a_page(admin_client):
    response = admin_client.post(
        reverse("admin:articles_page_add"),
        {
            "title": "Corrections policy",
            "slug": "corrections-policy",
            "kind": Page.Kind.CORRECTIONS_POLICY,
            "is_published": "on",
            "body": "We correct *errors* fast.",
        },
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="corrections-policy")
    assert page.body_html == "<p>We correct <em>errors</em> fast.</p>"


def test_admin_rejects_a_bad_kind_and_writes_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:articles_page_add"),
        {"title": "Odd", "slug": "odd", "kind": "manifesto", "body": "Text."},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["kind"]
    assert not Page.objects.exists()


def test_staff_without_page_permissions_cannot_edit_pages(client):
    page = make_page()
    user = make_user(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:articles_page_changelist")).status_code == 403
    response = client.post(
        reverse("admin:articles_page_change", args=[page.pk]),
        {"title": "Hijacked", "slug": page.slug, "kind": page.kind, "body": "x"},
    )
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.title != "Hijacked"


def test_staff_with_change_permission_can_edit_pages(client):
    page = make_page(title="About")
    user = make_user(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_page"),
        Permission.objects.get(codename="change_page"),
    )
    client.force_login(user)
    response = client.post(
        reverse("admin:articles_page_change", args=[page.pk]),
        {
            "title": "About us",
            "slug": page.slug,
            "kind": Page.Kind.ABOUT,
            "is_published": "on",
            "body": "New text.",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "About us"
