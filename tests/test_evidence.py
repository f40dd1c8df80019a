"""The evidence locker: safe fetching, capture as WARC records, replay, watching, withdrawal
and the editors' views, against small servers started here on 127.0.0.1."""

import hashlib
import io
import socket
import time

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from PIL import Image
from warcio.archiveiterator import ArchiveIterator

from articles import jobs, workflow
from articles.evidence import archiving, capture_after_commit, fetching
from articles.evidence.capturing import capture_citation
from articles.evidence.fetching import FetchFailed, FetchRefused, fetch
from articles.evidence.watching import check_citation, watch_citations
from articles.models import ArchivedCopy, Article, Citation, CitationWatch, Correction, Source
from tests.cited_pages import Answer, CitedSite, redirect
from tests.factories import make_article, make_source, run_queued_jobs
from tests.test_workflow import change_form_data, change_url

pytestmark = pytest.mark.django_db

PAGE = b"""<!doctype html><html><head><title>Ministry statement</title>
<style>p { color: navy }</style></head>
<body><h1>Statement on the harbour</h1><p>The harbour reopens on Monday.</p>
<p>Ships may enter from 6am.</p></body></html>"""


@pytest.fixture
def site(settings):
    """A cited site on 127.0.0.1, the one private address the fetcher is let through to."""
    cited = CitedSite()
    settings.NEWSROOM_EVIDENCE_ALLOWED_ADDRESSES = [f"127.0.0.1:{cited.port}"]
    settings.NEWSROOM_EVIDENCE_TIMEOUT = 2
    settings.NEWSROOM_EVIDENCE_TOTAL_SECONDS = 3
    cited.routes["/robots.txt"] = Answer(b"", status=404)
    yield cited
    cited.stop()


@pytest.fixture
def other_site():
    """A second local server that nothing allows: it must never be asked anything."""
    cited = CitedSite()
    yield cited
    cited.stop()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def cite(url, *, status=Article.Status.PUBLISHED, source=None, **fields):
    source = source or Source.objects.filter(name="Harbour Ministry").first()
    source = source or make_source(name="Harbour Ministry")
    article = make_article(status=status)
    return Citation.objects.create(
        article=article, source=source, url=url, supports="the reopening", **fields
    )


def resolver_answering(answers):
    """A getaddrinfo that answers `answers` ({host: [address, ...]}) and passes the rest on."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            addresses = answers[host]
            if callable(addresses):
                addresses = addresses()
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
                for address in addresses
            ]
        return real(host, port, *args, **kwargs)

    return getaddrinfo


# --- Safe fetching -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)", "gopher://x/"]
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(url)


def test_loopback_is_refused_unless_the_test_setting_allows_it(site, settings):
    site.routes["/page"] = Answer(PAGE)
    settings.NEWSROOM_EVIDENCE_ALLOWED_ADDRESSES = []
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(site.url("/page"))
    assert site.requests == []


def test_a_page_is_fetched_with_its_headers_and_a_clear_user_agent(site, settings):
    site.routes["/page"] = Answer(PAGE, headers={"Content-Type": "text/html", "X-Issue": "7"})
    fetched = fetch(site.url("/page"))
    assert fetched.status == 200
    assert fetched.body == PAGE
    assert fetched.header("X-Issue") == "7"
    user_agents = {headers["User-Agent"] for _, headers in site.requests}
    assert user_agents == {settings.NEWSROOM_EVIDENCE_USER_AGENT}
    assert "NewsroomEvidence" in settings.NEWSROOM_EVIDENCE_USER_AGENT


def test_redirects_are_followed_to_the_final_address(site):
    site.routes["/old"] = redirect("/middle", 301)
    site.routes["/middle"] = redirect(site.url("/new"), 302)
    site.routes["/new"] = Answer(PAGE)
    fetched = fetch(site.url("/old"))
    assert fetched.final_url == site.url("/new")
    assert fetched.redirects == [(301, site.url("/old")), (302, site.url("/middle"))]


def test_a_redirect_to_another_loopback_address_is_refused(site, other_site):
    site.routes["/hop"] = redirect(other_site.url("/admin"))
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(site.url("/hop"))
    assert other_site.requests == []


def test_a_redirect_to_the_cloud_metadata_service_is_refused_even_when_allowed(site, settings):
    settings.NEWSROOM_EVIDENCE_ALLOWED_ADDRESSES += ["169.254.169.254"]
    site.routes["/hop"] = redirect("http://169.254.169.254/latest/meta-data/iam/")
    with pytest.raises(FetchRefused, match="metadata"):
        fetch(site.url("/hop"))


@pytest.mark.parametrize(
    "addresses",
    [["10.1.2.3"], ["192.168.0.10"], ["93.184.215.14", "172.16.5.5"], ["100.64.0.7"], ["0.0.0.0"]],
)
def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch, addresses):
    monkeypatch.setattr(socket, "getaddrinfo", resolver_answering({"intranet.example": addresses}))
    with pytest.raises(FetchRefused, match="intranet.example resolves to"):
        fetch("https://intranet.example/secrets")


@pytest.mark.parametrize(
    "address",
    ["::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "fd00:ec2::254", "64:ff9b::a00:1",
     "2002:c0a8:1::1", "fe80::1"],
)  # fmt: skip
def test_ipv6_addresses_that_reach_inside_are_refused(address):
    assert fetching.address_refusal(address, 443) != ""


def test_a_public_address_is_allowed():
    assert fetching.address_refusal("93.184.215.14", 443) == ""
    assert fetching.address_refusal("2606:2800:21f:cb07:6820:80da:af6b:8b2c", 443) == ""


def test_a_resolver_that_does_not_answer_is_not_a_missing_host(monkeypatch):
    def resolver_down(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", resolver_down)
    with pytest.raises(FetchFailed, match="could not be looked up") as refusal:
        fetch("https://ministry.example/statement")
    assert not isinstance(refusal.value, fetching.HostNotFound)


def test_the_connection_goes_to_the_address_that_was_checked(site, monkeypatch):
    """DNS rebinding: a second lookup of the name would give a private address; the
    fetcher never makes one, and connects to the address it checked."""
    answers = iter([["127.0.0.1"]])
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        resolver_answering({"news.example": lambda: next(answers, ["10.0.0.1"])}),
    )
    site.routes["/page"] = Answer(PAGE)
    fetched = fetch(f"http://news.example:{site.port}/page", honour_robots=False)
    assert fetched.body == PAGE
    assert fetched.address == "127.0.0.1"
    assert site.requests[0][1]["Host"] == f"news.example:{site.port}"


def test_an_answer_over_the_size_limit_is_refused(site, settings):
    settings.NEWSROOM_EVIDENCE_MAX_BYTES = 100_000
    site.routes["/declared"] = Answer(b"x" * 200_000)
    site.routes["/chunked"] = Answer(b"x" * 200_000, chunked=True)
    with pytest.raises(FetchFailed, match="200,000 bytes, over 100,000"):
        fetch(site.url("/declared"))
    with pytest.raises(FetchFailed, match="over 100,000 bytes"):
        fetch(site.url("/chunked"))


def test_a_page_that_drips_is_cut_off_at_the_time_limit(site, settings):
    settings.NEWSROOM_EVIDENCE_TOTAL_SECONDS = 1
    site.routes["/slow"] = Answer(drip=100, pause=0.1)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="took too long"):
        fetch(site.url("/slow"))
    assert time.monotonic() - started < 3


def test_robots_txt_is_honoured(site):
    site.routes["/robots.txt"] = Answer(
        b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
    )
    site.routes["/private/memo"] = Answer(PAGE)
    with pytest.raises(FetchRefused, match="robots.txt"):
        fetch(site.url("/private/memo"))
    assert "/private/memo" not in site.paths_requested()


def test_a_robots_txt_that_cannot_be_read_allows_nothing(site):
    site.routes["/robots.txt"] = Answer(b"down", status=503)
    site.routes["/page"] = Answer(PAGE)
    with pytest.raises(FetchFailed, match="robots.txt answered 503"):
        fetch(site.url("/page"))
    assert "/page" not in site.paths_requested()


def test_robots_txt_is_read_once_per_site_in_a_fetch(site):
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = Answer(PAGE)
    fetch(site.url("/a"))
    assert site.paths_requested() == ["/robots.txt", "/a", "/b"]


def test_https_is_spoken_with_certificates_checked(site):
    # The test server speaks plain HTTP: the TLS handshake fails, and says so.
    with pytest.raises(FetchFailed, match="SSL"):
        fetch(f"https://127.0.0.1:{site.port}/page", honour_robots=False)


# --- Capture ------------------------------------------------------------------------------


def warc_records(copy):
    with copy.warc_file.open("rb") as warc:
        return [
            (record.rec_type, record.rec_headers, record.http_headers, record.raw_stream.read())
            for record in ArchiveIterator(warc)
        ]


def test_an_html_page_is_archived_as_a_warc_record_with_its_fingerprint(site):
    site.routes["/statement"] = Answer(
        PAGE, headers={"Content-Type": "text/html; charset=utf-8", "X-Served-By": "ministry"}
    )
    citation = cite(site.url("/statement"))

    copy = capture_citation(citation.pk)

    assert copy.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert (copy.requested_url, copy.final_url) == (site.url("/statement"),) * 2
    assert (copy.status_code, copy.content_type, copy.size) == (200, "text/html", len(PAGE))
    assert default_storage.exists(copy.warc_file.name)
    assert copy.warc_file.name.startswith("evidence/")
    (kind, warc, http, body), (meta_kind, _, _, metadata) = warc_records(copy)
    assert (kind, meta_kind) == ("response", "metadata")
    assert body == PAGE
    assert warc.get_header("WARC-Target-URI") == site.url("/statement")
    assert warc.get_header("WARC-IP-Address") == "127.0.0.1"
    assert warc.get_header("WARC-Payload-Digest").startswith("sha256:")
    assert warc.get_header("WARC-Date").startswith(f"{copy.captured_at:%Y-%m-%dT%H:%M}")
    assert http.get_statuscode() == "200"
    assert http.get_header("X-Served-By") == "ministry"
    assert f"sha256: {copy.sha256}".encode() in metadata
    watch = CitationWatch.objects.get(citation=citation)
    assert (watch.state, watch.capture_error) == (CitationWatch.State.LIVE, "")


def test_a_pdf_and_an_image_are_kept_byte_for_byte(site):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256))
    png = png_bytes()
    site.routes["/report.pdf"] = Answer(pdf, headers={"Content-Type": "application/pdf"})
    site.routes["/chart.png"] = Answer(png, headers={"Content-Type": "image/png"})

    for path, body in (("/report.pdf", pdf), ("/chart.png", png)):
        copy = capture_citation(cite(site.url(path)).pk)
        assert copy.sha256 == hashlib.sha256(body).hexdigest()
        assert warc_records(copy)[0][3] == body


def test_redirects_are_recorded_and_the_final_address_kept(site):
    site.routes["/old"] = redirect("/new", 301)
    site.routes["/new"] = Answer(PAGE)
    copy = capture_citation(cite(site.url("/old")).pk)
    assert copy.final_url == site.url("/new")
    metadata = warc_records(copy)[1][3].decode()
    assert f"redirect: 301 {site.url('/old')}" in metadata


def test_the_same_page_twice_is_archived_once(site):
    site.routes["/page"] = Answer(PAGE)
    citation = cite(site.url("/page"))
    assert capture_citation(citation.pk) is not None
    assert capture_citation(citation.pk) is None
    assert citation.archived_copies.count() == 1


@pytest.mark.parametrize(
    ("answer", "error"),
    [(Answer(b"missing", status=404), "answered 404"), (Answer(drip=50, pause=0.1), "too long")],
)
def test_a_failed_capture_is_recorded_for_editors(site, settings, answer, error):
    settings.NEWSROOM_EVIDENCE_TOTAL_SECONDS = 1
    site.routes["/page"] = answer
    citation = cite(site.url("/page"))
    assert capture_citation(citation.pk) is None
    assert error in CitationWatch.objects.get(citation=citation).capture_error
    assert not ArchivedCopy.objects.exists()


def test_an_editors_robots_override_lets_the_page_be_archived(site):
    site.routes["/robots.txt"] = Answer(b"User-agent: *\nDisallow: /\n")
    site.routes["/record"] = Answer(PAGE)
    source = make_source(name="Court registry")
    citation = cite(site.url("/record"), source=source)
    assert capture_citation(citation.pk) is None
    assert "robots.txt" in citation.watch.capture_error

    source.robots_override_reason = "A public court record the registry's robots.txt blocks."
    source.save()
    assert capture_citation(citation.pk) is not None


def test_only_editors_may_set_the_robots_override(client, writer, editor):
    source = make_source()
    url = reverse("admin:articles_source_change", args=[source.pk])
    client.force_login(writer)
    assert 'name="robots_override_reason"' not in client.get(url).content.decode()
    client.force_login(editor)
    assert 'name="robots_override_reason"' in client.get(url).content.decode()


# --- Triggering ---------------------------------------------------------------------------


def test_publishing_captures_the_cited_pages_once_the_change_commits(
    site, settings, editor, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_EVIDENCE_CAPTURE = True
    site.routes["/page"] = Answer(PAGE)
    citation = cite(site.url("/page"), status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        result = workflow.publish_articles([citation.article], user=editor, publish_anyway=True)
    assert result.done == [citation.article]
    assert citation.archived_copies.count() == 0  # the editor never waits for a fetch
    run_queued_jobs()
    assert citation.archived_copies.count() == 1


def test_a_scheduled_story_has_its_cited_pages_archived_again_when_it_goes_live(
    site, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_EVIDENCE_CAPTURE = True
    site.routes["/page"] = Answer(PAGE)
    citation = cite(site.url("/page"))
    article = citation.article
    site.routes["/page"] = Answer(PAGE.replace(b"Monday", b"Tuesday"))  # edited meanwhile

    with django_capture_on_commit_callbacks(execute=True):
        jobs.story_went_live.call(article.pk, article.published_at.isoformat(), scheduled=True)
    run_queued_jobs()

    assert b"Tuesday" in archiving.read(citation.archived_copies.get()).body


def test_a_story_published_at_once_is_not_archived_twice_when_it_goes_live(
    site, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_EVIDENCE_CAPTURE = True
    site.routes["/page"] = Answer(PAGE)
    citation = cite(site.url("/page"))

    with django_capture_on_commit_callbacks(execute=True):
        jobs.story_went_live.call(citation.article.pk, citation.article.published_at.isoformat())
    run_queued_jobs()

    assert site.paths_requested().count("/page") == 0


def test_saving_a_citations_address_in_the_change_form_captures_it(
    client, site, settings, editor, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_EVIDENCE_CAPTURE = True
    site.routes["/page"] = Answer(PAGE)
    citation = cite("", status=Article.Status.DRAFT)
    client.force_login(editor)
    data = change_form_data(client, citation.article, **{"citations-0-url": site.url("/page")})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(citation.article), data)
    run_queued_jobs()

    assert response.status_code == 302
    assert citation.archived_copies.get().final_url == site.url("/page")
    again = change_form_data(client, citation.article, dek="An edit elsewhere")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change_url(citation.article), again).status_code == 302
    run_queued_jobs()
    assert site.paths_requested().count("/page") == 1  # an unchanged address is not fetched


def test_an_imported_story_has_its_cited_pages_captured(
    site, settings, editor, tmp_path, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_EVIDENCE_CAPTURE = True
    site.routes["/notice-12"] = Answer(PAGE)
    story = tmp_path / "corridor.md"
    story.write_text(
        "---\ntitle: Corridor reopens\nsources:\n  - name: Port of Odesa\n"
        f"    cited_url: {site.url('/notice-12')}\nstatus: draft\n---\nShips left.\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(story), user=editor.username, verbosity=0)
    run_queued_jobs()
    copy = ArchivedCopy.objects.get()
    assert (copy.citation.source.name, copy.final_url) == ("Port of Odesa", site.url("/notice-12"))


def test_captures_run_through_one_call_a_job_queue_replaces(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_EVIDENCE_CAPTURE = True
    ran = []
    monkeypatch.setattr("articles.evidence.run_captures", ran.append)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            capture_after_commit([3])
            raise RuntimeError("rolled back: nothing is captured")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            capture_after_commit([5, 4, 5])
        assert ran == []
    assert ran == [[4, 5]]


def test_nothing_is_captured_on_save_when_capture_is_off(
    site, editor, django_capture_on_commit_callbacks
):
    site.routes["/page"] = Answer(PAGE)
    citation = cite(site.url("/page"), status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_articles([citation.article], user=editor, publish_anyway=True)
    assert site.requests == []


# --- Replay -------------------------------------------------------------------------------


def test_the_sources_box_links_to_the_archived_copy(client, site):
    site.routes["/statement"] = Answer(PAGE)
    citation = cite(site.url("/statement"))
    copy = capture_citation(citation.pk)
    page = client.get(citation.article.get_absolute_url()).content.decode()
    assert f'href="{copy.get_absolute_url()}"' in page
    assert f'archived <time datetime="{copy.captured_at.isoformat()}"' in page


def test_the_replay_page_shows_the_fingerprint_and_frames_the_copy_sandboxed(client, site):
    site.routes["/statement"] = Answer(PAGE)
    copy = capture_citation(cite(site.url("/statement")).pk)

    response = client.get(copy.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert copy.sha256 in page and "matches the stored copy" in page
    assert site.url("/statement") in page
    content_url = reverse("articles:archived-copy-content", args=[copy.key])
    assert f'<iframe class="replay__frame" src="{content_url}" sandbox=""' in page


def test_the_copy_is_served_under_a_policy_that_runs_no_script(client, site):
    site.routes["/statement"] = Answer(PAGE)
    copy = capture_citation(cite(site.url("/statement")).pk)

    response = client.get(reverse("articles:archived-copy-content", args=[copy.key]))

    assert response.content == PAGE
    assert response["Content-Type"] == "text/html; charset=utf-8"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy.split(";")[3]
    assert "script-src" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_pdf_is_offered_as_a_download_exactly_as_it_came(client, site):
    pdf = b"%PDF-1.4\n%%EOF\n"
    site.routes["/r.pdf"] = Answer(pdf, headers={"Content-Type": "application/pdf"})
    copy = capture_citation(cite(site.url("/r.pdf")).pk)
    assert "Download the archived PDF" in client.get(copy.get_absolute_url()).content.decode()
    response = client.get(reverse("articles:archived-copy-content", args=[copy.key]))
    assert response.content == pdf
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_image_is_replayed_as_it_came(client, site):
    png = png_bytes()
    site.routes["/c.png"] = Answer(png, headers={"Content-Type": "image/png"})
    copy = capture_citation(cite(site.url("/c.png")).pk)
    response = client.get(reverse("articles:archived-copy-content", args=[copy.key]))
    assert (response.content, response["Content-Type"]) == (png, "image/png")


def test_a_draft_storys_copy_is_not_public(client, site):
    site.routes["/scoop"] = Answer(PAGE)
    copy = capture_citation(cite(site.url("/scoop"), status=Article.Status.DRAFT).pk)
    assert client.get(copy.get_absolute_url()).status_code == 404
    content_url = reverse("articles:archived-copy-content", args=[copy.key])
    assert client.get(content_url).status_code == 404


# --- Privacy ------------------------------------------------------------------------------


def test_an_anonymous_sources_copy_is_never_shown_to_readers(client, site, editor):
    site.routes["/leak"] = Answer(PAGE)
    source = make_source(name="Port insider", is_anonymous=True)
    citation = cite(site.url("/leak"), source=source, anonymity_note="Feared dismissal.")
    copy = capture_citation(citation.pk)

    page = client.get(citation.article.get_absolute_url()).content.decode()
    assert site.url("/leak") not in page and copy.key not in page
    assert client.get(copy.get_absolute_url()).status_code == 404
    assert "archived" not in Article.objects.get(pk=citation.article_id).page_parts["citations"][0]
    # The newsroom keeps it: staff who may view archived copies replay it.
    editor.user_permissions.add(Permission.objects.get(codename="view_archivedcopy"))
    client.force_login(editor)
    assert client.get(copy.get_absolute_url()).status_code == 200


def test_an_editor_withdraws_a_copy_with_a_reason(client, site, writer, editor):
    site.routes["/page"] = Answer(PAGE)
    citation = cite(site.url("/page"))
    copy = capture_citation(citation.pk)
    with pytest.raises(PermissionDenied):
        workflow.withdraw_archived_copy(copy, user=writer, reason="Takedown request")
    with pytest.raises(workflow.EvidenceRefused, match="Say why"):
        workflow.withdraw_archived_copy(copy, user=editor, reason="  ")

    workflow.withdraw_archived_copy(copy, user=editor, reason="Takedown request, ref 42")

    copy.refresh_from_db()
    assert (copy.withdrawn_by, copy.withdrawal_reason) == (editor, "Takedown request, ref 42")
    assert client.get(copy.get_absolute_url()).status_code == 410
    content_url = reverse("articles:archived-copy-content", args=[copy.key])
    assert client.get(content_url).status_code == 404
    assert copy.key not in client.get(citation.article.get_absolute_url()).content.decode()
    assert default_storage.exists(copy.warc_file.name)  # the newsroom keeps it

    workflow.reinstate_archived_copy(copy, user=editor)
    assert client.get(copy.get_absolute_url()).status_code == 200


def test_the_withdrawal_page_in_the_admin(client, site, editor, writer):
    site.routes["/page"] = Answer(PAGE)
    copy = capture_citation(cite(site.url("/page")).pk)
    url = reverse("admin:articles_archivedcopy_withdraw", args=[copy.pk])
    client.force_login(writer)
    assert client.post(url, {"reason": "no"}).status_code == 403
    client.force_login(editor)
    assert client.post(url, {"reason": ""}).status_code == 200  # the form, with its error
    assert client.post(url, {"reason": "Court order"}).status_code == 302
    copy.refresh_from_db()
    assert copy.withdrawal_reason == "Court order"


# --- Watching -----------------------------------------------------------------------------


def archived(site, path="/page", body=PAGE):
    site.routes[path] = Answer(body)
    citation = cite(site.url(path))
    capture_citation(citation.pk)
    return citation


def test_an_unchanged_page_is_live(site):
    citation = archived(site)
    assert check_citation(citation).state == CitationWatch.State.LIVE


def test_a_page_whose_markup_alone_changed_is_live(site):
    citation = archived(site)
    site.routes["/page"] = Answer(PAGE.replace(b"color: navy", b"color: teal"))
    watch = check_citation(citation)
    assert watch.state == CitationWatch.State.LIVE
    assert "markup changed" in watch.detail


def test_a_changed_page_is_recorded_with_a_text_diff(site):
    citation = archived(site)
    site.routes["/page"] = Answer(PAGE.replace(b"on Monday", b"next month"))
    watch = check_citation(citation)
    assert watch.state == CitationWatch.State.CHANGED
    assert "-The harbour reopens on Monday." in watch.diff
    assert "+The harbour reopens next month." in watch.diff
    assert watch.current_sha256 != citation.archived_copies.get().sha256


def test_a_changed_pdf_is_changed_without_a_diff(site):
    site.routes["/r.pdf"] = Answer(b"%PDF-1 one", headers={"Content-Type": "application/pdf"})
    citation = cite(site.url("/r.pdf"))
    capture_citation(citation.pk)
    site.routes["/r.pdf"] = Answer(b"%PDF-1 two", headers={"Content-Type": "application/pdf"})
    watch = check_citation(citation)
    assert (watch.state, watch.diff) == (CitationWatch.State.CHANGED, "")


def test_a_page_that_now_redirects_elsewhere_has_moved(site):
    citation = archived(site)
    site.routes["/page"] = redirect("/archive/2026/page", 301)
    site.routes["/archive/2026/page"] = Answer(PAGE)
    watch = check_citation(citation)
    assert watch.state == CitationWatch.State.MOVED
    assert watch.current_url == site.url("/archive/2026/page")


@pytest.mark.parametrize("status", [404, 410])
def test_a_page_that_answers_not_found_is_gone(site, status):
    citation = archived(site)
    site.routes["/page"] = Answer(b"", status=status)
    assert check_citation(citation).state == CitationWatch.State.GONE


def test_a_host_that_no_longer_resolves_is_gone(site, monkeypatch):
    citation = archived(site)

    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    assert check_citation(citation).state == CitationWatch.State.GONE


def test_a_server_error_is_unreachable_not_gone(site):
    citation = archived(site)
    site.routes["/page"] = Answer(b"", status=503)
    assert check_citation(citation).state == CitationWatch.State.UNREACHABLE


def test_watching_checks_due_pages_of_published_stories_politely(site, settings):
    settings.NEWSROOM_EVIDENCE_HOST_DELAY = 7
    first, second = archived(site, "/one"), archived(site, "/two")
    draft = cite(site.url("/one"), status=Article.Status.DRAFT)
    CitationWatch.objects.update(checked_at=None)
    waits = []

    checked = watch_citations(sleep=waits.append)

    assert {watch.citation_id for watch in checked} == {first.pk, second.pk}
    assert draft.pk not in {watch.citation_id for watch in checked}
    assert len(waits) == 1 and 6 < waits[0] <= 7  # the second request to the same host waited
    assert watch_citations(sleep=waits.append) == []  # nothing due until the interval passes


# --- The editors' views -------------------------------------------------------------------


def changed_citation(site):
    citation = archived(site)
    site.routes["/page"] = Answer(PAGE.replace(b"on Monday", b"next month"))
    check_citation(citation)
    return citation


def test_the_sourcing_panel_says_how_many_sources_changed(client, site, editor):
    citation = changed_citation(site)
    site.routes["/steady"] = Answer(PAGE)
    Citation.objects.create(article=citation.article, source=make_source(), url=site.url("/steady"))
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[citation.article_id]))
    assert "1 of 2 sources changed since publication (1 changed)." in page.content.decode()
    assert "Add a correction note" in page.content.decode()


def test_the_sources_report_lists_changed_pages_and_adds_a_correction_note(client, site, editor):
    citation = changed_citation(site)
    client.force_login(editor)
    report = client.get(reverse("admin:articles_sources_report")).content.decode()
    assert "Cited pages that changed since publication" in report
    assert "+The harbour reopens next month." in report
    assert "1 changed" in report

    note_url = reverse("admin:articles_article_note_source_change", args=[citation.pk])
    response = client.post(note_url, {"back": "report"})

    assert response.status_code == 302
    correction = Correction.objects.get(article=citation.article)
    assert correction.kind == Correction.Kind.EDITORS_NOTE
    assert "Harbour Ministry" in correction.note and "has changed" in correction.note
    assert client.post(note_url).status_code == 400  # a second click adds nothing
    assert Correction.objects.count() == 1
    page = client.get(citation.article.get_absolute_url()).content.decode()
    assert "has changed since this story was published" in page


def test_writers_may_not_add_the_correction_note(client, site, writer):
    citation = changed_citation(site)
    client.force_login(writer)
    note_url = reverse("admin:articles_article_note_source_change", args=[citation.pk])
    assert client.post(note_url).status_code == 403
    assert not Correction.objects.exists()


def test_the_note_on_an_anonymous_source_does_not_name_it(site, editor):
    source = make_source(name="Port insider", is_anonymous=True)
    site.routes["/leak"] = Answer(PAGE)
    citation = cite(site.url("/leak"), source=source, anonymity_note="Feared dismissal.")
    capture_citation(citation.pk)
    site.routes["/leak"] = Answer(b"", status=410)
    check_citation(citation)
    correction = workflow.note_source_change(citation, user=editor)
    assert "Port insider" not in correction.note and site.url("/leak") not in correction.note


# --- Commands -----------------------------------------------------------------------------


def test_capture_and_watch_commands(site, capsys):
    site.routes["/page"] = Answer(PAGE)
    citation = cite(site.url("/page"))

    call_command("capture_evidence")
    assert "Archived 1 page(s); 0 unchanged since their newest copy; 0 failed." in (
        capsys.readouterr().out
    )
    assert citation.archived_copies.count() == 1

    CitationWatch.objects.update(checked_at=None)
    site.routes["/page"] = Answer(b"", status=404)
    call_command("watch_evidence")
    assert "Checked 1 cited page(s): 1 gone." in capsys.readouterr().out


def test_watch_evidence_refuses_a_bad_limit():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--limit"):
        call_command("watch_evidence", limit=0)


def test_the_fetcher_is_what_the_capture_uses():
    # One fetcher for captures and checks: the safety rules are written once.
    assert fetching.fetch is fetch
