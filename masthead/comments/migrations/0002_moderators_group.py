"""A "Comment moderators" group: the admin's comment queue and bans, and nothing editorial."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("comments", "moderate_comment"),
    ("comments", "view_comment"),
    ("comments", "view_ban"),
]


def create_moderators(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name="Comment moderators")
    for app_label, codename in PERMISSIONS:
        permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Comment moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_moderators, remove_moderators)]
