"""The two newsroom roles as groups: Writers write, Editors decide what readers see."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# What a Writer may do to each model: write articles, add and remove their bylines and sources,
# and look at everything else.
WRITER_ACTIONS = {
    "article": ["add", "change", "view"],
    "byline": ["add", "change", "delete", "view"],
    "citation": ["add", "change", "delete", "view"],
    "author": ["add", "change", "view"],
    "source": ["add", "change", "view"],
    "tag": ["add", "change", "view"],
    "section": ["view"],
    "correction": ["view"],
}


def create_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are normally made after all migrations run (post_migrate), too late for
    # this one on a fresh database, so make any missing ones now; it skips existing ones.
    articles = apps.get_app_config("articles")
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0, using=using)
    articles.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    newsroom = Permission.objects.using(using).filter(content_type__app_label="articles")

    writer, _ = Group.objects.using(using).get_or_create(name="Writer")
    codenames = [
        f"{action}_{model}" for model, actions in WRITER_ACTIONS.items() for action in actions
    ]
    writer.permissions.add(*newsroom.filter(codename__in=codenames))

    # Every newsroom permission, including publish_article, edit_others_article and
    # approve_anonymous_sources, which the article model declares.
    editor, _ = Group.objects.using(using).get_or_create(name="Editor")
    editor.permissions.add(*newsroom)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=["Writer", "Editor"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
