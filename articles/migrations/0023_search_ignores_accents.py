"""On PostgreSQL, search that ignores accents: "ciaran" finds "Ciarán".

Each text-search configuration the site can use (articles/search.py, SEARCH_CONFIGS) gets an
accent-blind copy, newsroom_<name>, that passes words through the unaccent dictionary before
stemming them; the stored search vectors are then rebuilt with it.

CREATE EXTENSION needs a role allowed to create it: a superuser, or, since PostgreSQL 13
(unaccent is a trusted extension), the owner of the database. Where the application's role is
neither, a superuser runs `CREATE EXTENSION unaccent;` in the database once before migrating;
IF NOT EXISTS then leaves it be.
"""

from django.db import migrations

from articles.search import SEARCH_CONFIGS, document_vector, search_language

CONFIGS = sorted({*SEARCH_CONFIGS.values(), "simple"})


def dictionary(config):
    return "simple" if config == "simple" else f"{config}_stem"


def make_accent_blind_configs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for config in CONFIGS:
        name = f"newsroom_{config}"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{config})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word"
            f" WITH unaccent, {dictionary(config)}"
        )
    Article = apps.get_model("articles", "Article")
    Article.objects.using(schema_editor.connection.alias).update(search_vector=document_vector())


def drop_accent_blind_configs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The vectors go back to the plain configuration before the one they were built with goes.
    Article = apps.get_model("articles", "Article")
    Article.objects.using(schema_editor.connection.alias).update(
        search_vector=document_vector(search_language())
    )
    for config in CONFIGS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_{config}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_front_page"),
    ]

    operations = [
        migrations.RunPython(make_accent_blind_configs, drop_accent_blind_configs),
    ]
