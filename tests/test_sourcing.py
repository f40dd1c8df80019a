"""The sourcing desk in the admin: panel, live analysis, one-click citations, list column and
filter, publish confirmation and the Sources report."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Citation, Source
from articles.sourcing import summary_cache_key, unsourced_claims
from tests.browser import PASSWORD, log_in
from tests.factories import make_article, make_source, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ANALYSE = reverse("admin:articles_article_sourcing_analyse")
REPORT = reverse("admin:articles_sources_report")

STORY = """According to Reuters, the talks resumed on Monday.

Analysts suggest the visit matters.

The Kremlin said it was pleased with the outcome."""
SOURCED_STORY = "According to Reuters, the talks resumed on Monday."
PUBLISH_ANYWAY_BOX = 'name="publish_anyway"'


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def cite_url(article):
    return reverse("admin:articles_article_sourcing_cite", args=[article.pk])


def make_staff(*codenames):
    user = make_user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return user


def change_form_data(client, article, **fields):
    """The article change form as the browser would post it back, plus `fields`."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    data = {}
    for field in response.context["adminform"].form:
        value = field.value()
        if isinstance(field.field.widget, MultiWidget):
            for index, part in enumerate(field.field.widget.decompress(value)):
                data[f"{field.html_name}_{index}"] = part or ""
        elif value is not None and value is not False and not isinstance(value, FieldFile):
            data[field.html_name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for row in formset.forms:
            for field in row:
                if field.value() is not None and field.value() is not False:
                    data[field.html_name] = field.value()
    data.update(fields)
    return data


def published_fields():
    now = timezone.now()
    return {
        "status": Article.Status.PUBLISHED,
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": now.strftime("%H:%M:%S"),
    }


def form_errors(response):
    if response.context is None or "adminform" not in response.context:
        return None
    return dict(response.context["adminform"].form.errors)


# The panel


def test_seeded_article_panel_shows_one_cited_one_uncited_and_two_vague(admin_client):
    call_command("seed", verbosity=0)
    article = Article.objects.get()

    response = admin_client.get(change_url(article))

    assert response.status_code == 200
    content = response.content.decode()
    assert "1 cited · 1 uncited · 2 vague" in content
    assert 'value="NATO and European Union officials"' in content
    assert "cited as Russian Ministry of Defense Telegram channel" in content
    claims = [(claim.status, claim.attribution.party) for claim in unsourced_claims(article)]
    assert claims == [
        ("vague", None),
        ("vague", None),
        ("uncited", "NATO and European Union officials"),
    ]


def test_panel_groups_findings_under_labels_with_an_add_button_for_uncited(admin_client):
    article = make_article(body=STORY, sources=[make_source(name="Reuters")])

    response = admin_client.get(change_url(article))

    content = response.content.decode()
    assert "1 cited · 1 uncited · 1 vague" in content
    assert '<span class="sourcing-finding__label">Cited</span>' in content
    assert '<span class="sourcing-finding__label">Named, not cited</span>' in content
    assert '<span class="sourcing-finding__label">Vague</span>' in content
    assert "Analysts suggest the visit matters." in content
    assert f'formaction="{cite_url(article)}"' in content
    assert 'value="The Kremlin"' in content


def test_panel_escapes_the_text_it_quotes(admin_client):
    article = make_article(body='The Kremlin said "<script>alert(1)</script>" was a joke.')

    content = admin_client.get(change_url(article)).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_readers_of_the_form_without_change_permission_see_findings_without_buttons(client):
    client.force_login(make_staff("view_article"))
    article = make_article(body=STORY)

    content = client.get(change_url(article)).content.decode()

    assert "0 cited · 2 uncited · 1 vague" in content
    assert "sourcing-finding__cite" not in content
    assert 'data-analyse-url=""' in content


def test_change_form_loads_the_sourcing_script_and_styles(admin_client):
    article = make_article(body=STORY)

    content = admin_client.get(change_url(article)).content.decode()

    assert "js/admin-sourcing.js" in content
    assert "css/admin-sourcing.css" in content


def test_add_form_shows_the_panel_without_cite_buttons(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))

    content = response.content.decode()
    assert 'class="sourcing-panel"' in content
    assert "save the article to cite sources from here" in content
    assert "sourcing-finding__cite" not in content


# Live analysis


def test_analyse_endpoint_returns_findings_for_unsaved_text_against_saved_citations(admin_client):
    article = make_article(body="", sources=[make_source(name="Reuters")])

    response = admin_client.post(ANALYSE, {"article": article.pk, "body": STORY})

    assert response.status_code == 200
    data = response.json()
    assert data["summary"] == {"cited": 1, "uncited": 1, "vague": 1}
    assert data["summary_text"] == "1 cited · 1 uncited · 1 vague"
    assert [(f["status"], f["party"], f["source"]) for f in data["findings"]] == [
        ("cited", "Reuters", "Reuters"),
        ("vague", None, None),
        ("uncited", "The Kremlin", None),
    ]
    assert data["findings"][1]["sentence"] == "Analysts suggest the visit matters."


def test_analyse_endpoint_works_for_a_new_article_without_citations(admin_client):
    response = admin_client.post(ANALYSE, {"article": "", "body": SOURCED_STORY})

    assert response.status_code == 200
    assert response.json()["summary"] == {"cited": 0, "uncited": 1, "vague": 0}


def test_analyse_endpoint_sends_anonymous_visitors_to_the_login_page(client):
    article = make_article(body=STORY)

    response = client.post(ANALYSE, {"article": article.pk, "body": STORY})

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_analyse_endpoint_refuses_non_staff_users(client):
    client.force_login(make_user())
    article = make_article(body=STORY)

    response = client.post(ANALYSE, {"article": article.pk, "body": STORY})

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_analyse_endpoint_refuses_staff_without_change_permission(client):
    client.force_login(make_staff("view_article"))
    article = make_article(body=STORY)

    response = client.post(ANALYSE, {"article": article.pk, "body": STORY})

    assert response.status_code == 403


@pytest.mark.parametrize(
    "data",
    [{"article": "seven", "body": STORY}, {"article": ""}, {"body": "x" * 200_001}],
    ids=["article-not-a-number", "no-body", "body-too-long"],
)
def test_analyse_endpoint_rejects_bad_input_with_400(admin_client, data):
    response = admin_client.post(ANALYSE, data)

    assert response.status_code == 400
    assert "error" in response.json()


def test_analyse_endpoint_answers_404_for_a_missing_article(admin_client):
    response = admin_client.post(ANALYSE, {"article": "999999", "body": STORY})

    assert response.status_code == 404


def test_analyse_endpoint_only_accepts_post(admin_client):
    assert admin_client.get(ANALYSE).status_code == 405


# Add as citation


def test_add_as_citation_creates_the_source_and_cites_the_sentence(admin_client):
    article = make_article(body=STORY)

    response = admin_client.post(cite_url(article), {"party": "The Kremlin"})

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    source = Source.objects.get()
    assert (source.name, source.kind) == ("Kremlin", Source.Kind.OFFICIAL)
    citation = article.citations.get()
    assert citation.source == source
    assert citation.supports == "The Kremlin said it was pleased with the outcome."


@pytest.mark.parametrize(
    "party",
    [
        "officials",
        "a senior official",
        "people familiar",
        "The",
        "-- --",
        "\u202e" * 10,
        "Port \x00 authority",
    ],
)
def test_add_as_citation_refuses_a_party_that_names_nobody(admin_client, party):
    article = make_article(body="The port will reopen, officials said.")

    response = admin_client.post(cite_url(article), {"party": party})

    assert response.status_code == 400
    assert "names nobody a reader could check" in response.content.decode()
    assert not Source.objects.exists()
    assert not article.citations.exists()


def test_add_as_citation_will_not_cite_an_anonymous_source_without_its_note(admin_client):
    insider = make_source(name="Deep Throat", aliases="Mark Felt", is_anonymous=True)
    article = make_article(body="The break-in was planned, Mark Felt said.")

    response = admin_client.post(cite_url(article), {"party": "Mark Felt"})

    assert response.status_code == 400
    assert "cite it in the Citations table" in response.content.decode()
    assert not article.citations.filter(source=insider).exists()


def test_add_as_citation_twice_reuses_the_source_and_the_citation(admin_client):
    article = make_article(body=STORY)

    admin_client.post(cite_url(article), {"party": "The Kremlin"})
    admin_client.post(cite_url(article), {"party": "The Kremlin"})

    assert Source.objects.count() == 1
    assert article.citations.count() == 1


def test_add_as_citation_reuses_an_existing_matching_source(admin_client):
    agency = make_source(name="Reuters", kind=Source.Kind.AGENCY)
    article = make_article(body=STORY, sources=[make_source(name="Earlier source")])

    admin_client.post(cite_url(article), {"party": "Reuters", "sentence": "From the JS."})

    assert Source.objects.count() == 2
    citation = article.citations.get(source=agency)
    assert (citation.supports, citation.position) == ("From the JS.", 1)


def test_add_as_citation_answers_json_to_the_script(admin_client):
    article = make_article(body=STORY)

    response = admin_client.post(
        cite_url(article), {"party": "Reuters"}, headers={"accept": "application/json"}
    )

    assert response.status_code == 200
    data = response.json()
    assert data["source"] == "Reuters"
    assert data["source_created"] is True
    assert data["citation"] == article.citations.get().pk


def test_add_as_citation_refuses_staff_without_change_permission(client):
    client.force_login(make_staff("view_article"))
    article = make_article(body=STORY)

    response = client.post(cite_url(article), {"party": "The Kremlin"})

    assert response.status_code == 403
    assert not Source.objects.exists()
    assert not Citation.objects.exists()


def test_add_as_citation_without_a_party_is_a_bad_request(admin_client):
    article = make_article(body=STORY)

    response = admin_client.post(cite_url(article), {"party": "  "})

    assert response.status_code == 400
    assert not Source.objects.exists()


def test_add_as_citation_only_accepts_post(admin_client):
    article = make_article(body=STORY)

    assert admin_client.get(cite_url(article)).status_code == 405


def test_add_as_citation_needs_the_csrf_token(client):
    client.handler.enforce_csrf_checks = True
    client.force_login(make_user(is_staff=True, is_superuser=True))
    article = make_article(body=STORY)

    response = client.post(cite_url(article), {"party": "The Kremlin"})

    assert response.status_code == 403
    assert not Source.objects.exists()


# Changelist


def test_changelist_shows_each_articles_sourcing_summary(admin_client):
    make_article(body=STORY, sources=[make_source(name="Reuters")])

    response = admin_client.get(CHANGELIST)

    assert "1 cited · 1 uncited · 1 vague" in response.content.decode()


def test_changelist_sourcing_column_adds_no_query_per_row(
    admin_client, django_assert_max_num_queries
):
    for _ in range(30):
        make_article(body=STORY, sources=[make_source(), make_source()])

    with django_assert_max_num_queries(12):
        response = admin_client.get(CHANGELIST)

    assert response.content.decode().count("0 cited · 2 uncited · 1 vague") == 30


def test_saving_an_article_in_the_admin_warms_the_sourcing_column_cache(admin_client):
    reuters = make_source(name="Reuters")
    article = make_article(body=SOURCED_STORY, status=Article.Status.DRAFT)
    data = change_form_data(admin_client, article, body=STORY)
    data["citations-0-source"] = reuters.pk
    cache.clear()

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    cached = cache.get(summary_cache_key(article.body, [reuters]))
    assert cached == {"cited": 1, "uncited": 1, "vague": 1}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("vague", ["vague"]), ("uncited", ["uncited", "vague"]), ("sourced", ["sourced", "none"])],
)
def test_changelist_filters_by_sourcing(admin_client, choice, expected):
    reuters = make_source(name="Reuters")
    articles = {
        "vague": make_article(headline="vague", body=STORY, sources=[reuters]),
        "uncited": make_article(headline="uncited", body=SOURCED_STORY),
        "sourced": make_article(headline="sourced", body=SOURCED_STORY, sources=[reuters]),
        "none": make_article(headline="none", body="Nobody is quoted here."),
    }
    # The vague story also cites Reuters but names the Kremlin: it has uncited claims too.

    response = admin_client.get(CHANGELIST, {"sourcing": choice})

    assert response.status_code == 200
    found = {article.headline for article in response.context["cl"].result_list}
    wanted = {articles[name].headline for name in expected}
    assert found == wanted


def test_changelist_ignores_an_unknown_sourcing_choice(admin_client):
    make_article(body=STORY)

    response = admin_client.get(CHANGELIST, {"sourcing": "bogus"})

    assert response.status_code in (200, 302)


# Publishing


def test_publishing_with_uncited_or_vague_claims_is_refused_without_confirmation(admin_client):
    article = make_article(body=STORY, status=Article.Status.DRAFT)

    response = admin_client.post(
        change_url(article), change_form_data(admin_client, article, **published_fields())
    )

    assert response.status_code == 200
    errors = form_errors(response)
    assert "publish_anyway" in errors
    message = " ".join(errors["__all__"])
    assert "Publish anyway" in message
    assert "Analysts suggest the visit matters." in message
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_publishing_with_unsourced_claims_goes_through_when_confirmed(admin_client):
    article = make_article(body=STORY, status=Article.Status.DRAFT)
    data = change_form_data(admin_client, article, publish_anyway="on", **published_fields())

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_publishing_a_fully_sourced_article_needs_no_confirmation(admin_client):
    article = make_article(
        body=SOURCED_STORY, status=Article.Status.DRAFT, sources=[make_source(name="Reuters")]
    )

    response = admin_client.post(
        change_url(article), change_form_data(admin_client, article, **published_fields())
    )

    assert response.status_code == 302, form_errors(response)


def test_publish_check_counts_a_citation_added_in_the_same_save(admin_client):
    reuters = make_source(name="Reuters")
    article = make_article(body=SOURCED_STORY, status=Article.Status.DRAFT)
    data = change_form_data(admin_client, article, **published_fields())
    data["citations-0-source"] = reuters.pk

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    assert article.citations.get().source == reuters


def test_editing_an_already_published_article_does_not_ask_again(admin_client):
    article = make_article(body=STORY)
    data = change_form_data(admin_client, article, headline="A new headline")

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)


def test_an_edit_that_adds_a_vague_claim_to_a_live_story_asks_first(admin_client):
    article = make_article(body=STORY)
    added = "Critics say the deal is already dead."
    data = change_form_data(admin_client, article, body=f"{STORY}\n\n{added}")

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 200
    message = " ".join(form_errors(response)["__all__"])
    assert added in message
    assert "Analysts suggest the visit matters." not in message  # confirmed when published
    assert PUBLISH_ANYWAY_BOX in response.content.decode()
    article.refresh_from_db()
    assert added not in article.body


def test_an_edit_that_adds_a_vague_claim_to_a_live_story_saves_once_confirmed(admin_client):
    article = make_article(body=STORY)
    added = "Critics say the deal is already dead."
    data = change_form_data(admin_client, article, body=f"{STORY}\n\n{added}", publish_anyway="on")

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert added in article.body


def test_publish_anyway_is_offered_on_a_draft_with_unsourced_claims(admin_client):
    article = make_article(body=STORY, status=Article.Status.DRAFT)

    content = admin_client.get(change_url(article)).content.decode()

    assert PUBLISH_ANYWAY_BOX in content


def test_publish_anyway_is_not_offered_on_a_draft_whose_claims_are_all_cited(admin_client):
    article = make_article(
        body=SOURCED_STORY, status=Article.Status.DRAFT, sources=[make_source(name="Reuters")]
    )

    content = admin_client.get(change_url(article)).content.decode()

    assert PUBLISH_ANYWAY_BOX not in content


def test_publish_anyway_is_not_offered_on_a_published_article(admin_client):
    article = make_article(body=STORY)

    content = admin_client.get(change_url(article)).content.decode()

    assert "0 cited · 2 uncited · 1 vague" in content
    assert PUBLISH_ANYWAY_BOX not in content


def test_publish_anyway_is_offered_on_the_add_form_before_the_body_is_known(admin_client):
    content = admin_client.get(reverse("admin:articles_article_add")).content.decode()

    assert PUBLISH_ANYWAY_BOX in content


def test_publish_anyway_is_not_offered_to_writers_who_cannot_publish(client):
    writer = make_staff("view_article", "add_article", "change_article")
    client.force_login(writer)
    article = make_article(body=STORY, status=Article.Status.DRAFT, created_by=writer)

    change_page = client.get(change_url(article)).content.decode()
    add_page = client.get(reverse("admin:articles_article_add")).content.decode()

    assert "0 cited · 2 uncited · 1 vague" in change_page
    assert PUBLISH_ANYWAY_BOX not in change_page
    assert PUBLISH_ANYWAY_BOX not in add_page


def test_claims_added_while_publishing_bring_publish_anyway_back_with_the_error(admin_client):
    article = make_article(
        body=SOURCED_STORY, status=Article.Status.DRAFT, sources=[make_source(name="Reuters")]
    )
    assert PUBLISH_ANYWAY_BOX not in admin_client.get(change_url(article)).content.decode()
    data = change_form_data(admin_client, article, body=STORY, **published_fields())

    refused = admin_client.post(change_url(article), data)

    assert refused.status_code == 200
    assert "Publish anyway" in " ".join(form_errors(refused)["__all__"])
    content = refused.content.decode()
    assert PUBLISH_ANYWAY_BOX in content
    assert "Tick to confirm publishing these claims." in content
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    confirmed = admin_client.post(change_url(article), {**data, "publish_anyway": "on"})

    assert confirmed.status_code == 302, form_errors(confirmed)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_setting_makes_unsourced_claims_a_hard_block(admin_client, settings):
    settings.NEWSROOM_SOURCING_BLOCKS_PUBLISH = True
    article = make_article(body=STORY, status=Article.Status.DRAFT)
    data = change_form_data(admin_client, article, publish_anyway="on", **published_fields())

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "cannot be published" in " ".join(form_errors(response)["__all__"])
    assert "publish_anyway" not in response.context["adminform"].form.fields
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_unsourced_claims_lists_uncited_and_vague_findings():
    article = make_article(body=STORY, sources=[make_source(name="Reuters")])

    claims = unsourced_claims(article)

    assert [(claim.status, claim.attribution.party) for claim in claims] == [
        ("vague", None),
        ("uncited", "The Kremlin"),
    ]


def test_unsourced_claims_reads_the_citations_in_one_query(django_assert_num_queries):
    article = make_article(body=STORY, sources=[make_source(name="Reuters"), make_source()])
    article = Article.objects.get(pk=article.pk)

    with django_assert_num_queries(1):
        claims = unsourced_claims(article)

    assert len(claims) == 2


# Sources report


def test_sources_report_counts_published_articles_and_first_and_last_citation(admin_client):
    now = timezone.now()
    ministry = make_source(name="Ministry channel")
    agency = make_source(name="Agency")
    first = make_article(sources=[ministry, agency], published_at=now - timedelta(days=10))
    last = make_article(sources=[ministry], published_at=now - timedelta(days=1))
    make_article(sources=[ministry], status=Article.Status.DRAFT)
    make_article(sources=[ministry], published_at=now + timedelta(days=1))

    response = admin_client.get(REPORT)

    assert response.status_code == 200
    rows = {source.name: source for source in response.context["sources"]}
    assert rows["Ministry channel"].article_count == 2
    assert rows["Ministry channel"].first_cited == first.published_at
    assert rows["Ministry channel"].last_cited == last.published_at
    assert rows["Agency"].article_count == 1
    assert list(response.context["single_source"]) == [last]
    assert response.context["single_source"][0].only_source == "Ministry channel"
    content = response.content.decode()
    assert change_url(last) in content
    assert last.get_absolute_url() in content


def test_sources_report_reads_sources_in_one_query(admin_client, django_assert_num_queries):
    for _ in range(5):
        make_article(sources=[make_source(), make_source()])
    response = admin_client.get(REPORT)

    with django_assert_num_queries(1):
        assert len(list(response.context["sources"].all())) == 10


def test_sources_report_is_refused_without_view_permission(client):
    client.force_login(make_staff("view_article"))

    assert client.get(REPORT).status_code == 403


def test_sources_report_is_linked_from_the_source_list_and_the_admin_index(admin_client):
    source_list = admin_client.get(reverse("admin:articles_source_changelist"))
    index = admin_client.get(reverse("admin:index"))

    assert f'href="{REPORT}"' in source_list.content.decode()
    assert f'href="{REPORT}"' in index.content.decode()


# Readers


def test_article_page_titles_its_sources_box_how_we_sourced_this(client):
    source = make_source(name="Reuters", kind=Source.Kind.AGENCY)
    article = make_article(body=SOURCED_STORY, sources=[source])

    content = client.get(article.get_absolute_url()).content.decode()

    assert "How we sourced this" in content
    assert "News agency" in content
    assert f'href="{source.get_absolute_url()}"' in content


def test_article_page_shows_how_we_reported_this_when_set(client):
    article = make_article(backstory="We watched the arrival from the airfield.")

    content = client.get(article.get_absolute_url()).content.decode()

    assert "How we reported this" in content
    assert "<p>We watched the arrival from the airfield.</p>" in content


def test_article_page_has_no_backstory_box_without_a_backstory(client):
    article = make_article()

    assert "How we reported this" not in client.get(article.get_absolute_url()).content.decode()


def test_changelist_counts_articles_per_sourcing_choice_when_asked(admin_client):
    make_article(body=STORY)
    make_article(body=SOURCED_STORY, sources=[make_source(name="Reuters")])

    response = admin_client.get(CHANGELIST, {"_facets": "True"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Has vague claims (1)" in content
    assert "All claims sourced (1)" in content


# In the browser


@pytest.mark.browser
def test_panel_updates_while_typing_and_cites_without_leaving_the_page(
    page,  # noqa: F811
    live_server,
):
    make_user(username="desk", password=PASSWORD, is_staff=True, is_superuser=True)
    article = make_article(body=SOURCED_STORY)
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server, "desk")

    page.goto(f"{live_server.url}{change_url(article)}")
    summary = page.locator(".sourcing-panel__summary")
    expect(summary).to_have_text("0 cited · 1 uncited · 0 vague")
    page.locator("#id_body").fill(STORY)
    expect(summary).to_have_text("0 cited · 2 uncited · 1 vague")
    expect(page.locator(".sourcing-group--vague .sourcing-finding__sentence")).to_have_text(
        "Analysts suggest the visit matters."
    )
    page.locator('.sourcing-finding__cite[value="The Kremlin"]').click()

    expect(page.locator(".sourcing-panel__message")).to_contain_text("Kremlin")
    assert page.locator("#id_body").input_value() == STORY  # the unsaved text is still there
    assert article.citations.get().source.name == "Kremlin"
    # In place: the panel counts it as cited, the Citations group lists it.
    expect(summary).to_have_text("1 cited · 1 uncited · 1 vague")
    expect(page.locator("#citations-group .citations-added")).to_contain_text("Kremlin")
    # The citation was the only change since the form opened: saving is no conflict.
    page.locator("#id_body").fill(SOURCED_STORY)
    page.locator("#id_dek").fill("Edited after citing")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.dek == "Edited after citing"
    assert article.citations.get().source.name == "Kremlin"
    assert problems == []
