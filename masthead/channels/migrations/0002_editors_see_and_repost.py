"""Wagtail's Editors and Moderators, who publish stories, see where each was posted and may post it again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [("channels", "view_channel"), ("channels", "view_channelpost"), ("channels", "post_again")]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    permission_model = apps.get_model("auth", "Permission")
    permissions = [
        permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
        for app_label, codename in PERMISSIONS
    ]
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*[permission for permission in permissions if permission is not None])


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        for app_label, codename in PERMISSIONS:
            group.permissions.remove(*permission_model.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
