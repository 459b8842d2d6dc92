from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from masthead.comments.selectors import reader_comments

from . import tokens
from .forms import ProfileForm
from .services import display_name_of, reader_profile_save, reply_emails_stop


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
            initial={"display_name": display_name_of(request.user), "reply_emails": bool(current and current.reply_emails)}
        )
    comments = Paginator(reader_comments(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "accounts/profile.html", {"form": form, "comments": comments})


def message_page(request, *, title, message, status=200):
    context = {"title": title, "message": message, "home_url": reverse("wagtail_serve", args=[""])}
    response = render(request, "accounts/message.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


# The link at the foot of every reply notice, and its List-Unsubscribe header: mail programs stop the mails by
# POSTing `List-Unsubscribe=One-Click` here with no cookies (RFC 8058), so the signed token in the address is the
# only proof and the view takes posts without a CSRF token. A GET only asks, because link checkers open links.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def stop_reply_emails(request, token):
    try:
        user = tokens.user_for_stop_reply_emails(token)
    except tokens.BadToken:
        return message_page(
            request,
            title=_("This link does not work"),
            message=_("The link is incomplete or no longer valid. You can stop reply mails on your account page."),
            status=400,
        )
    if request.method == "GET":
        response = render(
            request,
            "accounts/stop_reply_emails.html",
            {"email": user.email, "home_url": reverse("wagtail_serve", args=[""])},
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    reply_emails_stop(user=user)
    return message_page(
        request,
        title=_("No more reply mails"),
        message=_("We will not mail you about replies to your comments. You can turn them on again on your account page."),
    )
