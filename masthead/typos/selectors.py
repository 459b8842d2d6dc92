"""Reads for typo reports and corrections."""

from django.core.cache import cache
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import conf
from .models import Correction, TypoReport


def corrections_cache_key(article_id):
    return f"typos:corrections:{article_id}"


def article_corrections(*, article_id):
    """The article's corrections, oldest first, as plain dicts: cached, so a warm article page asks no database.

    Saving or deleting a correction forgets the article's entry (see signal_handlers)."""
    key = corrections_cache_key(article_id)
    corrections = cache.get(key)
    if corrections is None:
        corrections = [
            {"published_at": row.published_at, "text": row.text}
            for row in Correction.objects.filter(article_id=article_id).order_by("published_at", "pk")
        ]
        cache.set(key, corrections, conf.corrections_cache_seconds())
    return corrections


def corrections_listing(*, locale):
    """Corrections on live, public articles in one language, newest first, with their articles."""
    from masthead.newsroom.privacy import public

    return (
        public(Correction.objects.filter(article__live=True, article__locale=locale), through="article__")
        .select_related("article")
        .defer("article__body")
        .order_by("-published_at", "-pk")
    )


def editable_articles(user):
    """Pages this user may edit: the articles whose reports they can act on."""
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def reports_for_editor(user):
    """Reports on the articles this user can edit (all of them for a superuser)."""
    reports = TypoReport.objects.all()
    if user.is_superuser:
        return reports
    return reports.filter(article_id__in=editable_articles(user).values("pk"))


def open_reports_for_editor(user):
    return reports_for_editor(user).filter(status=TypoReport.Status.NEW)


def reports_awaiting_digest():
    return (
        TypoReport.objects.filter(status=TypoReport.Status.NEW, digested_at__isnull=True)
        .select_related("article")
        .order_by("article_id", "created_at")
    )
