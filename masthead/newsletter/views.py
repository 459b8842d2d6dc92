"""The reader's side of the newsletter: subscribe without JavaScript, confirm, unsubscribe in one click.

Each page answers in words that reveal nothing about an address to anyone but the holder of a signed link.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from masthead.ids import row_or_none
from masthead.newsroom.selectors import paginate
from masthead.pagecache.tags import tag as page_cache_tag

from . import conf, selectors, services, tokens
from .digests import DIGESTS, digest_dates, site_name
from .forms import SubscribeForm

THANK_YOU = gettext_lazy("Thank you! Check your inbox to confirm.")


def page(request, template, context=None, *, status=200):
    context = {"home_url": reverse("wagtail_serve", args=[""]), **(context or {})}
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def subscribe_rate_limited(request):
    """One budget per network address, shared with the JSON endpoint."""
    return is_ratelimited(
        request, group="newsletter:subscribe", key="ip", rate=conf.subscribe_rate(), method="POST", increment=True
    )


# The sidebar form sits on every page, pages that may be cached and served to many readers, so it carries no CSRF
# token. Nothing here acts on a session: the worst a forged post can do is queue a confirmation mail, which the
# per-address interval and the per-address rate limit keep rare, and which subscribes nobody without a click.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        return page(request, "newsletter/subscribe.html", {"form": SubscribeForm()})
    # Bound even when the body is empty, so a refusal can be shown beside the field.
    form = SubscribeForm(request.POST)
    if subscribe_rate_limited(request):
        form.is_valid()
        message = _("Too many requests from your network. Please wait a few minutes and try again.")
        return page(request, "newsletter/subscribe.html", {"form": form, "error": message}, status=429)
    try:
        services.subscriber_subscribe(
            email=request.POST.get("email", ""),
            language=get_language(),
            frequency=request.POST.get("frequency", ""),
        )
    except services.SubscriptionRefused as refused:
        form.is_valid()
        form.errors.pop(refused.field, None)  # one message for one problem: the service's, which says what to do
        form.add_error(refused.field, refused.message)
        return page(request, "newsletter/subscribe.html", {"form": form}, status=refused.status)
    return redirect("newsletter:thanks", permanent=False)


@require_safe
def thanks(request):
    # The heading names the step; the message thanks (it is also the API's answer, said once here).
    return page(request, "newsletter/message.html", {"title": _("Confirm your subscription"), "message": THANK_YOU})


@never_cache
@require_GET
def confirm(request, token):
    try:
        services.subscriber_confirm(token=token)
    except tokens.ExpiredToken:
        return page(
            request,
            "newsletter/subscribe.html",
            {
                "form": SubscribeForm(),
                "error": _("This confirmation link has expired. Please subscribe again; a new link will follow."),
            },
            status=400,
        )
    except tokens.BadToken:
        return invalid_link(request)
    return page(
        request,
        "newsletter/message.html",
        {
            "title": _("Thank you!"),
            "message": _("Your subscription is confirmed. The next digest will come to your inbox."),
        },
    )


def invalid_link(request):
    return page(
        request,
        "newsletter/message.html",
        {
            "title": _("This link does not work"),
            "message": _(
                "The link is incomplete or no longer valid. Please copy the whole link from the mail, "
                "or use the newest mail we sent."
            ),
        },
        status=400,
    )


# RFC 8058: mail programs unsubscribe by POSTing `List-Unsubscribe=One-Click` here, with no cookies and no token
# but the one in the address, so this one endpoint takes posts without a CSRF token. A GET only asks, because
# link checkers and previews open links in mails without anyone clicking.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "GET":
        try:
            subscriber = tokens.subscriber_for_unsubscribe(token)
        except tokens.BadToken:
            return invalid_link(request)
        return page(request, "newsletter/unsubscribe.html", {"email": subscriber.email})
    try:
        services.subscriber_unsubscribe(token=token)
    except tokens.BadToken:
        return invalid_link(request)
    return page(
        request,
        "newsletter/message.html",
        {
            "title": _("You are unsubscribed"),
            "message": _("You will get no more newsletters from us. You can subscribe again at any time."),
        },
    )


@require_safe
def issues(request):
    """The newsletter's archive in the language being read: what subscribers got, newest first, 20 a page."""
    page_cache_tag(request, selectors.ARCHIVE_CACHE_NAME)
    issues_page = paginate(request, selectors.published_issues(language=get_language()))
    return render(request, "newsletter/issues.html", {"issues": issues_page})


@require_safe
def issue(request, digest_id):
    """One issue as subscribers got it, as a page: its most read and its new stories, each as a teaser."""
    digest = row_or_none(selectors.published_issues(language=get_language()), digest_id)
    if digest is None:
        raise Http404(_("There is no such issue of the newsletter."))
    page_cache_tag(
        request,
        selectors.ARCHIVE_CACHE_NAME,
        *(f"page:{story_id}" for story_id in [*digest.most_read_ids, *digest.new_story_ids]),
    )
    context = {
        "digest": digest,
        # The mail's subject without the site's name before it, which the page's title puts after it.
        "title": capfirst(digest.subject.removeprefix(f"{site_name()}: ")),
        "label": DIGESTS[digest.kind].label,
        "most_read": selectors.issue_stories(digest.most_read_ids),
        "new_stories": selectors.issue_stories(digest.new_story_ids),
        **digest_dates(digest),
    }
    return render(request, "newsletter/issue.html", context)
