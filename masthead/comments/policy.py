"""The comment policy: one settings object per site that both runs the moderation pipeline and is published.

Each configured check is a block with its parameters and a `rule_text()`: the rules shown above the comment form
are rendered from the very blocks the pipeline runs, in the same order, so the published policy and the enforced
one cannot disagree. The comment moderators (and superusers) reorder, tune or remove checks in the admin
(Settings → Comment policy).
"""

import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site

from .policy_panels import SecondLookPanel

DEFAULT_HOLD_AT = 0.7

ACTIONS = [("reject", _("Reject")), ("hold", _("Hold for a moderator"))]


class CheckBlock(blocks.StructBlock):
    """A pipeline check: its parameters are the block's fields; `rule_text` is what readers are told."""

    def rule_text(self, value):
        raise NotImplementedError(f"{type(self).__name__} must say what rule it enforces in rule_text()")


class BannedCheckBlock(CheckBlock):
    class Meta:
        icon = "lock"
        label = _("Banned accounts, emails and addresses")

    def rule_text(self, value):
        return _("The site administration may delete comments and block accounts that break these rules.")


class RateLimitCheckBlock(CheckBlock):
    per_account_per_hour = blocks.IntegerBlock(label=_("Comments an hour from one account"), min_value=1, default=10)
    per_address_per_hour = blocks.IntegerBlock(label=_("Comments an hour from one address"), min_value=1, default=30)

    class Meta:
        icon = "time"
        label = _("Rate limit")

    def rule_text(self, value):
        count = value["per_account_per_hour"]
        return ngettext(
            "At most %(count)d comment an hour from one account.",
            "At most %(count)d comments an hour from one account.",
            count,
        ) % {"count": count}


class NewAccountCheckBlock(CheckBlock):
    first_comments = blocks.IntegerBlock(label=_("How many first comments to hold"), min_value=1, default=2)

    class Meta:
        icon = "user"
        label = _("New accounts are pre-moderated")

    def rule_text(self, value):
        count = value["first_comments"]
        return ngettext(
            "The first comment of a new account appears after a moderator has read it.",
            "The first %(count)d comments of a new account appear after a moderator has read them.",
            count,
        ) % {"count": count}


class LinkPolicyCheckBlock(CheckBlock):
    allowed_domains = blocks.TextBlock(
        label=_("Allowed domains"),
        required=False,
        help_text=_("One a line, e.g. wikipedia.org. The site's own domain is always allowed."),
    )
    action = blocks.ChoiceBlock(label=_("Other links"), choices=ACTIONS, default="reject")

    class Meta:
        icon = "link"
        label = _("Link policy")

    def rule_text(self, value):
        domains = domain_list(value)
        if domains:
            return _("Links to third-party resources are prohibited, except to: %(domains)s.") % {
                "domains": ", ".join(domains)
            }
        return _("Links to third-party resources are prohibited.")


class WordListCheckBlock(CheckBlock):
    category = blocks.CharBlock(label=_("What is prohibited, in readers' words"), max_length=120)
    language = blocks.ChoiceBlock(label=_("Language"), choices=[("en", "English"), ("ru", "Русский")])
    words = blocks.TextBlock(
        label=_("Words"),
        help_text=_("One a line. End a stem with * to match its endings. Letter tricks are seen through."),
    )
    action = blocks.ChoiceBlock(label=_("Action"), choices=ACTIONS, default="reject")

    class Meta:
        icon = "warning"
        label = _("Word list")

    def rule_text(self, value):
        return _("Prohibited: %(category)s.") % {"category": value["category"]}


class ClassifierCheckBlock(CheckBlock):
    # 0.7, not 0.5: a short, friendly comment carries little evidence either way and scores near the middle;
    # holding those costs readers and moderators more than the few toxic ones scoring 0.6-0.7 (see the
    # quality test, which measures the pipeline at this default).
    hold_at = blocks.FloatBlock(label=_("Hold from score"), min_value=0, max_value=1, default=DEFAULT_HOLD_AT)
    reject_at = blocks.FloatBlock(label=_("Reject from score"), min_value=0, max_value=1, default=0.95)
    # Most hurtful comments are written in the heat of the moment; a second look before sending catches many of
    # them, and costs the moderators nothing.
    ask_first = blocks.BooleanBlock(
        label=_("Ask the writer to reconsider first"),
        required=False,
        default=True,
        help_text=_(
            "Before a comment that would be held or rejected for its score is sent, its writer is told so and may "
            "change it or send it as it is."
        ),
    )

    class Meta:
        icon = "pick"
        label = _("Abuse and spam score")

    def clean(self, value):
        value = super().clean(value)
        # The pipeline rejects from reject_at before it looks at hold_at: a reject threshold at or below the hold
        # rejects every comment the published rules say waits for a moderator.
        if value["reject_at"] <= value["hold_at"]:
            message = _(
                "Must be above “Hold from score” (%(hold_at)s): otherwise comments that should wait for a moderator "
                "are rejected."
            ) % {"hold_at": value["hold_at"]}
            raise StructBlockValidationError(block_errors={"reject_at": ValidationError(message)})
        return value

    def rule_text(self, value):
        if value.get("ask_first"):
            return _(
                "Comments that look abusive or like spam wait for a moderator; before sending one, you are asked "
                "whether you want to change it."
            )
        return _("Comments that look abusive or like spam wait for a moderator.")


class DuplicateCheckBlock(CheckBlock):
    window_minutes = blocks.IntegerBlock(label=_("Window in minutes"), min_value=1, default=30)
    flood_accounts = blocks.IntegerBlock(
        label=_("Same text from this many accounts is a flood"), min_value=2, default=3
    )

    class Meta:
        icon = "copy"
        label = _("Duplicates and floods")

    def rule_text(self, value):
        return _("Posting the same text again, from one account or many, is not allowed.")


class PolicyChecksBlock(blocks.StreamBlock):
    banned = BannedCheckBlock()
    rate_limit = RateLimitCheckBlock()
    duplicates = DuplicateCheckBlock()
    link_policy = LinkPolicyCheckBlock()
    word_list = WordListCheckBlock()
    classifier = ClassifierCheckBlock()
    new_account = NewAccountCheckBlock()


# Reason codes that are not the name of a check.
OTHER_REASON_LABELS = {
    "duplicate": _("Duplicate"),
    "flood": _("Flood"),
    "premoderated": _("Pre-moderated article"),
    "held_reader": _("Reader held for review"),
    "reported": _("Reported by readers"),
    "moderator": _("Moderator"),
}


def reason_labels(codes):
    """Moderators' names for reason codes: the check's name as the comment policy shows it, in their language."""
    checks = PolicyChecksBlock.base_blocks
    labels = [
        str(checks[code].meta.label) if code in checks else str(OTHER_REASON_LABELS.get(code, code)) for code in codes
    ]
    return "; ".join(labels)


def domain_list(value):
    return [line.strip().lower() for line in (value.get("allowed_domains") or "").splitlines() if line.strip()]


def default_checks():
    from .moderation.wordlists import load_default_words

    return [
        ("banned", {}),
        ("rate_limit", {"per_account_per_hour": 10, "per_address_per_hour": 30}),
        ("duplicates", {"window_minutes": 30, "flood_accounts": 3}),
        ("link_policy", {"allowed_domains": "", "action": "reject"}),
        (
            "word_list",
            {
                "category": "insults and obscene language",
                "language": "en",
                "words": "\n".join(load_default_words("en")),
                "action": "reject",
            },
        ),
        (
            "word_list",
            {
                "category": "оскорбления и нецензурная лексика",
                "language": "ru",
                "words": "\n".join(load_default_words("ru")),
                "action": "reject",
            },
        ),
        ("classifier", {"hold_at": DEFAULT_HOLD_AT, "reject_at": 0.95, "ask_first": True}),
        ("new_account", {"first_comments": 2}),
    ]


@register_setting(icon="comment")
class CommentPolicy(BaseSiteSetting):
    class Mode(models.TextChoices):
        OPEN = "open", _("Open: comments appear when they pass the checks")
        PREMODERATED = "premoderated", _("Pre-moderated: every comment waits for a moderator")
        CLOSED = "closed", _("Closed: no new comments")

    mode = models.CharField(_("comments"), max_length=12, choices=Mode.choices, default=Mode.OPEN)
    close_after_days = models.PositiveIntegerField(
        _("close after days"), default=30, help_text=_("Articles older than this take no new comments. 0: never.")
    )
    edit_window_minutes = models.PositiveIntegerField(
        _("edit window in minutes"), default=15, help_text=_("How long authors may edit their own comment.")
    )
    max_length = models.PositiveIntegerField(_("longest comment in characters"), default=3000)
    tell_rejected_reason = models.BooleanField(_("tell authors why a comment was rejected"), default=True)
    checks = StreamField(
        PolicyChecksBlock(),
        verbose_name=_("checks, in the order they run"),
        default=default_checks,
        blank=True,
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("mode"),
                FieldPanel("close_after_days"),
                FieldPanel("edit_window_minutes"),
                FieldPanel("max_length"),
                FieldPanel("tell_rejected_reason"),
            ],
            heading=_("Modes"),
        ),
        FieldPanel("checks"),
        SecondLookPanel(heading=_("Asking writers to look again")),
    ]

    class Meta:
        verbose_name = _("comment policy")

    # Posting reads the policy on every comment; each process keeps it for MEMORY_SECONDS instead. A saved change
    # clears the process that saved it at once (signal below); other app processes follow within that time.
    MEMORY_SECONDS = 10
    _memory = {}

    @classmethod
    def current(cls, *, site_id):
        """The site's policy, from this process's memory when read in the last MEMORY_SECONDS."""
        now = time.monotonic()
        remembered = cls._memory.get(site_id)
        if remembered is not None and now - remembered[0] < cls.MEMORY_SECONDS:
            return remembered[1]
        site = Site.objects.get(pk=site_id) if site_id else Site.objects.get(is_default_site=True)
        policy = cls.for_site(site)
        cls._memory[site_id] = (now, policy)
        return policy

    @classmethod
    def forget(cls, **kwargs):
        cls._memory.clear()

    def rules(self, language=None):
        """The published rules: one line per configured check, in pipeline order, plus the length limit.

        Word lists apply to every comment whatever its language, but each names its category in its own
        language, so readers see the category of the list in the page's language (all of them where none is).
        """
        word_lists = [block for block in self.checks if block.block_type == "word_list"]
        in_language = [block for block in word_lists if block.value["language"] == language]
        shown_lists = {id(block) for block in (in_language[:1] or word_lists)}
        lines = [
            block.block.rule_text(block.value)
            for block in self.checks
            if block.block_type != "word_list" or id(block) in shown_lists
        ]
        lines.append(_("Comments are plain text of up to %(count)d characters.") % {"count": self.max_length})
        # Always enforced, whatever the checks (standing.reader_hold).
        lines.append(_("Moderators may read an account's comments before they appear."))
        return lines


post_save.connect(CommentPolicy.forget, sender=CommentPolicy, dispatch_uid="comment-policy-forget")
post_delete.connect(CommentPolicy.forget, sender=CommentPolicy, dispatch_uid="comment-policy-forget-deleted")
