"""Fill the database named by DATABASE_URL with a realistic synthetic archive, quickly.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        .venv/bin/python bench/generate.py --articles 100000

Sections, tags, authors and sources are written with bulk_create. Articles and what hangs
on them (bylines, citations, tags, corrections) are written in batches by RowWriter, as plain
rows: through COPY on PostgreSQL, executemany() elsewhere. Each distinct body template is
rendered to HTML once (not once per article), and on PostgreSQL the search vectors are filled
by one UPDATE at the end. It wants an empty, migrated database (bench/run.py makes one).
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management.color import no_style  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.caching import content_changed  # noqa: E402
from articles.markdown import render_markdown  # noqa: E402
from articles.models import (  # noqa: E402
    Article,
    Author,
    Byline,
    Citation,
    Correction,
    Section,
    Source,
    Tag,
)
from articles.models.page_parts import derive_page_parts  # noqa: E402
from articles.search import document_vector  # noqa: E402

BATCH = 2000
# What varies from article to article, in the order of the rows below; RowWriter fills the rest.
ARTICLE_COLUMNS = [
    "id",
    "headline",
    "slug",
    "dek",
    "summary",
    "body",
    "body_html",
    "section",
    "status",
    "published_at",
    "search_text",
    "page_parts",
]
SECTIONS = ["World", "Politics", "Business", "Science", "Health", "Culture", "Sport", "Opinion"]
PLACES = ["Kyiv", "Minsk", "Brussels", "Nairobi", "Lima", "Hanoi", "Oslo", "Accra", "Quito"]
SUBJECTS = ["ceasefire", "budget", "harbour", "election", "drought", "vaccine", "pipeline"]
VERBS = ["resumes", "stalls", "reopens", "is delayed", "wins backing", "faces inquiry"]
FIRST = ["Maria", "James", "Aisha", "Tomás", "Yuki", "Olga", "Kwame", "Lena", "Ravi", "Sara"]
# Planted for the searches bench/run.py measures: a word in one article (the one numbered a
# third of the way into the archive), and a word in every other article's standfirst.
RARE_WORD = "quokka"
COMMON_WORD = "dispatch"
LAST = ["Kovalenko", "Whitfield", "Rahman", "Ortega", "Tanaka", "Novak", "Mensah", "Berg"]

PARAGRAPHS = [
    "Officials in {place} said on Monday that talks on the {subject} would continue.",
    "According to the ministry, the {subject} had been discussed for months, "
    "and a decision was expected **before the end of the year**.",
    '"We are not there yet," a spokesperson told reporters in {place}.',
    "Critics said the plan left [important questions](https://example.org/report) open.",
    "## What happens next\n\nThe committee meets again next week.",
    "- The first vote is due in spring.\n- A second reading follows.\n- Courts may intervene.",
    "Figures published by the statistics office show a rise of 3.4 per cent.",
]


class RowWriter:
    """Writes rows of plain values into one model's table, several times faster than bulk_create.

    bulk_create makes a model instance of every row and prepares each of its values through
    the ORM, which was most of the time this script took. Here a row holds only the
    `columns` that vary, each prepared through its field; every other column is prepared once,
    from an instance with the fields' defaults (auto_now included). A callable default, such
    as an article's preview token, is still called for every row. A primary key left out is
    the database's to number.
    """

    def __init__(self, model, columns):
        self.table = model._meta.db_table
        self.fields = [model._meta.get_field(name) for name in columns]
        defaults = model()
        self.per_row_defaults = []
        self.constants = []
        for field in model._meta.concrete_fields:
            if field in self.fields or field.primary_key:
                continue
            if field.has_default() and callable(field.default):
                self.per_row_defaults.append(field)
            else:
                value = field.pre_save(defaults, add=True)
                self.constants.append((field, field.get_db_prep_save(value, connection)))
        self.column_names = [
            connection.ops.quote_name(field.column)
            for field in self.fields + self.per_row_defaults + [f for f, _ in self.constants]
        ]

    def write(self, rows):
        constants = [value for _, value in self.constants]
        prepared = (
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(self.fields, row, strict=True)
            ]
            + [
                field.get_db_prep_save(field.get_default(), connection)
                for field in self.per_row_defaults
            ]
            + constants
            for row in rows
        )
        table = connection.ops.quote_name(self.table)
        columns = ", ".join(self.column_names)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in prepared:
                        copy.write_row(values)
            else:
                placeholders = ", ".join(["%s"] * len(self.column_names))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(prepared)
                )


def body_templates(count, rng):
    """A few dozen Markdown bodies of five to twelve paragraphs, with their HTML."""
    templates = []
    for number in range(count):
        paragraphs = [
            rng.choice(PARAGRAPHS).format(place=rng.choice(PLACES), subject=rng.choice(SUBJECTS))
            for _ in range(rng.randint(5, 12))
        ]
        body = f"Template {number}.\n\n" + "\n\n".join(paragraphs)
        templates.append((body, render_markdown(body)))
    return templates


def generate(*, articles, seed=1, verbosity=1):
    """Write `articles` published articles with everything around them; return seconds taken."""
    started = time.monotonic()
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        sections = Section.objects.bulk_create(
            Section(name=name, slug=name.lower(), position=position)
            for position, name in enumerate(SECTIONS)
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"{place} {subject}", slug=f"{place}-{subject}".lower())
            for place in PLACES
            for subject in SUBJECTS
        )
        authors = Author.objects.bulk_create(
            Author(
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}",
                slug=f"author-{number}",
                role="Correspondent",
            )
            for number in range(max(20, articles // 200))
        )
        sources = Source.objects.bulk_create(
            Source(
                name=f"{place} {kind} office {number}",
                slug=f"source-{number}",
                kind=kind,
                organisation=f"{place} government",
            )
            for number, (place, kind) in enumerate(
                (rng.choice(PLACES), rng.choice(["official", "agency", "document"]))
                for _ in range(max(50, articles // 50))
            )
        )
        templates = body_templates(40, rng)
        writers = {
            "articles": RowWriter(Article, ARTICLE_COLUMNS),
            "bylines": RowWriter(Byline, ["article", "author", "position"]),
            "citations": RowWriter(Citation, ["article", "source", "position", "supports"]),
            "tags": RowWriter(Article.tags.through, ["article", "tag"]),
            "corrections": RowWriter(Correction, ["id", "article", "note", "published_at"]),
        }
        labels = {
            "source": dict(Source.Kind.choices),
            "correction": dict(Correction.Kind.choices),
        }
        corrections = 0
        for start in range(0, articles, BATCH):
            size = min(BATCH, articles - start)
            rows = {name: [] for name in writers}
            for number in range(start, start + size):
                # The database is empty, so the articles are numbered from 1 here (COPY cannot
                # hand back the ids it gave) and the id sequence is moved past them below.
                article_id = number + 1
                body, body_html = rng.choice(templates)
                bylines = rng.sample(authors, rng.randint(1, 3))
                cited = rng.sample(sources, rng.randint(1, 4))
                names = [author.name for author in bylines]
                for source in cited:
                    names += [source.name, source.organisation]
                tagged = rng.sample(tags, rng.randint(0, 3))
                corrected = []
                if rng.random() < 0.05:
                    corrections += 1
                    corrected.append(
                        SimpleNamespace(
                            pk=corrections,
                            kind=Correction.Kind.CORRECTION,
                            note="An earlier version gave the wrong date.",
                            published_at=now,
                        )
                    )
                # What the article page and cards show, as Article.refresh_derived() keeps it.
                page_parts = derive_page_parts(
                    SimpleNamespace(body=body),
                    bylines=[
                        SimpleNamespace(role=Byline.Role.WRITER, author=author)
                        for author in bylines
                    ],
                    citations=[
                        SimpleNamespace(
                            source=source, url="", supports="figures", anonymity_note=""
                        )
                        for source in cited
                    ],
                    corrections=corrected,
                    tags=tagged,
                    labels=labels,
                )
                headline = (
                    f"{rng.choice(SUBJECTS).capitalize()} in {rng.choice(PLACES)} "
                    f"{rng.choice(VERBS)} ({number})"
                )
                rows["articles"].append(
                    (
                        article_id,
                        headline,
                        f"story-{number}",
                        f"Story {number} of the archive."
                        + (f" A wire {COMMON_WORD}." if number % 2 == 0 else ""),
                        f"What happened with the {rng.choice(SUBJECTS)}."
                        + (f" A {RARE_WORD} was seen." if number == articles // 3 else ""),
                        body,
                        body_html,
                        rng.choice(sections).pk,
                        Article.Status.PUBLISHED,
                        # Spread over about ten years, newest first.
                        now - timedelta(minutes=number * 50 + 1),
                        "\n".join(dict.fromkeys(names)),
                        page_parts,
                    )
                )
                rows["bylines"] += [
                    (article_id, author.pk, position) for position, author in enumerate(bylines)
                ]
                rows["citations"] += [
                    (article_id, source.pk, position, "figures")
                    for position, source in enumerate(cited)
                ]
                rows["tags"] += [(article_id, tag.pk) for tag in tagged]
                rows["corrections"] += [
                    (correction.pk, article_id, correction.note, correction.published_at)
                    for correction in corrected
                ]
            # Articles first: the other rows point at them.
            for name, writer in writers.items():
                writer.write(rows[name])
            if verbosity:
                elapsed = time.monotonic() - started
                print(f"  {start + size} articles, {elapsed:.1f} s", file=sys.stderr, flush=True)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Article, Correction]):
                cursor.execute(statement)
        if connection.vendor == "postgresql":
            # One statement for the whole archive, instead of one per article.
            Article.objects.update(search_vector=document_vector())
            if verbosity:
                elapsed = time.monotonic() - started
                print(f"  search index filled, {elapsed:.1f} s", file=sys.stderr, flush=True)
    if connection.vendor == "postgresql":
        # As autovacuum would in time: statistics for the planner, and a visibility map so
        # that counting published articles (the pagers) reads only the index.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            # The load leaves a gigabyte or so of pages in memory, unwritten: flushed now, not
            # by the checkpointer in the background while the first pages are measured.
            try:
                cursor.execute("CHECKPOINT")
            except DatabaseError:
                pass  # Only a superuser (or pg_checkpoint) may; the run is noisier without.
    content_changed()
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    if arguments.articles < 1:
        parser.error("--articles must be at least 1")
    if Article.objects.exists() or Section.objects.exists():
        parser.error("the database already has articles or sections: use an empty one")
    seconds = generate(articles=arguments.articles, seed=arguments.seed)
    print(f"Generated {arguments.articles} articles in {seconds:.1f} s on {connection.vendor}")


if __name__ == "__main__":
    main()
