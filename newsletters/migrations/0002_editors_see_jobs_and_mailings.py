"""Editors see the job queue (and its failed jobs) and the mailings sent; readers' addresses
stay with superusers, or whoever a superuser gives the subscriber permissions to."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    ("django_tasks_database", "view_dbtaskresult"),
    ("newsletters", "view_mailing"),
]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in ("django_tasks_database", "newsletters"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0, using=using)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.using(using).get_or_create(name="Editor")
    for app_label, codename in EDITOR_PERMISSIONS:
        editor.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.using(schema_editor.connection.alias).filter(name="Editor").first()
    if editor:
        for app_label, codename in EDITOR_PERMISSIONS:
            editor.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0001_subscribers_and_mailings"),
        ("articles", "0004_editorial_groups"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
