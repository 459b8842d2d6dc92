"""Everything the site keeps about a reader, as one JSON document they can download from their account page."""

from django.db.models import Prefetch
from django.utils import timezone

from .services import display_name_of


def when(moment):
    return moment.isoformat() if moment else None


def reader_data(*, user, request=None):
    """The reader's account, comments (with earlier versions), reports, saved stories, followed topics and authors
    (and the round-up mails about them), tips sent while signed in, poll votes, the readers they ignore, bans and
    newsletter subscription.

    A fixed number of queries, however much the reader wrote (Wagtail keeps the sites' root paths on the
    request, so the articles' full addresses cost nothing per comment).
    """
    from allauth.account.models import EmailAddress

    from masthead.comments.models import (
        Ban,
        Comment,
        CommentLike,
        CommentReport,
        CommentRevision,
        HeldReader,
        IgnoredAuthor,
    )
    from masthead.following.models import Follow, PrivateFeed, RoundUp
    from masthead.newsletter.models import Subscriber
    from masthead.polls.models import PollVote
    from masthead.reading_list.models import SavedStory
    from masthead.tips.models import Tip
    from masthead.typos.models import TypoReporter

    profile = getattr(user, "reader_profile", None)
    comments = (
        Comment.objects.filter(author=user)
        .exclude(status=Comment.Status.DELETED, text="")
        .select_related("article")
        .prefetch_related(Prefetch("revisions", queryset=CommentRevision.objects.order_by("created_at")))
        .order_by("created_at", "pk")
    )
    subscriber = Subscriber.objects.with_address(user.email).first() if user.email else None
    hold = HeldReader.objects.active().filter(user=user).first()
    return {
        "exported_at": when(timezone.now()),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "display_name": profile.display_name if profile else "",
            "reply_emails": bool(profile and profile.reply_emails),
            "decision_emails": bool(profile and profile.decision_emails),
            "following_emails": bool(profile and profile.following_emails),
            "mail_language": (profile and profile.mail_language) or None,
            "deletion_due": when(profile.deletion_due_at) if profile else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "link": comment.address_on(comment.article.get_full_url(request)),
                "reply_to": comment.parent_id,
                "status": comment.status,
                "posted": when(comment.created_at),
                "edited": when(comment.edited_at),
                "text": comment.text,
                "moderator_note": comment.moderator_note,
                "earlier_versions": [
                    {"text": revision.text, "replaced": when(revision.created_at)}
                    for revision in comment.revisions.all()
                ],
            }
            for comment in comments
        ],
        "comment_reports": [
            {
                "comment": report.comment_id,
                "category": report.category,
                "reason": report.reason,
                "reported": when(report.created_at),
            }
            for report in CommentReport.objects.filter(reporter=user).order_by("created_at")
        ],
        "comment_likes": [
            {"comment": like.comment_id, "liked": when(like.created_at)}
            for like in CommentLike.objects.filter(reader=user).order_by("created_at")
        ],
        "typo_reports": [
            {
                "article": reporter.report.article.title,
                "selection": reporter.report.selection,
                "suggestion": reporter.suggestion,
                "comment": reporter.comment,
                "reported": when(reporter.created_at),
            }
            for reporter in TypoReporter.objects.filter(user=user).select_related("report__article").order_by("pk")
        ],
        "saved_stories": [
            {"article": saved.article.title, "link": saved.article.get_full_url(request), "saved": when(saved.saved_at)}
            for saved in SavedStory.objects.filter(reader=user).select_related("article").order_by("saved_at")
        ],
        "following": [
            {
                "topic": follow.tag.name if follow.tag_id else None,
                "author": follow.author.title if follow.author_id else None,
                "followed": when(follow.followed_at),
            }
            for follow in Follow.objects.filter(reader=user).select_related("tag", "author").order_by("followed_at")
        ],
        "private_feed": [
            {"made": when(feed.created_at)} for feed in PrivateFeed.objects.filter(reader=user)
        ],  # its address is a key: not repeated in a file that may travel
        "round_up_mails": [
            {"day": round_up.day.isoformat(), "status": round_up.status, "stories": round_up.stories}
            for round_up in RoundUp.objects.filter(reader=user).order_by("day")
        ],
        "tips": [
            {
                "sent": when(tip.created_at),
                "text": tip.text,
                "name": tip.name,
                "contact": tip.contact,
                "files": [stored.original_name for stored in tip.own_files()],
                "conversation": [
                    {
                        "from": "newsroom" if message.from_newsroom else "you",
                        "sent": when(message.created_at),
                        "text": message.text,
                        "files": [stored.original_name for stored in message.files.all()],
                    }
                    for message in tip.messages.all()
                ],
            }
            for tip in Tip.objects.filter(reader=user)
            .prefetch_related("files", "messages__files")
            .order_by("created_at")
        ],
        "poll_votes": [
            {"poll": vote.poll.question, "answer": vote.option.text, "voted": when(vote.created_at)}
            for vote in PollVote.objects.filter(reader=user).select_related("poll", "option").order_by("created_at")
        ],
        "ignored_readers": [
            display_name_of(entry.author)
            for entry in IgnoredAuthor.objects.filter(reader=user).select_related("author__reader_profile")
        ],
        "bans": [
            {
                "reason": ban.reason,
                "since": when(ban.created_at),
                "until": when(ban.until),
                "lifted": when(ban.lifted_at),
            }
            for ban in Ban.objects.filter(user=user).order_by("created_at")
        ],
        # A moderator's hold (comments wait for review): when and until when; its reason was written for the newsroom.
        "held_for_review": {"since": when(hold.created_at), "until": when(hold.until)} if hold else None,
        "newsletter": {
            "email": subscriber.email,
            "status": subscriber.status,
            "frequency": subscriber.frequency,
            "language": subscriber.language,
            "subscribed": when(subscriber.created_at),
        }
        if subscriber
        else None,
    }
