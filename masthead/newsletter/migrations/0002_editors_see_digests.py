"""Wagtail's Editors and Moderators may see the digests and preview the next one; subscribers stay with the admins."""

from django.db import migrations

from masthead.group_permissions import grant_to_groups

GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [("newsletter", "view_digest")]


grant, revoke = grant_to_groups(GROUPS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
