"""Stored HTML rendered again by today's renderer: body ids now carry a prefix, so that no
heading or footnote takes an id of the page around it, and raw-text tags left open no longer
swallow the rest of a text. Rows the renderer now refuses keep their old HTML."""

from django.db import migrations

from articles.markdown import MarkdownTooComplex, render_markdown

BATCH = 500


def render_again(model, text_field, html_field):
    def run(apps, schema_editor):
        rows = apps.get_model("articles", model).objects.only("pk", text_field, html_field)
        changed = []
        for row in rows.iterator(chunk_size=BATCH):
            try:
                html = render_markdown(getattr(row, text_field))
            except MarkdownTooComplex:
                continue
            if html != getattr(row, html_field):
                setattr(row, html_field, html)
                changed.append(row)
            if len(changed) >= BATCH:
                type(row).objects.bulk_update(changed, [html_field])
                changed = []
        if changed:
            type(changed[0]).objects.bulk_update(changed, [html_field])

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_removed_story_addresses")]

    operations = [
        migrations.RunPython(
            render_again("Article", "body", "body_html"), migrations.RunPython.noop
        ),
        migrations.RunPython(render_again("Page", "body", "body_html"), migrations.RunPython.noop),
        migrations.RunPython(render_again("Author", "bio", "bio_html"), migrations.RunPython.noop),
    ]
