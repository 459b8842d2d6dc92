from django.db import migrations

from masthead.group_permissions import grant_to_groups

# Editors and Moderators (the chief editors) translate stories into the other edition (Wagtail's Translate action,
# which asks for simple_translation's permission) and keep the newsroom's settings: the breaking-news banner, the
# comment rules, the subscribe text. Before, only superusers could do either.
grant, revoke = grant_to_groups(
    ["Editors", "Moderators"],
    [("simple_translation", "submit_translation"), ("newsroom", "change_newsroomsettings")],
)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0010_live_update_corrections_fact_check_index"),
        ("simple_translation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
