"""A "Comment moderators" group: the admin's comment queue and bans, and nothing editorial."""

from django.db import migrations

from masthead.group_permissions import find_permissions, make_permissions

PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("comments", "moderate_comment"),
    ("comments", "view_comment"),
    ("comments", "view_ban"),
]


def create_moderators(apps, schema_editor):
    make_permissions(apps)
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name="Comment moderators")
    group.permissions.add(*find_permissions(apps, PERMISSIONS))


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Comment moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_moderators, remove_moderators)]
