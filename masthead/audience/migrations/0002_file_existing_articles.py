"""File the articles already published into the archive's index, and let editors see the statistics."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from masthead.group_permissions import make_permissions

# Wagtail's own editorial groups; the "Comment moderators" group stays out of the newsroom's figures.
STATS_GROUPS = ["Editors", "Moderators"]
STEPLEN = 4


def file_articles(apps, schema_editor):
    article_model = apps.get_model("newsroom", "ArticlePage")
    section_model = apps.get_model("newsroom", "SectionPage")
    entry_model = apps.get_model("audience", "ArchiveEntry")
    zone = ZoneInfo(settings.TIME_ZONE)
    sections = dict(section_model.objects.values_list("path", "pk"))
    rows = (
        article_model.objects.filter(live=True, first_published_at__isnull=False)
        .values_list("pk", "locale__language_code", "first_published_at", "path")
        .iterator(chunk_size=5000)
    )
    batch = []
    for pk, language, published_at, path in rows:
        batch.append(
            entry_model(
                article_id=pk,
                language=language,
                day=timezone.localdate(published_at, zone),
                published_at=published_at,
                section_id=sections.get(path[:-STEPLEN]),
            )
        )
        if len(batch) >= 5000:
            entry_model.objects.bulk_create(batch)
            batch = []
    entry_model.objects.bulk_create(batch)


def grant_statistics(apps, schema_editor):
    make_permissions(apps, "audience")
    permission = (
        apps.get_model("auth", "Permission")
        .objects.filter(content_type__app_label="audience", codename="view_audience_stats")
        .first()
    )
    if permission is None:
        return
    for group in apps.get_model("auth", "Group").objects.filter(name__in=STATS_GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("audience", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.RunPython(file_articles, migrations.RunPython.noop),
        migrations.RunPython(grant_statistics, migrations.RunPython.noop),
    ]
