"""Reads for polls: results (one query), and the polls in an article's body with their answers (one query)."""

from django.db.models import prefetch_related_objects

from .models import Poll
from .services import votes_of


def results(*, poll, reader=None, browser_token=""):
    """The poll's answers with their votes and shares, the total, whether it is open, and the answer this reader
    or browser chose (None: they have not voted)."""
    options = list(poll.options.order_by("sort_order", "pk"))
    total = sum(option.vote_count for option in options)
    chosen = votes_of(poll=poll, reader=reader, browser_token=browser_token).values_list("option_id", flat=True)
    return {
        "poll": poll,
        "open": poll.is_open(),
        "total": total,
        "voted_for": next(iter(chosen), None),
        "options": [
            {
                "id": option.pk,
                "text": option.text,
                "votes": option.vote_count,
                "percent": round(100 * option.vote_count / total) if total else 0,
            }
            for option in options
        ],
    }


def polls_in(body):
    """The polls placed in a body, their answers fetched with one query for them all."""
    polls = [block.value for block in body if block.block_type == "poll" and isinstance(block.value, Poll)]
    if polls:
        prefetch_related_objects(polls, "options")
    return polls
