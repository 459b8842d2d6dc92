import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from masthead.comments.selectors import ignored_authors, reader_comments, replies_to
from masthead.newsroom.timezones import labelled_site_time
from masthead.tips.selectors import tips_of

from . import tokens
from .export import reader_data
from .forms import AccountDeleteForm, ProfileForm
from .models import ReaderProfile
from .selectors import is_newsroom_staff, replies_read
from .services import (
    AccountKept,
    account_deletion_cancel,
    account_deletion_request,
    display_name_of,
    mails_stop,
    reader_profile_save,
)


@login_required
def profile(request):
    """The reader's own page: their display name, reply mails, and every comment they posted, with its status."""
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            reader_profile_save(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your settings are saved."))
            return redirect("accounts:profile")
    else:
        current = getattr(request.user, "reader_profile", None)
        form = ProfileForm(
            initial={
                "display_name": display_name_of(request.user),
                "reply_emails": bool(current and current.reply_emails),
                "decision_emails": bool(current and current.decision_emails),
                "following_emails": bool(current and current.following_emails),
                # What the mails use for an account that never chose (made before the choice, or by the
                # newsroom): the site's language, not the page's, which the form would otherwise claim.
                "mail_language": (current and current.mail_language) or settings.LANGUAGE_CODE,
            }
        )
    comments = Paginator(reader_comments(user=request.user), 20).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "comments": comments,
        "ignored": ignored_authors(reader=request.user),
        "deletion_due": deletion_due(request.user),
        "tips": tips_of(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@never_cache
def replies(request):
    """Replies to the reader's comments, newest first, those since their last visit marked new."""
    profile = getattr(request.user, "reader_profile", None)
    seen = profile.replies_seen_at if profile else None
    page = Paginator(replies_to(reader=request.user), 20).get_page(request.GET.get("page"))
    if page.number == 1 and profile is not None:
        profile.replies_seen_at = timezone.now()  # also for this page's own header, which counts from it
        ReaderProfile.objects.filter(pk=profile.pk).update(replies_seen_at=profile.replies_seen_at)
        replies_read(request.user)
    return render(request, "accounts/replies.html", {"replies": page, "seen": seen})


@login_required
@never_cache
@require_GET
def download_data(request):
    """Everything the site keeps about the reader, as a JSON file."""
    body = json.dumps(
        reader_data(user=request.user, request=request), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
# The password check is a way to guess the password of a session left open: a few tries an hour per account.
@ratelimit(key="user", rate="10/h", method="POST", block=False)
def delete_account(request):
    """Ask for the password, then schedule the account's deletion (or delete it at once, and log the reader out,
    when MASTHEAD_ACCOUNT_DELETION_HOURS is 0)."""
    # Once throttled, the password is not even checked, so the answer cannot tell a right guess from a wrong one.
    limited = request.method == "POST" and getattr(request, "limited", False)
    form = AccountDeleteForm(request.user, None if limited else (request.POST or None))
    staff = is_newsroom_staff(request.user)
    status, refusal = 200, ""
    if limited:
        status, refusal = 429, _("Too many tries. Please wait an hour and try again.")
    elif request.method == "POST" and not staff and form.is_valid():
        try:
            due = account_deletion_request(user=request.user)
        except AccountKept as kept:
            status, refusal = 400, str(kept)
        else:
            if due is not None:
                return message_page(
                    request,
                    title=_("Your account will be deleted"),
                    message=_(
                        "On %(when)s your comments and your details will be erased. Until then you can keep your "
                        "account: “Keep my account” on your account page. We have mailed you about it."
                    )
                    % {"when": labelled_site_time(due)},
                )
            logout(request)
            return message_page(
                request,
                title=_("Your account is deleted"),
                message=_("Your comments and your details are erased. Thank you for reading us."),
                with_account_link=False,
            )
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "staff": staff,
        "refusal": refusal,
        "deletion_due": deletion_due(request.user),
        "grace_hours": settings.MASTHEAD_ACCOUNT_DELETION_HOURS,
    }
    return render(request, "accounts/delete.html", context, status=status)


@login_required
@require_POST
def keep_account(request):
    """The reader changed their mind: the deletion they asked for is called off."""
    if account_deletion_cancel(user=request.user):
        messages.success(request, _("Your account stays. Nothing will be deleted."))
    return redirect("accounts:profile")


def deletion_due(user):
    profile = getattr(user, "reader_profile", None)
    return profile.deletion_due_at if profile else None


def message_page(request, *, title, message, status=200, with_account_link=True):
    context = {
        "title": title,
        "message": message,
        "home_url": reverse("wagtail_serve", args=[""]),
        "with_account_link": with_account_link,
    }
    response = render(request, "accounts/message.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


# The link at the foot of every mail about a reader's comments, and its List-Unsubscribe header: mail programs
# stop the mails by POSTing `List-Unsubscribe=One-Click` here with no cookies (RFC 8058), so the signed token in the
# address is the only proof and the view takes posts without a CSRF token. A GET only asks, because link checkers
# open links.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def stop_mails(request, kind, token):
    try:
        user = tokens.user_for_stop_mails(token, kind)
    except tokens.BadToken:
        return message_page(
            request,
            title=_("This link does not work"),
            message=_("The link is incomplete or no longer valid. You can choose your mails on your account page."),
            status=400,
        )
    if request.method == "GET":
        response = render(
            request,
            "accounts/stop_mails.html",
            {"email": user.email, "kind": kind, "home_url": reverse("wagtail_serve", args=[""])},
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    mails_stop(user=user, kind=kind)
    stopped = {
        "replies": _("We will not mail you about replies to your comments any more."),
        "decisions": _("We will not mail you about moderators' decisions on your comments any more."),
        "following": _("We will not mail you round-ups of the topics and authors you follow any more."),
    }
    return message_page(
        request,
        title=_("Mails stopped"),
        message=stopped[kind] + " " + _("You can turn them on again on your account page."),
    )
