from django.db import migrations, models


def cover_the_sources_cited_now(apps, schema_editor):
    """Sign-offs given before this migration covered the anonymous sources cited then, which
    are the ones cited now (a change of sources cleared the sign-off)."""
    Article = apps.get_model("articles", "Article")
    Citation = apps.get_model("articles", "Citation")
    for article in Article.objects.filter(anonymous_sources_approved_by__isnull=False):
        article.anonymous_sources_signed_off = sorted(
            set(
                Citation.objects.filter(article=article, source__is_anonymous=True).values_list(
                    "source_id", flat=True
                )
            )
        )
        article.save(update_fields=["anonymous_sources_signed_off"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_content_generation")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="anonymous_sources_signed_off",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="The ids of the anonymous sources the Editor's sign-off covers.",
            ),
        ),
        migrations.RunPython(cover_the_sources_cited_now, migrations.RunPython.noop),
    ]
