from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Author, Byline, Citation, Page, Section, Source, Tag
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SAMPLE_SLUG = "russian-defense-ministers-visit-to-belarus-signals-deepening-strategic-partnership"
GOOD_TEXT = "Ports Reopen\n\nBy Jane Doe\n\nShips sailed on Monday.\n"
GOOD_MARKDOWN = "---\ntitle: Grain Deal Holds\ntags: [Grain]\n---\nThe deal held.\n"
BAD_MARKDOWN = "---\ntitle: Broken\nauthors: [Ann Lee]\nstatus: live\n---\nBody.\n"


@pytest.fixture
def importing_editor(monkeypatch):
    """The account imports run as, as an unattended run names it (NEWSROOM_IMPORT_USER)."""
    from django.contrib.auth.models import Group

    editor = make_user(username="night-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    monkeypatch.setenv("NEWSROOM_IMPORT_USER", editor.username)
    return editor


def run(*args):
    """Run a command; its stdout and stderr as text."""
    stdout, stderr = StringIO(), StringIO()
    call_command(*args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Author, Byline, Citation, Page, Section, Source, Tag)
    }


@pytest.fixture
def import_dir(tmp_path):
    """Two good files and a malformed one, the bad one sorted between the good ones."""
    (tmp_path / "a_good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "b_bad.md").write_text(BAD_MARKDOWN, encoding="utf-8")
    (tmp_path / "c_good.md").write_text(GOOD_MARKDOWN, encoding="utf-8")
    return tmp_path


# seed


def test_seed_creates_the_sample_article():
    stdout, _ = run("seed")
    article = Article.objects.get()
    assert article.slug == SAMPLE_SLUG
    assert article.is_published()
    assert "created: Russian Defense Minister’s Visit to Belarus" in stdout


def test_seed_sample_cites_the_telegram_channel_and_not_nato():
    run("seed")
    source = Article.objects.get().sources.get()
    assert (source.name, source.kind, source.organisation) == (
        "Russian Ministry of Defense Telegram channel",
        Source.Kind.SOCIAL,
        "Russian Ministry of Defense",
    )
    assert not Source.objects.filter(name__icontains="NATO").exists()


def test_seed_creates_the_policy_pages_linked_from_the_site():
    stdout, _ = run("seed")
    # The about page and every policy the Trust Project's indicators ask for.
    assert set(Page.objects.values_list("kind", flat=True)) == set(Page.Kind) - {Page.Kind.OTHER}
    assert "created page: Corrections policy" in stdout
    assert "created page: Unnamed sources policy" in stdout


def test_seeded_article_is_searchable_by_byline_and_source_names():
    run("seed")
    search_text = Article.objects.get().search_text
    assert "Newsroom Staff" in search_text
    assert "Russian Ministry of Defense Telegram channel" in search_text


def test_seed_twice_creates_nothing_new():
    run("seed")
    before = counts()
    stdout, _ = run("seed")
    assert counts() == before
    assert "already up to date" in stdout


def test_seed_leaves_an_editors_changes_alone():
    run("seed")
    Article.objects.filter(slug=SAMPLE_SLUG).update(headline="Edited", status="archived")
    run("seed")
    article = Article.objects.get()
    assert (article.headline, article.status) == ("Edited", "archived")


# import_articles


def test_import_reports_progress_and_a_summary(tmp_path, importing_editor):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD_MARKDOWN, encoding="utf-8")
    stdout, _ = run("import_articles", str(tmp_path))
    assert "[1/2] created: Ports Reopen" in stdout
    assert "[2/2] created: Grain Deal Holds" in stdout
    assert "2 created, 0 updated, 0 skipped." in stdout


def test_import_is_quiet_at_verbosity_zero(tmp_path, importing_editor):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    stdout, _ = run("import_articles", str(tmp_path), "--verbosity", "0")
    assert stdout == ""
    assert Article.objects.count() == 1


def test_import_bad_file_fails_the_command_but_good_files_go_in(import_dir, importing_editor):
    with pytest.raises(CommandError, match="2 created, 0 updated, 1 skipped"):
        run("import_articles", str(import_dir))
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Grain Deal Holds",
        "Ports Reopen",
    ]


def test_import_bad_file_is_reported_by_name(import_dir, importing_editor):
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(import_dir), stdout=StringIO(), stderr=stderr)
    assert f"[2/3] skipped {import_dir / 'b_bad.md'}: `status` 'live'" in stderr.getvalue()


def test_import_bad_file_leaves_nothing_behind(tmp_path, importing_editor):
    (tmp_path / "bad.md").write_text(BAD_MARKDOWN, encoding="utf-8")
    with pytest.raises(CommandError):
        run("import_articles", str(tmp_path))
    assert set(counts().values()) == {0}


def test_import_dry_run_writes_nothing(import_dir, importing_editor):
    stdout = StringIO()
    with pytest.raises(CommandError, match="Dry run: 2 would be created"):
        call_command(
            "import_articles", str(import_dir), "--dry-run", stdout=stdout, stderr=StringIO()
        )
    assert "[1/3] would create: Ports Reopen" in stdout.getvalue()
    assert set(counts().values()) == {0}


def test_import_twice_updates_instead_of_duplicating(tmp_path, importing_editor):
    path = tmp_path / "a.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    run("import_articles", str(path))
    path.write_text(GOOD_TEXT.replace("Monday", "Tuesday"), encoding="utf-8")
    stdout, _ = run("import_articles", str(path))
    assert "[1/1] updated: Ports Reopen" in stdout
    assert Article.objects.get().body == "Ships sailed on Tuesday."


def test_import_status_option_sets_the_default_status(tmp_path, importing_editor):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    run("import_articles", str(tmp_path), "--status", "draft")
    assert Article.objects.get().status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_import_rejects_an_unknown_status_option(tmp_path, importing_editor):
    with pytest.raises(CommandError, match="invalid choice: 'live'"):
        run("import_articles", str(tmp_path), "--status", "live")


def test_import_missing_path_is_a_command_error(tmp_path, importing_editor):
    with pytest.raises(CommandError, match="No such file or directory: .*missing.txt"):
        run("import_articles", str(tmp_path / "missing.txt"))


def test_import_directory_without_articles_is_a_command_error(tmp_path, importing_editor):
    with pytest.raises(CommandError, match="No .txt or .md files found"):
        run("import_articles", str(tmp_path))


def test_import_unknown_extension_is_reported_for_that_path(tmp_path, importing_editor):
    (tmp_path / "notes.docx").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    stderr = StringIO()
    with pytest.raises(CommandError, match="1 created, 0 updated, 1 skipped"):
        call_command(
            "import_articles",
            str(tmp_path / "notes.docx"),
            str(tmp_path / "a.txt"),
            stdout=StringIO(),
            stderr=stderr,
        )
    assert "notes.docx: unsupported file type '.docx'" in stderr.getvalue()


# ensure_admin


def test_ensure_admin_creates_one_superuser_with_the_printed_password():
    stdout, _ = run("ensure_admin")
    user = get_user_model().objects.get(is_superuser=True)
    password = stdout.split("Password:")[1].split()[0]
    assert user.username == "admin"
    assert user.check_password(password)
    assert len(password) >= 16
    assert "http://127.0.0.1:8000/admin/" in stdout
    assert "won't be shown again" in stdout


@pytest.mark.parametrize("weak", ["admin", "password", "changeme", "", "admin123"])
def test_ensure_admin_password_is_not_a_default(weak):
    run("ensure_admin")
    assert not get_user_model().objects.get(username="admin").check_password(weak)


def test_ensure_admin_passwords_differ_between_databases():
    first, _ = run("ensure_admin")
    get_user_model().objects.all().delete()
    second, _ = run("ensure_admin")
    assert first.split("Password:")[1].split()[0] != second.split("Password:")[1].split()[0]


def test_ensure_admin_second_run_creates_none_and_shows_no_password():
    run("ensure_admin")
    stdout, _ = run("ensure_admin")
    assert get_user_model().objects.count() == 1
    assert "Password:" not in stdout
    assert "manage.py changepassword admin" in stdout


def test_ensure_admin_keeps_an_existing_superuser():
    make_user(username="editor", is_superuser=True, is_staff=True)
    stdout, _ = run("ensure_admin")
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["editor"]
    assert "changepassword editor" in stdout


def test_ensure_admin_will_not_promote_an_ordinary_admin_user():
    make_user(username="admin")
    with pytest.raises(CommandError, match="exists but is not a superuser"):
        run("ensure_admin")
    assert not get_user_model().objects.filter(is_superuser=True).exists()
