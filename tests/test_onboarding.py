"""Onboarding: roles make staff, invitations with a one-time link, an account's own author
profile, and the byline a new story starts with."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article, Author
from tests.factories import make_author, make_user
from tests.test_admin import ADD, add_form_data

pytestmark = pytest.mark.django_db

User = get_user_model()
PROFILE = reverse("admin:articles_author_profile")
PASSWORD = "a long new password for the desk"


def invite(*args):
    stdout = StringIO()
    call_command("invite", *args, stdout=stdout)
    return stdout.getvalue()


def set_password(client, link, password=PASSWORD):
    path = link.removeprefix("http://testserver")
    form = client.get(path, follow=True)
    return client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": password, "new_password2": password},
    )


def test_invite_creates_a_staff_writer_and_shows_the_link_without_email(client, settings):
    settings.NEWSROOM_SITE_URL = "http://testserver"
    settings.NEWSROOM_SENDS_EMAIL = False

    output = invite("nina@example.com", "--role", "writer", "--name", "Nina Park")

    user = User.objects.get(email="nina@example.com")
    assert (user.username, user.first_name, user.last_name) == ("nina", "Nina", "Park")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["Writer"]
    link = output.strip().splitlines()[-1]
    assert link.startswith("http://testserver/admin/password/set/")
    assert mail.outbox == []

    assert set_password(client, link).status_code == 302
    assert client.login(username="nina", password=PASSWORD)
    # The link works once.
    client.logout()
    assert (
        "invalid"
        in client.get(link.removeprefix("http://testserver"), follow=True).content.decode()
    )


def test_invite_mails_the_link_where_email_is_set_up(settings):
    settings.NEWSROOM_SENDS_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    output = invite("ed@example.com", "--role", "editor")

    assert "mailed to ed@example.com" in output
    assert "/admin/password/set/" not in output
    (message,) = mail.outbox
    assert message.to == ["ed@example.com"]
    assert "/admin/password/set/" in message.body
    assert User.objects.get(email="ed@example.com").groups.get().name == "Editor"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["not-an-address", "--role", "writer"], "not an email address"),
        (["taken@example.com", "--role", "writer"], "already has an account"),
    ],
)
def test_invite_refuses_bad_input_and_creates_nothing(args, error):
    make_user(username="taken", email="taken@example.com")

    with pytest.raises(CommandError, match=error):
        invite(*args)

    assert User.objects.count() == 1


def test_invite_dry_run_creates_nothing():
    output = invite("nina@example.com", "--role", "writer", "--dry-run")

    assert "Would invite nina@example.com as Writer" in output
    assert not User.objects.exists()


def test_putting_a_user_in_a_role_makes_them_staff(admin_client):
    user = make_user(username="wanda")
    writers = Group.objects.get(name="Writer")
    response = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    form = response.context["adminform"].form
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() not in (None, False) and name != "password"
    }
    data.update(
        {
            "groups": [writers.pk],
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
        }
    )

    response = admin_client.post(reverse("admin:auth_user_change", args=[user.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.is_staff


def test_a_writer_links_the_profile_with_her_email(client, writer):
    writer.email = "wanda@example.com"
    writer.save()
    hers = make_author(name="Wanda Li", email="WANDA@example.com")
    make_author(name="Someone else", email="other@example.com")
    client.force_login(writer)

    assert [author.name for author in client.get(PROFILE).context["linkable"]] == ["Wanda Li"]
    client.post(PROFILE, {"author": hers.pk})

    hers.refresh_from_db()
    assert hers.user == writer


def test_a_writer_cannot_claim_another_authors_profile(client, writer):
    writer.email = "wanda@example.com"
    writer.save()
    editors_byline = make_author(name="Ed Itor", email="ed@example.com")
    client.force_login(writer)

    response = client.post(PROFILE, {"author": editors_byline.pk}, follow=True)

    assert "not yours to claim" in response.content.decode()
    editors_byline.refresh_from_db()
    assert editors_byline.user is None


def test_a_writer_without_a_profile_gets_a_new_one_in_her_name(client, writer):
    writer.first_name, writer.last_name = "Wanda", "Li"
    writer.save()
    client.force_login(writer)

    client.post(PROFILE, {"author": "new"})

    assert Author.objects.get(user=writer).name == "Wanda Li"
    assert "linked to the author" in client.get(PROFILE).content.decode()


def test_a_new_story_starts_with_the_byline_of_its_writer(client, writer):
    author = make_author(name="Wanda Li", user=writer)
    client.force_login(writer)
    data = add_form_data(client, headline="Harbour reopens", slug="harbour-reopens", body="Hi.")

    assert data["bylines-0-author"] == author.pk
    response = client.post(ADD, data)

    assert response.status_code == 302
    article = Article.objects.get(slug="harbour-reopens")
    assert [byline.author for byline in article.bylines.all()] == [author]


def test_clearing_the_proposed_byline_leaves_the_story_without_one(client, writer):
    make_author(user=writer)
    client.force_login(writer)
    data = add_form_data(client, headline="Unsigned", slug="unsigned", body="Hi.")
    data["bylines-0-author"] = ""

    assert client.post(ADD, data).status_code == 302
    assert not Article.objects.get(slug="unsigned").bylines.exists()
