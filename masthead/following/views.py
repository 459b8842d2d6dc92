from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale

from masthead.comments.views import back_to
from masthead.feeds.views import article_feed
from masthead.newsroom.selectors import (
    article_listing,
    home_for_request,
    id_list,
    paginate,
    teasers_in_order,
    with_tag_urls,
)

from . import services
from .feeds import YOUR_NEWS_DAYS, feed_addresses, private_feed_source
from .models import PrivateFeed
from .selectors import follows_of, stories_for
from .targets import target_of

FOLLOW_RATE = "300/h"
FEED_ADDRESS_RATE = "30/h"


@require_POST
@login_required
@ratelimit(key="user", rate=FOLLOW_RATE, block=True, group="following.follow")
def follow(request, kind, target_id):
    """The follow button without JavaScript: `follow` is 1 to follow and 0 to stop, so a repeated post changes
    nothing. Done, it goes back to the button, whose label now says what was done; refused, to the reader's page of
    followed stories, which says why."""
    target = target_of(kind, target_id)
    if target is None:
        raise Http404(_("There is no such topic or author."))
    try:
        if request.POST.get("follow") == "0":
            services.unfollow(reader=request.user, **target)
        else:
            services.follow(reader=request.user, **target)
    except services.FollowRefused as refused:
        messages.error(request, refused.message)
        return redirect("following:news")
    return back_to(request, reverse("following:news"), anchor=f"follow-{kind}-{target_id}")


@login_required
@never_cache
@require_safe
def your_news(request):
    """The newest stories, in the language being read, on the topics and by the authors the reader follows, and
    what they follow, each with its button to stop."""
    follows = follows_of(request.user)
    home = home_for_request(request)
    with_tag_urls([follow.tag for follow in follows if follow.tag_id], home=home)
    locale = home.locale if home else Locale.get_default()
    stories = stories_for(follows, locale=locale, since=timezone.now() - timedelta(days=YOUR_NEWS_DAYS))
    articles = None
    if stories is not None:
        articles = paginate(request, id_list(stories))
        # The page's ids read as the language's articles: repeating the follows' condition would gather them again.
        articles.object_list = teasers_in_order(article_listing(locale=locale), list(articles.object_list))
    token = PrivateFeed.objects.filter(reader=request.user).values_list("token", flat=True).first()
    return render(
        request,
        "following/your_news.html",
        {
            "follows": follows,
            "articles": articles,
            "days": YOUR_NEWS_DAYS,
            "feed_addresses": feed_addresses(request, token) if token else None,
        },
    )


@require_POST
@login_required
@ratelimit(key="user", rate=FEED_ADDRESS_RATE, block=True, group="following.feed")
def private_feed_address(request):
    """Make the reader's feed a (new) address, or stop it: `action` is "renew" or "stop"."""
    if request.POST.get("action") == "stop":
        services.private_feed_stop(reader=request.user)
        messages.success(request, _("Your feed is stopped: its address finds nothing now."))
    else:
        services.private_feed_renew(reader=request.user)
        messages.success(request, _("Your feed has a new address. An old one finds nothing now."))
    return redirect(reverse("following:news") + "#private-feed")


@require_safe
def private_feed(request, token, feed_format):
    """A reader's "Your news" for their feed reader: no session, the address is the key (`feeds.py`)."""
    response = article_feed(
        request, kind="following", feed_format=feed_format, slug=token, source_for=private_feed_source
    )
    # One reader's list: never kept by a shared cache, never indexed.
    response["Cache-Control"] = "private, max-age=0"
    response["X-Robots-Tag"] = "noindex"
    return response
