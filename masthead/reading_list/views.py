from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from masthead.comments.views import back_to
from masthead.newsroom.models import ArticlePage

from . import services
from .selectors import saved_story_ids, saved_teasers

PER_PAGE = 20
SAVE_RATE = "300/h"


@require_POST
@login_required
@ratelimit(key="user", rate=SAVE_RATE, block=True, group="reading_list.save")
def save_story(request, article_id):
    """The save button without JavaScript: `save` is 1 to save and 0 to take the story off the list, so a repeated
    post changes nothing. Done, it goes back to the button, whose label now says what was done; refused, to the
    list, which says why (the article page has no place for messages above its comments)."""
    article = get_object_or_404(ArticlePage, pk=article_id)
    try:
        if request.POST.get("save") == "0":
            services.story_unsave(reader=request.user, article_id=article.pk)
        else:
            services.story_save(reader=request.user, article=article)
    except services.SaveRefused as refused:
        messages.error(request, refused.message)
        return redirect("reading_list:saved")
    return back_to(request, article.url or reverse("reading_list:saved"), anchor="save-story")


@login_required
@never_cache
@require_safe
def saved_stories(request):
    """The reader's saved stories, newest saved first; stories taken down since are left out."""
    page = Paginator(saved_story_ids(reader=request.user), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = saved_teasers(page.object_list)
    return render(request, "reading_list/saved_stories.html", {"articles": page})
