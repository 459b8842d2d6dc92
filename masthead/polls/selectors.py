"""Reads for polls: results (one query), the polls in an article's body with their answers (one query), and whether
a reader may see a poll at all."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from wagtail.models import Page, ReferenceIndex

from masthead.ids import row_or_none
from masthead.newsroom.privacy import readable

from .models import Poll
from .services import votes_of


def results(*, poll, reader=None, browser_token=""):
    """The poll's answers with their votes and shares, the total, whether it is open, and the answer this reader
    or browser chose (None: they have not voted)."""
    total, shown = shares(poll.options.order_by("sort_order", "pk"))
    chosen = votes_of(poll=poll, reader=reader, browser_token=browser_token).values_list("option_id", flat=True)
    voted_for = next(iter(chosen), None)
    return {"poll": poll, "open": poll.is_open(), "total": total, "voted_for": voted_for, "options": shown}


def shares(options):
    """The total of votes and each answer with its votes and share in percent, in the order given."""
    options = list(options)
    total = sum(option.vote_count for option in options)
    return total, [
        {
            "id": option.pk,
            "text": option.text,
            "votes": option.vote_count,
            "percent": round(100 * option.vote_count / total) if total else 0,
        }
        for option in options
    ]


def polls_in(body):
    """The polls placed in a body, their answers fetched with one query for them all."""
    polls = [block.value for block in body if block.block_type == "poll" and isinstance(block.value, Poll)]
    if polls:
        prefetch_related_objects(polls, "options")
    return polls


def poll_for(request, poll_id):
    """The poll, or None when there is none or when every published page carrying it is private and does not admit
    this reader: a poll in a private story is read and voted on by that story's readers only. A poll placed in no
    published page (a draft's, being previewed) answers everyone, as it did before it had a place."""
    poll = row_or_none(Poll.objects.all(), poll_id)
    if poll is None:
        return None
    page_ids = (
        ReferenceIndex.get_references_to(poll)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    # object_id is text (it points at any model), so the pages are read by the ids it holds.
    pages = list(Page.objects.live().filter(pk__in=[int(page_id) for page_id in page_ids]))
    if pages and not any(readable(page, request) for page in pages):
        return None
    return poll
