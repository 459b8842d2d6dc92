from django.conf import settings
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from masthead.network import client_address
from masthead.unavailable import DATABASE_UNAVAILABLE, database_unavailable_response

from . import services
from .files import limit_uploads, max_file_bytes, max_files
from .forms import TipForm

# A body larger than every file at its limit, and the text, is refused before it is read.
TEXT_ALLOWANCE = 1024 * 1024


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
        services.tip_submit(
            **form.cleaned_data,
            language=translation.get_language(),
            reader=request.user,
            address=client_address(request),
        )
    except services.TipRefused as refused:
        return form_page(request, form, status=refused.status, refusal=refused.message)
    except DATABASE_UNAVAILABLE:
        return try_again(request, form)
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
    return render(request, "tips/thanks.html")
