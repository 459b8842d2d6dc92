import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..models import Comment, CommentReport
from ..moderation.pipeline import URL_PATTERN, domain_allowed, own_domains
from ..policy import CommentPolicy, domain_list
from ..selectors import active_ban, comment_thread, featured_comments
from ..services import comment_mode
from ..views import reconsider_key

register = template.Library()


def allowed_link_domains(policy):
    """The domains the policy lets readers link to, or None where links are not policed at all."""
    link_blocks = [block.value for block in policy.checks if block.block_type == "link_policy"]
    if not link_blocks:
        return None
    return set(domain_list(link_blocks[0])) | own_domains()


@register.filter
def comment_text(text, allowed_domains=None):
    """A comment's plain text as HTML: escaped, paragraphs kept, and links made only where the policy allows."""
    parts, last = [], 0
    for match in URL_PATTERN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        url = match.group(0)
        href = url if re.match(r"(?i)https?://", url) else "http://" + url
        domain = (urlsplit(href).hostname or "").lower()
        if allowed_domains is None or domain_allowed(domain, allowed_domains):
            parts.append(f'<a href="{escape(href)}" rel="nofollow ugc noopener">{escape(url)}</a>')
        else:
            parts.append(escape(url))
        last = match.end()
    parts.append(escape(text[last:]))
    paragraphs = "".join(parts).split("\n\n")
    return mark_safe("".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs if p.strip()))


def mark_editable(comments, *, viewer, policy):
    """Flag the viewer's own comments that are still inside the policy's edit window."""
    if not viewer.is_authenticated:
        return
    oldest_editable = timezone.now() - timedelta(minutes=policy.edit_window_minutes)
    for comment in walk(comments):
        comment.can_edit = (
            comment.author_id == viewer.pk
            and comment.status in {"published", "pending"}
            and comment.created_at >= oldest_editable
        )


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    request = context["request"]
    policy = CommentPolicy.for_request(request)
    viewer = request.user
    thread = comment_thread(
        article=article,
        viewer=viewer,
        order=request.GET.get("comments"),
        after=request.GET.get("after"),
        with_previous=True,
    )
    order, paged = thread["order"], thread["paged"]
    ban = active_ban(user=viewer) if viewer.is_authenticated else None
    mark_editable(thread["comments"], viewer=viewer, policy=policy)
    session = getattr(request, "session", {})
    draft = session.get(f"comment-draft-{article.pk}", "")
    return {
        "request": request,
        "article": article,
        "policy": policy,
        "rules": policy.rules(language=get_language()),
        "texts": context.get("texts", {}),
        "mode": comment_mode(article=article, policy=policy),
        "thread": thread,
        "order": order,
        # The order's query string, kept by the links to the next and the first page ("" for the default).
        "order_query": "" if order == "oldest" else f"comments={order}",
        "paged": paged,
        "previous_cursor": thread["previous_cursor"],
        "watch_seconds": settings.MASTHEAD_COMMENT_WATCH_SECONDS,
        "report_categories": CommentReport.Category.choices,
        # The moderators' picks, above the thread's first page only.
        # No query for them while the article has no published comment to pick.
        "featured": [
            comment
            for comment in ([] if paged or not article.comment_count else featured_comments(article=article))
            if comment.author_id not in thread["ignored"]
        ],
        "viewer": viewer,
        "ban": ban,
        "draft": draft,
        # The last post was sent back to be reconsidered: the form offers to send it as it is.
        "reconsider": bool(draft and session.get(reconsider_key(article))),
        # One key per rendered form: a double click or a resent POST stores one comment, not two.
        "submission_key": uuid.uuid4().hex,
        "link_domains": allowed_link_domains(policy),
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages"),
        # Notices about a comment shown here are shown inside it, where the form's redirect lands.
        "shown_at": {f"comment-{comment.pk}" for comment in walk(thread["comments"])},
    }


def walk(comments):
    for comment in comments:
        yield comment
        yield from walk(getattr(comment, "thread_replies", []))


@register.filter
def status_label(code):
    """A comment status as moderators read it ("Rejected", in their language), from the code the log keeps."""
    return Comment.Status(code).label if code in Comment.Status.values else code


@register.filter
def report_category_label(code):
    """What a reader said is wrong with a comment, in words, from the code the log keeps ("off_topic")."""
    return CommentReport.Category(code).label if code in CommentReport.Category.values else code


@register.filter
def reason_labels(codes):
    from ..policy import reason_labels

    return reason_labels(codes or [])


@register.simple_tag
def broken_rules_text(codes):
    """The rules a rejected comment broke, in words (see pipeline.broken_rules)."""
    from ..moderation.pipeline import broken_rules_text

    return broken_rules_text(codes)
