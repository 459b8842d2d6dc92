"""Reader comments, their earlier texts, readers' reports and bans.

A comment's `status` says who may see it; `reasons` keeps the codes of every check that held or rejected it,
so a moderator and the commenter see why. Every moderation step is also written to Wagtail's audit log
(`wagtail.log_actions`), which gives each comment and each account its history in the admin.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Comment(models.Model):
    # Comments link to no other content an editor could break, so Wagtail's reference index (a background task
    # queued on every save) has nothing to learn from them.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PUBLISHED = "published", pgettext_lazy("comment status", "Published")
        PENDING = "pending", _("Awaiting moderation")
        REJECTED = "rejected", pgettext_lazy("comment status", "Rejected")
        DELETED = "deleted", pgettext_lazy("comment status", "Deleted")

    article = models.ForeignKey(
        "newsroom.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The thread's top comment (empty for a top comment), so a whole thread loads in one query.
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    score = models.FloatField(_("toxicity score"), null=True, blank=True)
    # The writer was told that the score would hold or reject the comment and sent it unchanged: a signal for the
    # moderator who reads it, not a reason of the pipeline (readers are never shown it).
    sent_despite_warning = models.BooleanField(_("sent despite the filter's warning"), default=False, editable=False)
    # Sent by a writer who had been asked to look again at a comment on this article and sent other words.
    changed_after_warning = models.BooleanField(_("changed after the filter's warning"), default=False, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # One comment per form submission: a double click or a retried request carries the same key.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    # Readers' likes, counted on the row (CommentLike holds who) so a thread shows them without a query.
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    # The ban that hid this published comment, so that lifting the ban can show it again.
    hidden_by_ban = models.ForeignKey(
        "Ban", null=True, blank=True, on_delete=models.SET_NULL, related_name="hidden_comments", editable=False
    )
    # Picked by a moderator as one of the best in the discussion: shown first, above the thread, while published.
    featured_at = models.DateTimeField(_("featured"), null=True, blank=True, editable=False)
    # When the author of the comment this one replies to was mailed about it: at most once, however often the reply
    # is approved, hidden and shown again.
    reply_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the moderator who rejected the comment wrote to its author (the log's reason is for the newsroom).
    moderator_note = models.TextField(_("message to the author"), blank=True, editable=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            models.Index(fields=["author", "created_at"], name="comment_by_author"),
            # A thread's top comments, most liked first: without it, sorting 20,000 took twice the time of the other
            # orders (bench/thread_orders.py).
            models.Index(
                fields=["article", "-like_count", "id"], name="comment_most_liked", condition=Q(parent__isnull=True)
            ),
            # The comments whose address hash is still kept (services.forget_old_addresses), oldest first.
            models.Index(fields=["created_at"], name="comment_address_kept", condition=~Q(ip_hash="")),
            # Reported comments are few among many published ones: the queue and the dashboard find them here.
            models.Index(fields=["created_at"], name="comment_reported", condition=Q(report_count__gt=0)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=~Q(submission_key=""),
                name="one_comment_per_submission",
            )
        ]
        permissions = [("moderate_comment", _("Can moderate comments"))]

    def __str__(self):
        return f"{self.text[:60]}"

    def get_absolute_url(self):
        """The article opened on this comment's thread, however many threads come before it.

        Threads page by the id of their top comment (`?after=`, see selectors.comment_thread), so starting just
        below the thread's own top comment puts it first.
        """
        return self.address_on(self.article.url)

    def address_on(self, article_url):
        return f"{article_url}{self.thread_address}"

    @property
    def thread_address(self):
        """The comment's address relative to its article's page: its permalink there, with no query for the page."""
        return f"?after={(self.root_id or self.pk) - 1}#comment-{self.pk}"

    @property
    def is_visible(self):
        return self.status == self.Status.PUBLISHED


class CommentRevision(models.Model):
    """The text a comment had before its author edited it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]


class CommentReport(models.Model):
    """A reader's report: it puts a published comment in front of the moderators, saying what is wrong with it."""

    class Category(models.TextChoices):
        ABUSE = "abuse", _("Abusive, hateful or threatening")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off topic")
        MISINFORMATION = "misinformation", _("False or misleading")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("what is wrong"), max_length=20, choices=Category.choices, default=Category.OTHER)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]

    def __str__(self):
        return self.reason or str(self.comment)


class CommentLike(models.Model):
    """A reader likes a published comment: agreement without a "+1" reply. One like per reader and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["comment", "reader"], name="one_like_per_reader")]
        indexes = [models.Index(fields=["reader", "comment"], name="likes_by_reader")]

    def __str__(self):
        return f"{self.reader_id} likes {self.comment_id}"


class IgnoredAuthor(models.Model):
    """A reader who does not want to see another reader's comments: theirs show only as a placeholder, to them."""

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ignored_authors")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ignored author")
        verbose_name_plural = _("ignored authors")
        constraints = [models.UniqueConstraint(fields=["reader", "author"], name="ignore_an_author_once")]

    def __str__(self):
        return f"{self.reader_id} ignores {self.author_id}"


class InForceQuerySet(models.QuerySet):
    """Rows that stop applying at `until`, or never when it is empty."""

    def active(self, at=None):
        return self.filter(Q(until__isnull=True) | Q(until__gt=at or timezone.now()))


class HeldReader(models.Model):
    """A reader whose every comment, new or edited, waits for a moderator: milder than a ban, for an account that is
    not yet trusted again. Releasing the reader deletes the row; the audit log keeps the story."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_hold")
    reason = models.CharField(_("reason (for the newsroom)"), max_length=300, blank=True)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = InForceQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader held for review")
        verbose_name_plural = _("readers held for review")

    def __str__(self):
        return f"{self.user_id} held"


class BanQuerySet(InForceQuerySet):
    def active(self, at=None):
        return super().active(at).filter(lifted_at__isnull=True)


class Ban(models.Model):
    """Keeps an account, an email address or a hashed IP address from commenting, until a time or for good."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comment_bans",
    )
    email = models.EmailField(_("email"), blank=True, db_index=True)
    ip_hash = models.CharField(_("hashed IP address"), max_length=64, blank=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=300)
    until = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty: for good."))
    hide_comments = models.BooleanField(_("hide earlier comments"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("banned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("from"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    objects = BanQuerySet.as_manager()

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        ordering = ["-created_at"]

    def __str__(self):
        target = self.user or self.email or self.ip_hash[:12]
        return f"{target}: {self.reason}"

    def is_active(self, at=None):
        """The same test as `Ban.objects.active()`, for a ban already loaded."""
        at = at or timezone.now()
        return self.lifted_at is None and (self.until is None or self.until > at)


class SecondLook(models.Model):
    """How many times a day writers were asked to look again at a comment the score would hold or reject, so the
    newsroom can tell whether asking changes anything (the comments sent as they were carry
    `Comment.sent_despite_warning`, those changed `Comment.changed_after_warning`; see `second_look`)."""

    day = models.DateField(_("day"), unique=True)
    asked = models.PositiveIntegerField(_("writers asked"), default=0)

    class Meta:
        verbose_name = _("second look")
        verbose_name_plural = _("second looks")

    def __str__(self):
        return f"{self.day}: {self.asked}"
