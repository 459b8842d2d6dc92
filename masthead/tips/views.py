from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from masthead.network import client_address
from masthead.unavailable import DATABASE_UNAVAILABLE, database_unavailable_response

from . import services
from .files import limit_uploads, max_file_bytes, max_files
from .forms import MessageForm, TipForm
from .models import Tip
from .selectors import sender_status

# A body larger than every file at its limit, and the text, is refused before it is read.
TEXT_ALLOWANCE = 1024 * 1024
# The session remembers the sender's private address for the thanks page (and its reloads) in their browser only.
REPLY_KEY_SESSION = "tips_reply_key"


def form_page(request, form, *, status=200, refusal=None):
    context = {
        "form": form,
        "refusal": refusal,
        "max_bytes": max_file_bytes(),
        "max_files": max_files(),
        "retention_days": settings.MASTHEAD_ADDRESS_RETENTION_DAYS,
    }
    return render(request, "tips/send_tip.html", context, status=status)


def too_large_body(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > max_files() * max_file_bytes() + TEXT_ALLOWANCE


# The CSRF check reads the form's body, and the upload size limit must be in place before it is read: so the view
# is exempt from the middleware's check and makes the same check itself, after the limit (Django's documented way).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def send_tip(request):
    if request.method == "POST":
        if too_large_body(request):
            refusal = _(
                "The files are too large to send together. Your text was not sent: go back, and send fewer or "
                "smaller files."
            )
            return form_page(request, TipForm(), status=413, refusal=refusal)
        limit_uploads(request)
    return take_tip(request)


@csrf_protect
def take_tip(request):
    if request.method != "POST":
        return form_page(request, TipForm())
    form = TipForm(request.POST, request.FILES, too_large=request.tip_files_too_large)
    if not form.is_valid():
        return form_page(request, form, status=400)
    try:
        tip = services.tip_submit(
            **form.cleaned_data,
            language=translation.get_language(),
            reader=request.user,
            address=client_address(request),
        )
    except services.TipRefused as refused:
        return form_page(request, form, status=refused.status, refusal=refused.message)
    except DATABASE_UNAVAILABLE:
        return try_again(request, form)
    request.session[REPLY_KEY_SESSION] = tip.reply_key
    return redirect("tips:thanks")


def try_again(request, form):
    """The database did not answer while the tip was being stored, so nothing was kept. The sender gets their words
    back in a form to send again, on a page that reads nothing from the database."""
    context = {
        "csrf_token": get_token(request),
        "action": request.path,
        "text": form.cleaned_data["text"],
        "name": form.cleaned_data["name"],
        "contact": form.cleaned_data["contact"],
        "had_files": bool(form.cleaned_data["files"]),
    }
    return database_unavailable_response("tips/try_again.html", context)


@never_cache
def thanks(request):
    key = request.session.get(REPLY_KEY_SESSION)
    address = request.build_absolute_uri(reverse("tips:conversation", args=[key])) if key else ""
    return private(render(request, "tips/thanks.html", {"address": address}))


def private(response):
    # The sender's key is in these pages' address: no other site learns it from a link followed from here.
    # ("no-referrer" would also make the browser send "Origin: null" with the page's own form: a CSRF refusal.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def conversation_by_key(request, key):
    """The sender's private page for their tip, opened by the key they were given when they sent it."""
    tip = services.tip_for_key(key)
    if tip is None:
        raise Http404(_("No tip has this address. Check that it was copied whole."))
    return conversation(request, tip)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def conversation_of_reader(request, tip_id):
    """The same page for a sender who was signed in when they sent the tip (the answer mail links here)."""
    tip = Tip.objects.filter(pk=tip_id, reader=request.user).first()
    if tip is None:
        raise Http404(_("You sent no tip with this number."))
    return conversation(request, tip)


def conversation(request, tip):
    form = MessageForm()
    if request.method == "POST":
        form = MessageForm(request.POST)
        if not form.is_valid():
            return conversation_page(request, tip, form, status=400)
        try:
            services.message_from_sender(tip=tip, text=form.cleaned_data["text"])
        except services.TipRefused as refused:
            return conversation_page(request, tip, form, status=refused.status, refusal=refused.message)
        except DATABASE_UNAVAILABLE:
            context = {"csrf_token": get_token(request), "action": request.path, "text": form.cleaned_data["text"]}
            return database_unavailable_response("tips/try_again_message.html", context)
        messages.success(request, _("Your message reached the newsroom."))
        return redirect(request.path)
    return conversation_page(request, tip, form)


def conversation_page(request, tip, form, *, status=200, refusal=None):
    context = {
        "tip": tip,
        "status": sender_status(tip),
        "files": [stored.original_name for stored in tip.files.all()],
        "conversation": list(tip.messages.all()),
        "form": form,
        "refusal": refusal,
    }
    return private(render(request, "tips/conversation.html", context, status=status))
