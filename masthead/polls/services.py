"""Casting a vote: one per account or browser, while the poll is open, counted in the same transaction."""

import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.ids import row_or_none
from masthead.refusals import Refused

from .models import Poll, PollOption, PollVote

# The cookie that lets a browser without an account vote once: a random token, of which only a hash is stored.
VOTER_COOKIE = "masthead_voter"
VOTER_COOKIE_SECONDS = 365 * 24 * 3600
# Votes one address may cast in one poll a day: a household or an office shares an address, a script does too.
VOTES_PER_ADDRESS = "50/d"


class VoteRefused(Refused):
    pass


def new_voter_token():
    return secrets.token_urlsafe(24)


def browser_hash(token):
    return hashlib.sha256(token.encode()).hexdigest() if token else ""


def votes_of(*, poll, reader, browser_token):
    """The votes this reader or browser cast in the poll (a queryset: none, or one, rarely two)."""
    who = Q()
    if reader is not None and reader.is_authenticated:
        who |= Q(reader=reader)
    if browser_token:
        who |= Q(browser=browser_hash(browser_token))
    return PollVote.objects.filter(poll=poll).filter(who) if who else PollVote.objects.none()


def vote_cast(*, poll, option_id, reader, browser_token, now=None):
    """Record one vote for the answer `option_id`; refused (VoteRefused) with a reason readers understand."""
    now = now or timezone.now()
    signed_in = reader is not None and reader.is_authenticated
    if not poll.is_open(now):
        raise VoteRefused(_("This poll is closed."), code="closed", status=409)
    if poll.voters == Poll.Voters.READERS and not signed_in:
        raise VoteRefused(_("Sign in to vote in this poll."), code="sign_in", status=401)
    option = row_or_none(PollOption.objects.filter(poll=poll), option_id)
    if option is None:
        raise VoteRefused(_("Choose one of the answers."), code="no_answer", status=422)
    if not signed_in and not browser_token:
        raise VoteRefused(_("Your browser refused the cookie a vote needs."), code="no_cookie", status=400)
    if votes_of(poll=poll, reader=reader, browser_token=browser_token).exists():
        raise VoteRefused(_("You have already voted in this poll."), code="already_voted", status=409)
    try:
        with transaction.atomic():
            vote = PollVote.objects.create(
                poll=poll,
                option=option,
                reader=reader if signed_in else None,
                browser=browser_hash(browser_token),
                created_at=now,
            )
            PollOption.objects.filter(pk=option.pk).update(vote_count=F("vote_count") + 1)
    except IntegrityError as error:  # the same vote sent twice at once: the first one counts
        raise VoteRefused(_("You have already voted in this poll."), code="already_voted", status=409) from error
    return vote
