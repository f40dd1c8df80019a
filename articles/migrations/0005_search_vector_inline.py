"""On PostgreSQL, keep each article's search vector inside its row rather than in TOAST.

Search tests the vectors of the newest articles one by one (ArticleQuerySet.search): a vector
stored out of line costs a TOAST index lookup and another page for every article tested, and
made that walk twice as slow. With MAIN storage PostgreSQL still compresses the vector, and
moves it out of line only when the row would not fit in a page otherwise.
"""

from django.db import migrations

from articles.search import document_vector


def store_search_vectors_inline(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    table = schema_editor.quote_name(Article._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")
    # The storage applies to values written from now on, so the stored ones are rewritten.
    Article.objects.using(schema_editor.connection.alias).update(search_vector=document_vector())


def store_search_vectors_anywhere(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_editorial_groups"),
    ]

    operations = [
        migrations.RunPython(store_search_vectors_inline, store_search_vectors_anywhere),
    ]
