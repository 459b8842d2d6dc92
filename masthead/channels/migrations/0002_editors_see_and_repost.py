"""Wagtail's Editors and Moderators, who publish stories, see where each was posted and may post it again."""

from django.db import migrations

from masthead.group_permissions import grant_to_groups

GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [("channels", "view_channel"), ("channels", "view_channelpost"), ("channels", "post_again")]


grant, revoke = grant_to_groups(GROUPS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
