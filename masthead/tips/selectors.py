"""What a tip's sender is shown of it: its status in plain words, and their own tips on their account page."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Tip

# That a tip was marked spam is the newsroom's business: its sender reads that it was not taken up.
STATUS_FOR_SENDER = {
    Tip.Status.NEW: _("Received"),
    Tip.Status.CHECKING: _("Being checked"),
    Tip.Status.USED: _("Used in a story"),
    Tip.Status.DECLINED: _("Not taken up"),
    Tip.Status.SPAM: _("Not taken up"),
}

SHOWN_ON_ACCOUNT = 20


def sender_status(tip):
    return STATUS_FOR_SENDER[tip.status]


def tips_of(reader):
    """A signed-in reader's newest tips, each with the number of the newsroom's answers (one query)."""
    rows = (
        Tip.objects.filter(reader=reader)
        .annotate(answers=Count("messages", filter=Q(messages__from_newsroom=True)))
        .order_by("-created_at", "-id")[:SHOWN_ON_ACCOUNT]
    )
    return [{"tip": tip, "status": sender_status(tip), "answers": tip.answers} for tip in rows]
