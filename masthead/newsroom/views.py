"""The newsroom's pages that are not Wagtail pages: the edition's fact checks."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from masthead.pagecache.tags import tag as page_cache_tag

from .fact_checks import FACT_CHECKS_CACHE_NAME, RATINGS, verdict
from .models import FactCheck
from .selectors import home_for_request, paginate


@require_safe
def fact_checks(request):
    """Every fact check of the edition's stories, newest first, 20 a page; `verdict` keeps one verdict."""
    home = home_for_request(request)
    if home is None:
        raise Http404(_("This site has no edition in this language."))
    chosen = request.GET.get("verdict") or ""
    if chosen and chosen not in RATINGS:
        raise Http404(_("There is no such verdict."))
    checks = FactCheck.objects.filter(locale_id=home.locale_id)
    if chosen:
        checks = checks.filter(rating=chosen)
    checks = checks.select_related("article", "article__locale").defer("article__body", "article__live_updates")
    # Newest story first, and a story's checks in the order it gives them.
    page = paginate(request, checks.order_by("-published_at", "-article_id", "position"))
    for check in page.object_list:
        check.verdict = verdict(check.rating)[0]
        check.url = f"{check.article.get_url(request)}#fact-check-{check.block_id}"
    page_cache_tag(request, FACT_CHECKS_CACHE_NAME)
    verdicts = [{"key": key, "label": label, "current": key == chosen} for key, (label, _score) in RATINGS.items()]
    return render(
        request,
        "newsroom/fact_checks_page.html",
        {"checks": page, "verdicts": verdicts, "chosen": chosen, "chosen_label": verdict(chosen)[0] if chosen else ""},
    )
