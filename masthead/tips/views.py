from functools import wraps

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
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from masthead.network import client_address
from masthead.unavailable import DATABASE_UNAVAILABLE, database_unavailable_response

from . import services
from .files import limit_uploads, max_file_bytes, max_files
from .forms import KeyForm, MessageForm, TipForm
from .models import Tip
from .selectors import sender_status

# A body larger than every file at its limit, and the text, is refused before it is read.
TEXT_ALLOWANCE = 1024 * 1024
# The session carries the sender's key from the form to the thanks page, which shows it once and forgets it: after
# that the site keeps only its hash (the session row is in the database too).
REPLY_KEY_SESSION = "tips_reply_key"
# The tip this browser opened with its key (or just sent): its page is /tips/reply/ until the sender closes it.
OPEN_TIP_SESSION = "tips_open_tip"
# Keys are 43 random characters, so nobody guesses one; the limit keeps a script from filling logs trying.
KEY_TRIES = "30/h"


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


def uploads_limited(view):
    """For views whose forms carry files (the tip form, and the tip's page where the sender may send more): the size
    limit goes in front of the upload handlers before anything reads the body, the CSRF check included, which is
    then made here instead of by the middleware (Django's documented way). A body larger than every file at its
    limit is not read at all: the view, told so by `request.body_too_large`, answers with its page and a refusal and
    changes nothing."""

    checked = csrf_protect(view)

    @wraps(view)
    @csrf_exempt
    @never_cache
    @require_http_methods(["GET", "POST"])
    def wrapper(request, *args, **kwargs):
        request.body_too_large = request.method == "POST" and too_large_body(request)
        if request.body_too_large:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            limit_uploads(request)
        return checked(request, *args, **kwargs)

    return wrapper


@uploads_limited
def send_tip(request):
    if request.method != "POST":
        return form_page(request, TipForm())
    if request.body_too_large:
        refusal = _(
            "The files are too large to send together. Your text was not sent: go back, and send fewer or "
            "smaller files."
        )
        return form_page(request, TipForm(), status=413, refusal=refusal)
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
    request.session[OPEN_TIP_SESSION] = tip.pk
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
@require_GET  # not HEAD either: the page hands over the reply key once
def thanks(request):
    context = {
        "key": request.session.pop(REPLY_KEY_SESSION, ""),
        "tip_open": bool(request.session.get(OPEN_TIP_SESSION)),
        "reply_address": request.build_absolute_uri(reverse("tips:reply")),
    }
    return private(render(request, "tips/thanks.html", context))


def private(response):
    # Nothing on these pages is for another site: no address of ours is named to one followed from here.
    # ("no-referrer" would also make the browser send "Origin: null" with the page's own form: a CSRF refusal.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def files_too_large():
    return _("The files are too large to send together. Your message was not sent: send fewer or smaller files.")


@uploads_limited
def reply(request):
    """The sender's private page for their tip, in a browser that opened it with its key; the key form otherwise."""
    if request.method == "POST" and not request.body_too_large:
        if "key" in request.POST:
            return open_with_key(request)
        if "close" in request.POST:
            request.session.pop(OPEN_TIP_SESSION, None)
            request.session.pop(REPLY_KEY_SESSION, None)
            messages.success(request, _("Your tip was closed in this browser. Your key opens it again."))
            return redirect("tips:reply")
    tip_id = request.session.get(OPEN_TIP_SESSION)
    tip = Tip.objects.filter(pk=tip_id).first() if tip_id else None
    if tip is None:
        if request.method == "POST":  # a message from a page whose tip was closed meanwhile (another tab)
            return key_page(request, KeyForm(), status=403, refusal=_("Open your tip with its key to write."))
        return key_page(request, KeyForm())
    return conversation(request, tip, closable=True)


def open_with_key(request):
    form = KeyForm(request.POST)
    if not form.is_valid():
        return key_page(request, form, status=400)
    if is_ratelimited(request, group="tips.key", key="ip", rate=KEY_TRIES, increment=True):
        return key_page(request, form, status=429, refusal=_("Too many tries from your address. Try again later."))
    tip = services.tip_for_key(form.cleaned_data["key"])
    if tip is None:
        form.add_error("key", _("No tip has this key. Check that it was copied whole."))
        return key_page(request, form, status=404)
    return open_tip_here(request, tip)


def open_tip_here(request, tip):
    request.session.cycle_key()  # a new session id for a browser that now holds a source's conversation
    request.session[OPEN_TIP_SESSION] = tip.pk
    return private(redirect("tips:reply"))


def key_page(request, form, *, status=200, refusal=None):
    context = {"form": form, "refusal": refusal}
    return private(render(request, "tips/open_tip.html", context, status=status))


@never_cache
@require_GET  # not HEAD either: opening the tip here takes the key out of the address once
def conversation_by_key(request, key):
    """Addresses with the key in them, which earlier versions gave out: they open the tip in this browser once and
    lead to its page at /tips/reply/, so the key is not in the address of every later visit."""
    tip = services.tip_for_key(key)
    if tip is None:
        raise Http404(_("No tip has this address. Check that it was copied whole."))
    return open_tip_here(request, tip)


@login_required
@uploads_limited
def conversation_of_reader(request, tip_id):
    """The same page for a sender who was signed in when they sent the tip (the answer mail links here)."""
    tip = Tip.objects.filter(pk=tip_id, reader=request.user).first()
    if tip is None:
        raise Http404(_("You sent no tip with this number."))
    return conversation(request, tip)


def conversation(request, tip, *, closable=False):
    form = MessageForm()
    if request.method == "POST" and request.body_too_large:
        return conversation_page(request, tip, form, status=413, refusal=files_too_large(), closable=closable)
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES, too_large=request.tip_files_too_large)
        if not form.is_valid():
            return conversation_page(request, tip, form, status=400, closable=closable)
        try:
            services.message_from_sender(tip=tip, text=form.cleaned_data["text"], files=form.cleaned_data["files"])
        except services.TipRefused as refused:
            return conversation_page(
                request, tip, form, status=refused.status, refusal=refused.message, closable=closable
            )
        except DATABASE_UNAVAILABLE:
            context = {
                "csrf_token": get_token(request),
                "action": request.path,
                "text": form.cleaned_data["text"],
                "had_files": bool(form.cleaned_data["files"]),
            }
            return database_unavailable_response("tips/try_again_message.html", context)
        messages.success(request, _("Your message reached the newsroom."))
        return redirect(request.path)
    return conversation_page(request, tip, form, closable=closable)


def conversation_page(request, tip, form, *, status=200, refusal=None, closable=False):
    context = {
        "tip": tip,
        "status": sender_status(tip),
        "files": [stored.original_name for stored in tip.own_files()],
        "conversation": list(tip.messages.prefetch_related("files")),
        "max_bytes": max_file_bytes(),
        "max_files": max_files(),
        "form": form,
        "refusal": refusal,
        # Opened with its key in this browser (not through the sender's account): it may be closed here.
        "closable": closable,
    }
    return private(render(request, "tips/conversation.html", context, status=status))
