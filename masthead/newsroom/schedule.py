"""The publishing schedule: what Wagtail will publish or take down in the coming days, and what it should have
already (the worker that runs `publish_scheduled` may be stopped), for Reports → Publishing schedule."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

AHEAD = timedelta(days=14)
# The worker publishes due pages every minute; later than this, something is wrong.
OVERDUE_AFTER = timedelta(minutes=10)


@dataclass
class ScheduledChange:
    when: datetime
    publishes: bool  # False: the page is taken down (its expiry)
    page: Page
    title: str
    section: str
    first_publication: bool
    scheduled_by: object
    overdue: bool


def publishing_schedule(*, user, now=None):
    """Every scheduled publication and expiry until AHEAD from now, and every overdue one, oldest first, of the
    pages this user may edit. A fixed number of queries, however many changes are due."""
    now = now or timezone.now()
    until = now + AHEAD
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    revisions = list(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False, approved_go_live_at__lt=until)
        .select_related("user")
        .order_by("approved_go_live_at", "pk")
    )
    expiring = list(editable.filter(live=True, expire_at__isnull=False, expire_at__lt=until).select_related("locale"))
    pages = {
        page.pk: page
        for page in editable.filter(pk__in=[int(revision.object_id) for revision in revisions]).select_related("locale")
    }
    pages.update((page.pk, page) for page in expiring)
    # A page's section is its parent: read at once by their paths.
    parents = {
        parent.path: parent.title for parent in Page.objects.filter(path__in={p.path[:-4] for p in pages.values()})
    }

    def change(when, page, *, publishes, title, user=None):
        return ScheduledChange(
            when=when,
            publishes=publishes,
            page=page,
            title=title,
            section=parents.get(page.path[:-4], ""),
            first_publication=publishes and not page.live,
            scheduled_by=user,
            overdue=when < now - OVERDUE_AFTER,
        )

    changes = [change(page.expire_at, page, publishes=False, title=page.title) for page in expiring]
    for revision in revisions:
        page = pages.get(int(revision.object_id))
        if page is not None:  # None: a page this user may not edit
            title = revision.content.get("title") or page.title
            changes.append(change(revision.approved_go_live_at, page, publishes=True, title=title, user=revision.user))
    return sorted(changes, key=lambda item: item.when)


def by_day(changes):
    """[(day in the site's time zone, [changes])], in order."""
    days = {}
    for item in changes:
        days.setdefault(timezone.localdate(item.when), []).append(item)
    return list(days.items())
