from django.db import migrations

from masthead.group_permissions import grant_to_groups

# The comment moderators keep the comment policy (Settings → Comment policy: its checks, word lists and score
# thresholds), which they see at work every day in the queue. Before, only superusers could open it.
grant, revoke = grant_to_groups(["Comment moderators"], [("comments", "change_commentpolicy")])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0011_comments_changed_after_warning"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
