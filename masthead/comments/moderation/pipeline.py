"""The moderation pipeline: the policy's checks run in order, each answering allow, hold or reject with a reason.

A reject ends the run (nothing later can allow it back); holds are collected, so a moderator sees every reason a
comment waits. Each check is a small function `check_<name>(submission, params) -> Verdict`, named like the policy
block it serves.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

ALLOW, HOLD, REJECT = "allow", "hold", "reject"

# What each reason code means, for moderators and (when the site allows it) for the commenter.
REASONS = {
    "banned": _("You are blocked from commenting."),
    "rate_limit": _("Too many comments in a short time. Please wait a while."),
    "duplicate": _("You have already posted this text."),
    "flood": _("The same text is being posted from several accounts."),
    "link_policy": _("Links to third-party resources are not allowed."),
    "word_list": _("The comment contains prohibited words."),
    "classifier": _("The comment looks abusive or like spam."),
    "new_account": _("The first comments of a new account are read by a moderator first."),
    "premoderated": _("Comments on this article are read by a moderator first."),
    "held_reader": _("A moderator reads this account's comments before they appear."),
    "reported": _("Readers reported this comment."),
    "moderator": _("A moderator removed this comment."),
}
# Reasons a comment waited for a moderator, not rules it broke.
WAITING_REASONS = {"new_account", "premoderated", "held_reader", "reported"}


def broken_rules(codes):
    """Why a comment was rejected, in words for its author: the rules it broke, not why it waited for a moderator
    (which would read as the cause)."""
    return [REASONS[code] for code in codes if code in REASONS and code not in WAITING_REASONS]


def broken_rules_text(codes):
    """The same, as one text to follow "Your comment was rejected." ("" when no rule was broken)."""
    return " ".join(str(rule) for rule in broken_rules(codes))


URL_PATTERN = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,24})/[^\s]*")


@dataclass(frozen=True)
class Verdict:
    action: str
    reason: str = ""
    detail: str = ""


@dataclass
class Submission:
    """What the pipeline knows about one comment being posted or edited."""

    text: str
    author: object
    article: object
    ip_hash: str
    now: datetime
    editing: bool = False
    bans: list | None = None  # the reader's active bans, when the caller has read them already
    score: float | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class Outcome:
    status: str  # a Comment.Status value
    reasons: list
    score: float | None


def run(*, submission, checks, premoderated=False, held_reader=False):
    from ..models import Comment

    holds = []
    for block in checks:
        check = CHECKS[block.block_type]
        if submission.editing and block.block_type in CHECKS_SKIPPED_ON_EDIT:
            continue
        verdict = check(submission, block.value)
        if verdict.action == REJECT:
            return Outcome(Comment.Status.REJECTED, [verdict.reason], submission.score)
        if verdict.action == HOLD and verdict.reason not in holds:
            holds.append(verdict.reason)
    if premoderated and "premoderated" not in holds:
        holds.append("premoderated")
    if held_reader:  # a moderator's decision about this reader (standing.reader_hold), whatever the policy
        holds.append("held_reader")
    status = Comment.Status.PENDING if holds else Comment.Status.PUBLISHED
    return Outcome(status, holds, submission.score)


# --- the checks -------------------------------------------------------------------------------------------


def check_banned(submission, params):
    from ..selectors import active_bans

    bans = submission.bans
    if bans is None:
        bans = active_bans(user=submission.author, ip_hash=submission.ip_hash)
    if bans:
        return Verdict(REJECT, "banned")
    return Verdict(ALLOW)


def check_rate_limit(submission, params):
    from ..models import Comment

    since = submission.now - timedelta(hours=1)
    by_account = Q(author=submission.author)
    by_address = Q(ip_hash=submission.ip_hash) if submission.ip_hash else Q(pk__in=[])
    counts = Comment.objects.filter(by_account | by_address, created_at__gte=since).aggregate(
        account=Count("pk", filter=by_account), address=Count("pk", filter=by_address)
    )
    if counts["account"] >= params["per_account_per_hour"]:
        return Verdict(REJECT, "rate_limit")
    if submission.ip_hash and counts["address"] >= params["per_address_per_hour"]:
        return Verdict(REJECT, "rate_limit")
    return Verdict(ALLOW)


def check_duplicates(submission, params):
    from ..models import Comment

    since = submission.now - timedelta(minutes=params["window_minutes"])
    mine = Q(author=submission.author)
    counts = (
        Comment.objects.filter(created_at__gte=since, text=submission.text)
        .exclude(status=Comment.Status.DELETED)
        .aggregate(mine=Count("pk", filter=mine), other_authors=Count("author", filter=~mine, distinct=True))
    )
    if counts["mine"]:
        return Verdict(REJECT, "duplicate")
    if counts["other_authors"] + 1 >= params["flood_accounts"]:
        return Verdict(HOLD, "flood")
    return Verdict(ALLOW)


def own_domains():
    hosts = {urlsplit(settings.BASE_URL).hostname or ""}
    hosts.update(host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in {"*"})
    return {host.lower() for host in hosts if host}


def link_domains(text):
    domains = []
    for match in URL_PATTERN.finditer(text):
        url = match.group(0)
        if not url.lower().startswith(("http://", "https://")):
            url = "http://" + url
        domains.append((urlsplit(url).hostname or "").lower())
    return domains


def domain_allowed(domain, allowed):
    return any(domain == item or domain.endswith("." + item) for item in allowed)


def check_link_policy(submission, params):
    from ..policy import domain_list

    allowed = set(domain_list(params)) | own_domains()
    foreign = [d for d in link_domains(submission.text) if not domain_allowed(d, allowed)]
    if foreign:
        return Verdict(params["action"], "link_policy", ", ".join(sorted(set(foreign))))
    return Verdict(ALLOW)


def check_word_list(submission, params):
    from .wordlists import find_banned_words

    words = [line.strip() for line in params["words"].splitlines() if line.strip()]
    found = find_banned_words(submission.text, words=words)
    if found:
        return Verdict(params["action"], "word_list", ", ".join(found))
    return Verdict(ALLOW)


def check_classifier(submission, params):
    from .classifier import default_classifier

    if submission.score is None:
        submission.score = default_classifier(settings.DATA_DIR / "moderation-model").score(submission.text)
    if submission.score >= params["reject_at"]:
        return Verdict(REJECT, "classifier", f"{submission.score:.2f}")
    if submission.score >= params["hold_at"]:
        return Verdict(HOLD, "classifier", f"{submission.score:.2f}")
    return Verdict(ALLOW)


def check_new_account(submission, params):
    from ..models import Comment

    # Counting stops at the threshold: a regular reader's thousand comments need not be counted on every post.
    wanted = params["first_comments"]
    earlier = Comment.objects.filter(author=submission.author, status=Comment.Status.PUBLISHED)[:wanted].count()
    if earlier < wanted:
        return Verdict(HOLD, "new_account")
    return Verdict(ALLOW)


CHECKS = {
    "banned": check_banned,
    "rate_limit": check_rate_limit,
    "duplicates": check_duplicates,
    "link_policy": check_link_policy,
    "word_list": check_word_list,
    "classifier": check_classifier,
    "new_account": check_new_account,
}
# An edit is judged on its words and links again; counting it as a new post would punish fixing a typo.
CHECKS_SKIPPED_ON_EDIT = {"rate_limit", "duplicates", "new_account"}
