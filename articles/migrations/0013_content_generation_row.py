"""The one ContentGeneration row, made with the tables, so that reading it is always one
query (a row lost later, in a flushed database say, is made again on first use)."""

import time

from django.db import migrations


def create_row(apps, schema_editor):
    ContentGeneration = apps.get_model("articles", "ContentGeneration")
    # A number no page was ever stored under: the time in microseconds (caching.py).
    generation = time.time_ns() // 1000
    ContentGeneration.objects.get_or_create(
        pk=1, defaults={"content": generation, "fragments": generation}
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_render_stored_html_again")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
