"""Form posts for readers without JavaScript: post, reply, delete, report, like. Each answers with a redirect back to
the thread and a message saying what happened; text that could not be posted is kept for the next try."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from masthead.accounts.services import display_name_of
from masthead.ids import row_id_from
from masthead.network import client_address
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.privacy import readable
from masthead.unavailable import DATABASE_UNAVAILABLE, database_unavailable_response

from . import notices, services
from .models import Comment
from .moderation.pipeline import broken_rules_text


def outcome_message(request, comment, policy_tells_reason=True):
    if comment.status == Comment.Status.PUBLISHED:
        notices.success(request, _("Your comment is published."), about=comment)
    elif comment.status == Comment.Status.PENDING:
        message = _("Thank you! Your comment is awaiting moderation; only you can see it for now.")
        notices.info(request, message, about=comment)
    else:
        reasons = broken_rules_text(comment.reasons) if policy_tells_reason else ""
        notices.error(request, (_("Your comment was rejected.") + " " + reasons).strip(), about=comment)


def reconsider_key(article):
    return f"comment-reconsider-{article.pk}"


# The longest text a form keeps for its writer (in the session, or in the page that asks to send it again).
DRAFT_MAX = 20000


def keep_draft(request, draft_key):
    """The text the reader wrote, kept for the comment form to offer again."""
    request.session[draft_key] = request.POST.get("text", "")[:DRAFT_MAX]


def back_to_thread(article, anchor="comments"):
    return HttpResponseRedirect(f"{article.url}#{anchor}")


@require_POST
@ratelimit(key="ip", rate="60/m", block=False)
def post_comment(request, article_id):
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None or not readable(article, request):
        return services_error(request, None, _("This article does not exist or is not published."), status=404)
    draft_key = f"comment-draft-{article.pk}"
    if not request.user.is_authenticated:
        keep_draft(request, draft_key)
        messages.info(request, _("Please sign in to comment; your text is kept."))  # for the sign-in page
        return HttpResponseRedirect(f"{reverse('account_login')}?next={article.url}%23comments")
    if request.limited:  # a script's pace from one network: the reader's text is kept for when it has passed
        keep_draft(request, draft_key)
        notices.error(
            request, _("Too many comments from your network in a minute. Please wait a little and send it again.")
        )
        return back_to_thread(article)
    article_url = article.url  # read now: the page to go back to, should the database stop answering below
    parent_field = request.POST.get("parent", "")
    parent_id = row_id_from(parent_field)
    parent = Comment.objects.filter(pk=parent_id).first() if parent_id else None
    try:
        if parent_field and parent is None:  # never posted at the top instead of where the reader meant it
            raise services.CommentRefused(_("The comment you reply to is not there any more."), code="no_parent")
        comment = services.comment_submit(
            article=article,
            author=request.user,
            text=request.POST.get("text", ""),
            parent=parent,
            ip_hash=services.ip_hash_for(client_address(request)),
            submission_key=request.POST.get("submission_key", "")[:64],
            reconsidered=request.POST.get("reconsidered") == "1",
        )
    except services.CommentRefused as refused:
        keep_draft(request, draft_key)
        if refused.code == "reconsider":  # the form offers to send it as it is
            request.session[reconsider_key(article)] = True
        notices.error(request, refused.message)
        return back_to_thread(article)
    except DATABASE_UNAVAILABLE:
        return try_again(request, article_url)
    request.session.pop(draft_key, None)
    request.session.pop(reconsider_key(article), None)
    outcome_message(request, comment, services.policy_for(article).tell_rejected_reason)
    return HttpResponseRedirect(comment.address_on(article_url))  # its own page of the thread, past the first too


def services_error(request, article, message, status):
    return render(request, "comments/refused.html", {"message": message}, status=status)


def try_again(request, article_url):
    """The database did not answer while the comment was being saved, so nothing was stored. The reader gets their
    text back in a form to send again; the page reads nothing from the database (the session included), and the
    form keeps the submission key, so a comment that was stored after all is not stored twice."""
    context = {
        "csrf_token": get_token(request),
        "action": request.path,
        "article_url": article_url,
        "text": request.POST.get("text", "")[:DRAFT_MAX],
        "parent": request.POST.get("parent", "")[:20],
        "submission_key": request.POST.get("submission_key", "")[:64],
    }
    return database_unavailable_response("comments/try_again.html", context)


@require_POST
@login_required
def delete_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    try:
        services.comment_delete_own(comment=comment, author=request.user)
        notices.success(request, _("Your comment is deleted."))
    except services.CommentRefused as refused:
        notices.error(request, refused.message)
    return back_to_thread(comment.article)


@require_POST
@login_required
@ratelimit(key="user", rate="30/h", block=True)
def report_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    try:
        new = services.comment_report(
            comment=comment,
            reporter=request.user,
            category=request.POST.get("category", ""),
            reason=request.POST.get("reason", ""),
        )
        if new:
            notices.success(request, _("Thank you! The moderators will look at this comment."), about=comment)
        else:
            message = _("You have reported this comment already; the moderators will look at it.")
            notices.info(request, message, about=comment)
    except services.CommentRefused as refused:
        notices.error(request, refused.message, about=comment)
    return HttpResponseRedirect(comment.get_absolute_url())


@require_POST
@login_required
@ratelimit(key="user", rate=services.LIKE_RATE, block=True, group="comments.like")
def like_comment(request, comment_id):
    """The like button without JavaScript: `like` is 1 to like and 0 to take the like back, so a repeated post
    changes nothing."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    try:
        services.comment_like(comment=comment, reader=request.user, liked=request.POST.get("like") != "0")
    except services.CommentRefused as refused:
        notices.error(request, refused.message, about=comment)
    return HttpResponseRedirect(comment.get_absolute_url())  # its own page of the thread, past the first too


def back_to(request, fallback, *, anchor=None):
    """Where the form asked to go back to, if it is on this site; else `fallback`. With `anchor`, to that place on
    the page unless the address names one already (a button's own place, so the reader sees what their press did)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    if anchor and "#" not in target:
        target += f"#{anchor}"
    return HttpResponseRedirect(target)


@require_POST
@login_required
def ignore_author(request, author_id):
    author = get_object_or_404(get_user_model(), pk=author_id)
    try:
        services.author_ignore(reader=request.user, author=author)
        notices.success(
            request,
            _("You will not see comments by %(name)s. You can undo this on your account page.")
            % {"name": display_name_of(author)},
        )
    except services.CommentRefused as refused:
        notices.error(request, refused.message)
    return back_to(request, reverse("accounts:profile"))


@require_POST
@login_required
def unignore_author(request, author_id):
    author = get_object_or_404(get_user_model(), pk=author_id)
    services.author_unignore(reader=request.user, author=author)
    notices.success(request, _("You see comments by %(name)s again.") % {"name": display_name_of(author)})
    return back_to(request, reverse("accounts:profile"))


@require_POST
@login_required
def edit_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    try:
        comment = services.comment_edit(comment=comment, author=request.user, text=request.POST.get("text", ""))
    except services.CommentRefused as refused:
        return edit_refused(request, comment, refused)
    outcome_message(request, comment)
    return HttpResponseRedirect(comment.get_absolute_url())


# Refusals after which the comment cannot be changed whatever the text: the reader copies their words instead.
EDIT_CLOSED = {"forbidden", "not_editable", "edit_window_over"}


def edit_refused(request, comment, refused):
    """A page with the reason and the reader's new text, never a redirect that would drop it: a form to send it
    again where the comment may still change, the text to copy where it may not (its edit window has closed)."""
    context = {
        "message": refused.message,
        "text": request.POST.get("text", "")[:DRAFT_MAX],
        "can_retry": refused.code not in EDIT_CLOSED,
        "comment_url": comment.get_absolute_url(),
        "action": request.path,
        "max_length": services.policy_for(comment.article).max_length,
    }
    return render(request, "comments/edit_refused.html", context, status=refused.status)
