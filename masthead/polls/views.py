from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from masthead.ids import row_id_from
from masthead.network import client_address, hashed_address

from . import services
from .models import Poll
from .selectors import poll_for, results


def address_in_poll(group, request):
    """The rate limit's key: the reader's address (hashed, never stored) in this one poll."""
    return f"{request.resolver_match.kwargs.get('poll_id')}:{hashed_address(client_address(request), purpose='polls')}"


def flooded(request):
    return is_ratelimited(
        request, group="polls.vote", key=address_in_poll, rate=services.VOTES_PER_ADDRESS, increment=True
    )


def story_address(request):
    """The story the reader came from (`from`), if it is a path on this site."""
    target = request.POST.get("from") or request.GET.get("from") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def vote_from(request, response, *, poll, option_id):
    """Cast the request's vote, as its account and as its browser. A browser without a voter token gets one: as a
    cookie on `response`, and on `request` too, so what follows counts the vote as this browser's. Raises
    VoteRefused (and then sets no cookie)."""
    token = request.COOKIES.get(services.VOTER_COOKIE, "")
    fresh = "" if token else services.new_voter_token()
    services.vote_cast(poll=poll, option_id=option_id, reader=request.user, browser_token=token or fresh)
    if fresh:
        response.set_cookie(
            services.VOTER_COOKIE,
            fresh,
            max_age=services.VOTER_COOKIE_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        request.COOKIES[services.VOTER_COOKIE] = fresh


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def poll_page(request, poll_id):
    """The poll's own page: the vote form (the article's form without JavaScript comes here with its choice), and
    the results once the reader voted, the poll closed, or they asked for them. A vote is a POST with the CSRF
    token, answered with a redirect to the results."""
    poll = poll_for(request, poll_id)
    if poll is None:
        raise Http404
    back = story_address(request)
    if request.method == "POST":
        query = {"results": "1", **({"from": back} if back else {})}
        response = redirect(f"{reverse('polls:poll', args=[poll.pk])}?{urlencode(query)}")
        if flooded(request):
            messages.error(request, _("Too many votes from your network. Please try again tomorrow."))
            return response
        try:
            vote_from(request, response, poll=poll, option_id=row_id_from(request.POST.get("choice", "")))
            messages.success(request, _("Thank you for voting."))
        except services.VoteRefused as refused:
            messages.error(request, refused.message)
        return response
    state = results(poll=poll, reader=request.user, browser_token=request.COOKIES.get(services.VOTER_COOKIE, ""))
    context = {
        "poll": poll,
        "state": state,
        "back": back,
        "choice": request.GET.get("choice", ""),
        "show_results": request.GET.get("results") == "1" or state["voted_for"] is not None or not state["open"],
        "needs_sign_in": poll.voters == Poll.Voters.READERS and not request.user.is_authenticated,
    }
    return render(request, "polls/poll.html", context)
