"""Article.page_parts: what each article's page and cards show of its bylines, sources,
corrections and tags, kept in its row (articles/models/page_parts.py), filled here for the
articles already written."""

from django.db import migrations, models

from articles.models.page_parts import derive_page_parts
from articles.models.sources import SourceKind

# As they were when this migration was written: later changes to the labels re-derive.
CORRECTION_LABELS = {
    "correction": "Correction",
    "clarification": "Clarification",
    "update": "Update",
    "editors_note": "Editor's note",
}


def fill_page_parts(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    labels = {"source": dict(SourceKind.choices), "correction": CORRECTION_LABELS}
    articles = Article.objects.only("pk", "body").prefetch_related(
        "bylines__author", "citations__source", "corrections", "tags"
    )
    batch = []
    for article in articles.iterator(chunk_size=500):
        article.page_parts = derive_page_parts(
            article,
            bylines=sorted(article.bylines.all(), key=lambda row: (row.position, row.pk)),
            citations=sorted(article.citations.all(), key=lambda row: (row.position, row.pk)),
            corrections=sorted(
                article.corrections.all(), key=lambda row: (row.published_at, row.pk)
            ),
            tags=sorted(article.tags.all(), key=lambda tag: tag.name),
            labels=labels,
        )
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["page_parts"])
            batch = []
    Article.objects.bulk_update(batch, ["page_parts"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_content_generation_without_fragments")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="page_parts",
            field=models.JSONField(
                default=dict,
                editable=False,
                help_text=(
                    "What the page and cards show of the bylines, sources, corrections and tags."
                ),
            ),
        ),
        migrations.RunPython(fill_page_parts, migrations.RunPython.noop),
    ]
