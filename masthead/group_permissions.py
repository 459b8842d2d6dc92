"""Data migrations that hand permissions to groups.

Django creates permission rows only after every migration has run, so a migration that grants one must create
them first, from the historical models it is given.
"""

from django.contrib.auth.management import create_permissions


def make_permissions(apps, app_label=None):
    """Create the permission rows of one app (or of every app) as of this migration."""
    app_configs = [apps.get_app_config(app_label)] if app_label else apps.get_app_configs()
    for app_config in app_configs:
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def find_permissions(apps, pairs):
    """The permissions named by (app label, codename) pairs that exist, in order."""
    permission_model = apps.get_model("auth", "Permission")
    found = [
        permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
        for app_label, codename in pairs
    ]
    return [permission for permission in found if permission is not None]


def grant_to_groups(groups, pairs):
    """A (forward, backward) pair for RunPython: give the named groups, where they exist, these permissions."""

    def grant(apps, schema_editor):
        make_permissions(apps)
        permissions = find_permissions(apps, pairs)
        for group in apps.get_model("auth", "Group").objects.filter(name__in=groups):
            group.permissions.add(*permissions)

    def revoke(apps, schema_editor):
        permissions = find_permissions(apps, pairs)
        for group in apps.get_model("auth", "Group").objects.filter(name__in=groups):
            group.permissions.remove(*permissions)

    return grant, revoke
