"""Editors and Moderators may pin editors' picks to searches (admin → Settings → Promoted search results)."""

from django.db import migrations

from masthead.group_permissions import grant_to_groups

GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
]


grant, revoke = grant_to_groups(GROUPS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom_search", "0003_language_newest_index"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
