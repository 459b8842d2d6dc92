"""Writes to the search index: index one article, drop one, rebuild them all."""

from django.db import transaction

from masthead.pagecache.tags import invalidate

from .models import SearchDocument
from .text import body_text, live_updates_text, stemmed_text


def _document_for(article):
    language = article.locale.language_code
    tags = " ".join(tagged.tag.name for tagged in article.tagged_items.all())
    body = body_text(article.body.raw_data)
    updates = live_updates_text(article.live_updates.raw_data)
    text = "\n".join(part for part in (article.lead, body, updates, tags) if part)
    return SearchDocument(
        article_id=article.pk,
        language=language,
        headline=article.title,
        text=text,
        headline_terms=stemmed_text(article.title, language=language),
        body_terms=stemmed_text(text, language=language),
    )


def article_index(*, article):
    """Put a live article's current text in the index (replacing what was there); drop it if it is not live, or
    private (behind a view restriction: its words must not show in anyone's results)."""
    from masthead.newsroom.privacy import is_public

    if not article.live or not is_public(article):
        article_unindex(article_id=article.pk)
        return
    document = _document_for(article)
    fields = [f.attname for f in SearchDocument._meta.concrete_fields if not f.primary_key]
    SearchDocument.objects.update_or_create(
        article_id=document.article_id, defaults={name: getattr(document, name) for name in fields}
    )


def article_unindex(*, article_id):
    SearchDocument.objects.filter(article_id=article_id).delete()


def index_rebuild(*, batch_size=500, progress=None, under=None):
    """Index every live, public article from scratch; `progress(n)` is called after each batch. Returns the count.
    With `under` (a tree path), only the articles below that page, whose privacy changed.

    Each batch is its own transaction so a long rebuild neither holds one giant write lock nor loses all its
    work when interrupted; searches meanwhile see a partly rebuilt index.
    """
    from masthead.newsroom.models import ArticlePage
    from masthead.newsroom.privacy import public

    articles = public(ArticlePage.objects.live())
    if under is None:
        SearchDocument.objects.all().delete()
    else:
        articles = articles.filter(path__startswith=under)
        below = ArticlePage.objects.filter(path__startswith=under).values("pk")
        SearchDocument.objects.filter(article_id__in=below).delete()
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = (
            ArticlePage.objects.filter(pk__in=ids[start : start + batch_size])
            .select_related("locale")
            .prefetch_related("tagged_items__tag")
            .only("pk", "title", "lead", "body", "live_updates", "locale__language_code")
        )
        with transaction.atomic():
            SearchDocument.objects.bulk_create([_document_for(article) for article in batch])
        if progress:
            progress(min(batch_size, len(ids) - start))
    invalidate("search")
    return len(ids)
