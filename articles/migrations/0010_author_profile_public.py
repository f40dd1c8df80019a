from django.db import migrations, models


def keep_existing_pages_public(apps, schema_editor):
    """Every author had a public page before this migration: readers keep finding them."""
    apps.get_model("articles", "Author").objects.update(profile_public=True)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_article_import_key")]

    operations = [
        migrations.AddField(
            model_name="author",
            name="profile_public",
            field=models.BooleanField(
                default=False,
                help_text="Show this author's page to readers before their first published "
                "story. Only Editors can set it; once a published story carries the byline, "
                "the page is public anyway.",
                verbose_name="Public profile",
            ),
        ),
        migrations.RunPython(keep_existing_pages_public, migrations.RunPython.noop),
    ]
