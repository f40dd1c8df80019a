from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles import importing, workflow
from articles.importing import (
    CREATED,
    SEED_ARTICLES_DIR,
    UNCHANGED,
    UPDATED,
    ArticleFileError,
    find_article_files,
    parse_markdown_file,
    parse_text_file,
    shorten,
    summarise,
)
from articles.models import Article, Author, Byline, Citation, Section, Source, Tag
from tests.factories import make_article, make_source, pictures_made


def import_file(path, **options):
    """The importer as the newsroom itself, whom every rule lets through: these tests are about
    reading files (who may import what is tested in test_editorial_doors.py)."""
    return importing.import_file(
        path, **{"user": workflow.SYSTEM, "publish_anyway": True, **options}
    )


SAMPLE = SEED_ARTICLES_DIR / "000_3218161379feb690.txt"
SAMPLE_HEADLINE = (
    "Russian Defense Minister’s Visit to Belarus Signals Deepening Strategic Partnership"
)
TELEGRAM = "Russian Ministry of Defense Telegram channel"

GOOD_MARKDOWN = """\
---
title: "Grain Corridor Reopens: Ships Leave Odesa"
slug: grain-corridor-reopens
dek: The first convoy in a month.
authors:
  - Jane Doe
  - {name: John Smith, role: reporting}
section: Europe
tags: [Ukraine, Shipping]
sources:
  - name: Port of Odesa
    kind: official
    organisation: Ukrainian Sea Ports Authority
    url: https://example.org/port
    supports: the number of ships
    cited_url: https://example.org/port/notice-12
published_at: 2025-05-01T09:30:00
status: published
---
Twelve ships left **Odesa** on Monday.

According to the Russian Ministry of Defense’s Telegram channel, the convoy was watched.
"""


def write(directory, name, content):
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Author, Byline, Citation, Section, Source, Tag)
    }


def markdown(front_matter, body="The story."):
    return f"---\n{front_matter}\n---\n{body}\n"


# Plain text


def test_text_headline_is_the_first_line():
    assert parse_text_file(SAMPLE).headline == SAMPLE_HEADLINE


def test_text_repeated_headline_is_dropped_from_the_body():
    # The sample repeats its headline with a straight apostrophe instead of a curly one.
    body = parse_text_file(SAMPLE).body
    assert "Visit to Belarus Signals" not in body
    assert body.startswith("Russian Defense Minister Andrei Belousov’s arrival")


def test_text_keeps_every_paragraph():
    assert len(parse_text_file(SAMPLE).body.split("\n\n")) == 20


def test_text_byline_gives_the_authors(tmp_path):
    path = write(tmp_path, "a.txt", "Headline\n\nBy Jane Doe and Olena van der Berg\n\nStory.\n")
    data = parse_text_file(path)
    assert [author.name for author in data.authors] == ["Jane Doe", "Olena van der Berg"]
    assert data.body == "Story."


def test_text_sentence_starting_with_by_is_not_a_byline(tmp_path):
    path = write(tmp_path, "a.txt", "Headline\n\nBy the end of the week, ships sailed.\n")
    data = parse_text_file(path)
    assert data.authors == []
    assert data.body == "By the end of the week, ships sailed."


def test_text_wrapped_lines_are_joined_into_one_paragraph(tmp_path):
    path = write(tmp_path, "a.txt", "Headline\n\nFirst line\r\n  wrapped here.\n\nSecond.\n")
    assert parse_text_file(path).body == "First line wrapped here.\n\nSecond."


def test_text_list_keeps_its_line_breaks(tmp_path):
    path = write(tmp_path, "a.txt", "Headline\n\n- one\n- two\n")
    assert parse_text_file(path).body == "- one\n- two"


def test_text_empty_file_is_an_error(tmp_path):
    path = write(tmp_path, "empty.txt", "\n  \n")
    with pytest.raises(ArticleFileError, match=r"empty\.txt: is empty"):
        parse_text_file(path)


def test_text_headline_only_is_an_error(tmp_path):
    path = write(tmp_path, "short.txt", "Headline\n\nHeadline\n\nBy Jane Doe\n")
    with pytest.raises(ArticleFileError, match=r"short\.txt: has a headline but no story"):
        parse_text_file(path)


def test_text_that_is_not_utf8_is_an_error(tmp_path):
    path = write(tmp_path, "latin1.txt", "Café\n\nStory.\n".encode("latin-1"))
    with pytest.raises(ArticleFileError, match=r"latin1\.txt: is not UTF-8 text"):
        parse_text_file(path)


# Markdown with front matter


def test_markdown_front_matter_is_read(tmp_path):
    data = parse_markdown_file(write(tmp_path, "good.md", GOOD_MARKDOWN))
    assert data.headline == "Grain Corridor Reopens: Ships Leave Odesa"
    assert data.slug == "grain-corridor-reopens"
    assert [(author.name, author.role) for author in data.authors] == [
        ("Jane Doe", Byline.Role.WRITER),
        ("John Smith", Byline.Role.REPORTING),
    ]
    assert data.tags == ["Ukraine", "Shipping"]
    assert data.sources[0].kind == Source.Kind.OFFICIAL
    assert data.body.startswith("Twelve ships left **Odesa**")


def test_markdown_naive_date_is_in_the_newsroom_time_zone(tmp_path, settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    path = write(tmp_path, "a.md", markdown("title: T\npublished_at: 2025-05-01T09:30:00"))
    published_at = parse_markdown_file(path).published_at
    assert published_at == datetime(2025, 5, 1, 9, 30, tzinfo=ZoneInfo("Europe/Kyiv"))


def test_markdown_date_with_offset_keeps_it(tmp_path):
    path = write(tmp_path, "a.md", markdown("title: T\npublished_at: '2025-05-01T09:30:00Z'"))
    assert parse_markdown_file(path).published_at == datetime(
        2025, 5, 1, 9, 30, tzinfo=ZoneInfo("UTC")
    )


MALFORMED_MARKDOWN = [
    ("no front matter", "Just a story.\n", "no front matter"),
    ("unclosed front matter", "---\ntitle: T\nThe story.\n", "front matter is not closed"),
    ("invalid YAML", markdown("title: [unclosed"), "invalid YAML in the front matter"),
    ("front matter not a mapping", markdown("- a\n- b"), "must be `key: value` lines"),
    ("missing title", markdown("dek: D"), "needs a `title:`"),
    ("unknown key", markdown("title: T\nauthor: Jane"), "unknown key in front matter: author"),
    ("title not text", markdown("title: 1984"), "`title` must be text, not a number"),
    ("tags not a list", markdown("title: T\ntags: Ukraine"), "`tags` must be a list"),
    ("bad date", markdown("title: T\npublished_at: 1 May"), "`published_at` '1 May' is not"),
    ("impossible date", markdown("title: T\npublished_at: 2025-02-30"), "`published_at`"),
    ("bad status", markdown("title: T\nstatus: live"), "`status` 'live' is not one of"),
    ("bad slug", markdown("title: T\nslug: a/b"), "`slug` may only contain"),
    (
        "bad author role",
        markdown("title: T\nauthors:\n  - {name: Jane, role: boss}"),
        "role 'boss' of author 'Jane' is not one of",
    ),
    (
        "author listed twice",
        markdown("title: T\nauthors: [Jane Doe, jane doe]"),
        "author 'jane doe' is listed twice",
    ),
    (
        "bad source kind",
        markdown("title: T\nsources:\n  - {name: Reuters, kind: wire}"),
        "kind 'wire' of source 'Reuters' is not one of",
    ),
    (
        "unknown source key",
        markdown("title: T\nsources:\n  - {name: Reuters, link: x}"),
        "unknown key in a source: link",
    ),
    (
        "bad source url",
        markdown("title: T\nsources:\n  - {name: Reuters, url: 'javascript:alert(1)'}"),
        "`url` of source 'Reuters' is not an http(s) URL",
    ),
    ("empty body", markdown("title: T", body="  "), "the body under the front matter is empty"),
]


@pytest.mark.parametrize(
    "content,problem",
    [case[1:] for case in MALFORMED_MARKDOWN],
    ids=[case[0] for case in MALFORMED_MARKDOWN],
)
def test_malformed_markdown_is_an_error_naming_the_file(tmp_path, content, problem):
    path = write(tmp_path, "broken.md", content)
    with pytest.raises(ArticleFileError) as caught:
        parse_markdown_file(path)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in caught.value.problem


# Control characters: refused as the admin refuses them, except a word processor's breaks


@pytest.mark.parametrize("key", ["title", "dek", "summary"])
@pytest.mark.parametrize("character", ["\\x01", "\\x1f", "\\x7f"])
def test_markdown_control_character_in_the_standfirst_refuses_the_file(tmp_path, key, character):
    # YAML writes a control character escaped, in double quotes.
    front_matter = f'title: Talks resume\n{key}: "Talks{character} resume"'
    path = write(tmp_path, "a.md", markdown(front_matter))

    with pytest.raises(ArticleFileError) as caught:
        parse_markdown_file(path)

    assert caught.value.problem.startswith(f"`{key}`: ")
    assert "invisible control character" in caught.value.problem


def test_markdown_control_character_typed_into_the_front_matter_names_its_line(tmp_path):
    path = write(tmp_path, "a.md", markdown("title: Talks resume\ndek: Talks\x01 resume"))

    with pytest.raises(ArticleFileError) as caught:
        parse_markdown_file(path)

    assert caught.value.problem.startswith("line 3: ")
    assert "invisible control character" in caught.value.problem


@pytest.mark.parametrize(
    "front_matter",
    [
        pytest.param('authors: ["Anna\\x01 Bauer"]', id="author"),
        pytest.param('authors: [{name: Anna Bauer, role: "writer\\x01"}]', id="author-role"),
        pytest.param('section: "World\\x01"', id="section"),
        pytest.param('tags: ["Diplomacy\\x01"]', id="tag"),
        pytest.param('sources: ["Reuters\\x01"]', id="source"),
    ],
)
def test_markdown_control_character_in_a_name_refuses_the_file(tmp_path, front_matter):
    path = write(tmp_path, "a.md", markdown(f"title: Talks resume\n{front_matter}"))

    with pytest.raises(ArticleFileError, match="invisible control character"):
        parse_markdown_file(path)


@pytest.mark.parametrize("front_matter", ["dek: Talks\x0bresume\x0c", 'dek: "Talks\\vresume"'])
def test_markdown_word_processor_break_between_words_becomes_a_space(tmp_path, front_matter):
    path = write(tmp_path, "a.md", markdown(f"title: Talks\x0bresume\n{front_matter}"))

    data = parse_markdown_file(path)

    assert (data.headline, data.dek) == ("Talks resume", "Talks resume")


def test_markdown_body_keeps_its_tabs_and_line_breaks(tmp_path):
    path = write(tmp_path, "a.md", markdown("title: T", body="Line one\tTabbed.\nLine two."))

    assert parse_markdown_file(path).body == "Line one\tTabbed.\nLine two."


@pytest.mark.parametrize("character", ["\x01", "\x1f", "\x7f"])
def test_text_control_character_in_the_headline_refuses_the_file(tmp_path, character):
    path = write(tmp_path, "a.txt", f"Talks{character} resume\n\nStory.\n")

    with pytest.raises(ArticleFileError) as caught:
        parse_text_file(path)

    assert caught.value.problem.startswith("the headline: ")
    assert "invisible control character" in caught.value.problem


def test_text_word_processor_break_in_the_headline_becomes_a_space(tmp_path):
    path = write(tmp_path, "a.txt", "Talks\x0bresume\n\nStory.\n")

    assert parse_text_file(path).headline == "Talks resume"


@pytest.mark.django_db
def test_a_file_with_a_control_character_is_skipped_and_nothing_of_it_is_written(tmp_path):
    path = write(tmp_path, "a.md", markdown('title: Talks resume\nauthors: ["Anna\\x01 Bauer"]'))

    with pytest.raises(ArticleFileError):
        import_file(path)

    assert set(counts().values()) == {0}


# Files: an import that fails, or a dry run, leaves none behind


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file())


@pytest.mark.django_db
def test_an_import_that_fails_after_saving_the_article_leaves_media_as_it_was(tmp_path, settings):
    make_article(headline="Already here")  # its social card must stay
    before = media_files(settings)
    # The article is saved (and its social card drawn) before the byline fails.
    path = write(tmp_path / "in", "a.md", markdown('title: Talks resume\nauthors: ["—"]'))

    with pytest.raises(ArticleFileError, match="no URL slug can be made from the author"):
        import_file(path)

    assert media_files(settings) == before
    assert not Article.objects.filter(headline="Talks resume").exists()


@pytest.mark.django_db
def test_a_dry_run_leaves_media_as_it_was(tmp_path, settings):
    path = write(tmp_path / "in", "a.md", markdown("title: Talks resume"))

    import_file(path, dry_run=True)

    assert media_files(settings) == []


@pytest.mark.django_db
def test_an_imported_story_gets_its_social_card_from_the_job(tmp_path, settings):
    article = import_file(write(tmp_path / "in", "a.md", markdown("title: Talks resume"))).article
    assert media_files(settings) == []  # the import did not wait for the card
    pictures_made(article)

    assert media_files(settings) == [Path(article.social_image.name)]


# Summaries


def test_summary_is_the_first_paragraph_as_plain_text():
    assert summarise("## Heading\n\nShips *left* [Odesa](https://x.test/).\n\nMore.") == (
        "Ships left Odesa."
    )


def test_long_summary_is_cut_on_a_word_boundary():
    summary = summarise("word " * 100)
    assert len(summary) <= 200
    assert summary.endswith("word…")


def test_shorten_leaves_short_text_alone():
    assert shorten("Short.", 10) == "Short."


# Importing


@pytest.mark.django_db
def test_import_sample_creates_a_published_article_in_world():
    result = import_file(SAMPLE)
    article = Article.objects.get()
    assert result.action == CREATED
    assert result.article == article
    assert article.headline == SAMPLE_HEADLINE
    assert article.is_published()
    assert article.section.name == "World"


@pytest.mark.django_db
def test_import_sample_has_the_staff_byline():
    article = import_file(SAMPLE).article
    author = article.authors.get()
    assert (author.name, author.slug, author.role) == ("Newsroom Staff", "newsroom-staff", "Staff")


@pytest.mark.django_db
def test_import_sample_summary_is_its_first_paragraph():
    article = import_file(SAMPLE).article
    assert article.summary.startswith("Russian Defense Minister Andrei Belousov’s arrival")
    assert len(article.summary) <= 200


@pytest.mark.django_db
def test_import_sample_cites_the_ministry_telegram_channel():
    article = import_file(SAMPLE).article
    citation = article.citations.select_related("source").get()
    assert citation.source.name == TELEGRAM
    assert citation.source.kind == Source.Kind.SOCIAL
    assert citation.source.organisation == "Russian Ministry of Defense"
    assert citation.supports.startswith("According to the Russian Ministry of Defense’s Telegram")


@pytest.mark.django_db
def test_import_sample_makes_no_source_for_generic_parties():
    import_file(SAMPLE)
    assert list(Source.objects.values_list("name", flat=True)) == [TELEGRAM]
    assert not Source.objects.filter(name__icontains="NATO").exists()


@pytest.mark.django_db
def test_import_reuses_a_source_matched_by_alias():
    existing = make_source(
        name="MoD Telegram", aliases="Russian Ministry of Defense’s Telegram channel"
    )
    article = import_file(SAMPLE).article
    assert list(article.sources.all()) == [existing]
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_import_gives_a_new_source_a_free_slug():
    make_source(name="Unrelated", slug="russian-ministry-of-defense-telegram-channel")
    article = import_file(SAMPLE).article
    assert article.sources.get().slug == "russian-ministry-of-defense-telegram-channel-2"


@pytest.mark.django_db
def test_import_markdown_writes_authors_section_and_tags(tmp_path):
    article = import_file(write(tmp_path, "good.md", GOOD_MARKDOWN)).article
    assert article.slug == "grain-corridor-reopens"
    assert article.dek == "The first convoy in a month."
    assert article.section.name == "Europe"
    assert [(b.author.name, b.role) for b in article.bylines.select_related("author")] == [
        ("Jane Doe", Byline.Role.WRITER),
        ("John Smith", Byline.Role.REPORTING),
    ]
    assert sorted(article.tags.values_list("name", flat=True)) == ["Shipping", "Ukraine"]


@pytest.mark.django_db
def test_import_markdown_cites_front_matter_sources_before_detected_ones(tmp_path):
    article = import_file(write(tmp_path, "good.md", GOOD_MARKDOWN)).article
    citations = list(article.citations.select_related("source"))
    assert [(c.position, c.source.name) for c in citations] == [
        (0, "Port of Odesa"),
        (1, TELEGRAM),
    ]
    assert citations[0].supports == "the number of ships"
    assert citations[0].url == "https://example.org/port/notice-12"
    assert citations[0].source.url == "https://example.org/port"


@pytest.mark.django_db
def test_import_markdown_uses_the_given_publication_time(tmp_path):
    article = import_file(write(tmp_path, "good.md", GOOD_MARKDOWN)).article
    assert article.published_at == datetime(2025, 5, 1, 9, 30, tzinfo=ZoneInfo("UTC"))


@pytest.mark.django_db
def test_import_markdown_status_overrides_the_default(tmp_path):
    path = write(tmp_path, "a.md", markdown("title: Draft Story\nstatus: draft"))
    article = import_file(path, default_status=Article.Status.PUBLISHED).article
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


@pytest.mark.django_db
def test_import_text_with_draft_default_is_not_published(tmp_path):
    path = write(tmp_path, "a.txt", "Headline\n\nStory.\n")
    article = import_file(path, default_status=Article.Status.DRAFT).article
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


@pytest.mark.django_db
def test_reimport_updates_the_article_instead_of_duplicating_it(tmp_path):
    path = write(tmp_path, "a.txt", "Headline\n\nFirst version.\n")
    first = import_file(path).article
    path.write_text("Headline\n\nBy Jane Doe\n\nSecond version.\n", encoding="utf-8")
    result = import_file(path)
    assert result.action == UPDATED
    assert Article.objects.get().pk == first.pk
    assert result.article.body == "Second version."
    assert [author.name for author in result.article.authors.all()] == ["Jane Doe"]


@pytest.mark.django_db
def test_reimport_keeps_the_publication_time(tmp_path):
    path = write(tmp_path, "a.txt", "Headline\n\nStory.\n")
    first = import_file(path).article
    assert import_file(path).article.published_at == first.published_at


@pytest.mark.django_db
def test_reimport_does_not_duplicate_sources_or_citations():
    import_file(SAMPLE)
    before = counts()
    import_file(SAMPLE)
    assert counts() == before


@pytest.mark.django_db
def test_reimport_replaces_tags_and_citations(tmp_path):
    path = write(tmp_path, "good.md", GOOD_MARKDOWN)
    import_file(path)
    path.write_text(
        markdown("title: Grain\nslug: grain-corridor-reopens\ntags: [Ports]"), encoding="utf-8"
    )
    article = import_file(path).article
    assert list(article.tags.values_list("name", flat=True)) == ["Ports"]
    assert not article.citations.exists()


@pytest.mark.django_db
def test_import_without_updating_leaves_an_existing_article_alone():
    article = make_article(
        headline="Edited by a human",
        slug="russian-defense-ministers-visit-to-belarus-signals-deepening-strategic-partnership",
    )
    result = import_file(SAMPLE, update_existing=False)
    article.refresh_from_db()
    assert result.action == UNCHANGED
    assert article.headline == "Edited by a human"
    assert not article.citations.exists()


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path):
    result = import_file(write(tmp_path, "good.md", GOOD_MARKDOWN), dry_run=True)
    assert result.label == "would create"
    assert result.article is None
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_dry_run_reports_an_update(tmp_path):
    path = write(tmp_path, "a.txt", "Headline\n\nFirst.\n")
    import_file(path)
    path.write_text("Headline\n\nSecond.\n", encoding="utf-8")
    assert import_file(path, dry_run=True).label == "would update"
    assert Article.objects.get().body == "First."


@pytest.mark.django_db
def test_failure_while_saving_leaves_nothing_behind(tmp_path):
    # The source comes last, after the article, section, authors and tags have been written.
    path = write(
        tmp_path,
        "late.md",
        markdown(
            "title: T\nauthors: [Jane Doe]\nsection: Europe\ntags: [Ports]\n"
            f"sources: ['{'S' * 301}']"
        ),
    )
    with pytest.raises(ArticleFileError, match=r"late\.md: source 'S+': name: Ensure"):
        import_file(path)
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_too_long_headline_is_an_error_naming_the_file(tmp_path):
    path = write(tmp_path, "long.txt", "H" * 301 + "\n\nStory.\n")
    with pytest.raises(ArticleFileError, match=r"long\.txt: article: headline: Ensure"):
        import_file(path)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_headline_without_slug_characters_is_an_error(tmp_path):
    path = write(tmp_path, "cyrillic.txt", "Новости\n\nStory.\n")
    with pytest.raises(ArticleFileError, match="no URL slug can be made from the headline"):
        import_file(path)


@pytest.mark.django_db
def test_publication_time_in_the_future_schedules_the_article(tmp_path):
    when = (timezone.now() + timedelta(days=1)).isoformat()
    path = write(tmp_path, "a.md", markdown(f"title: Later\npublished_at: '{when}'"))
    import_file(path)
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert not Article.objects.published().exists()


# Finding files


def test_find_article_files_recurses_in_name_order_and_skips_others(tmp_path):
    write(tmp_path, "b.md", "x")
    write(tmp_path, "a/z.txt", "x")
    write(tmp_path, "notes.docx", "x")
    write(tmp_path, ".git/c.md", "x")
    assert find_article_files([tmp_path]) == [tmp_path / "a/z.txt", tmp_path / "b.md"]


def test_find_article_files_keeps_an_explicit_file_of_any_type(tmp_path):
    path = write(tmp_path, "notes.docx", "x")
    assert find_article_files([path, path]) == [path]


def test_unsupported_file_type_is_an_error(tmp_path):
    path = write(tmp_path, "notes.docx", "x")
    with pytest.raises(ArticleFileError, match=r"notes\.docx: unsupported file type '\.docx'"):
        import_file(path)
