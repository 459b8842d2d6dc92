"""Fact checks: a claim someone made, who made it and where, and the newsroom's verdict, shown as a box in the body
and given to search engines as schema.org ClaimReview (one per claim checked)."""

from django.utils.translation import pgettext_lazy

# The verdicts, truest first, each with its place on schema.org's 1 (false) to 5 (true) scale; a claim that cannot
# be checked has no place on it.
RATINGS = {
    "true": (pgettext_lazy("fact-check verdict", "True"), 5),
    "mostly_true": (pgettext_lazy("fact-check verdict", "Mostly true"), 4),
    "half_true": (pgettext_lazy("fact-check verdict", "Half true"), 3),
    "mostly_false": (pgettext_lazy("fact-check verdict", "Mostly false"), 2),
    "false": (pgettext_lazy("fact-check verdict", "False"), 1),
    "unproven": (pgettext_lazy("fact-check verdict", "Unproven"), None),
}


def verdict(rating):
    """(the verdict in words, its place on the scale or None) of a stored rating; an unknown one counts as unproven."""
    return RATINGS.get(rating, RATINGS["unproven"])


def rating_choices():
    return [(key, label) for key, (label, _value) in RATINGS.items()]


def checks_in(body):
    """The article body's fact-check blocks, in order."""
    return [block for block in body if block.block_type == "fact_check"]


def claim_reviews(checks, *, url, publisher_name, published):
    """schema.org ClaimReview for each check, as Google's fact-check markup asks for it."""
    reviews = []
    for block in checks:
        value = block.value
        label, score = verdict(value["rating"])
        rating = {"@type": "Rating", "alternateName": str(label)}
        if score is not None:
            rating.update(ratingValue=score, bestRating=5, worstRating=1)
        claim = {"@type": "Claim"}
        if value.get("claimant"):
            claim["author"] = {"@type": "Thing", "name": value["claimant"]}
        if value.get("source_url"):
            claim["appearance"] = {"@type": "CreativeWork", "url": value["source_url"]}
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": f"{url}#fact-check-{block.id}",
                "claimReviewed": value["claim"],
                "itemReviewed": claim,
                "author": {"@type": "Organization", "name": publisher_name},
                "datePublished": published,
                "reviewRating": rating,
            }
        )
    return reviews


# --- The index of published fact checks (models.FactCheck), for the edition's list of them ----------------------

# The page-cache name of the pages listing fact checks (see pagecache/tags.py).
FACT_CHECKS_CACHE_NAME = "fact-checks"


def fact_check_rows(article):
    """The index's rows of an article's fact checks, in its order; none unless it is live and public."""
    from .models import FactCheck
    from .privacy import is_public

    if not (article.live and article.first_published_at and is_public(article)):
        return []
    return [
        FactCheck(
            article_id=article.pk,
            block_id=block.id,
            locale_id=article.locale_id,
            claim=block.value["claim"],
            claimant=block.value.get("claimant") or "",
            rating=block.value["rating"],
            summary=block.value.get("summary") or "",
            published_at=article.first_published_at,
            position=position,
        )
        for position, block in enumerate(checks_in(article.body))
    ]


def fact_checks_save(*, article):
    """Copy an article's fact checks into the index, replacing its earlier ones. Returns how many it has there now."""
    from masthead.pagecache.tags import invalidate

    from .models import FactCheck

    removed, _kinds = FactCheck.objects.filter(article_id=article.pk).delete()
    rows = FactCheck.objects.bulk_create(fact_check_rows(article))
    if removed or rows:
        invalidate(FACT_CHECKS_CACHE_NAME)
    return len(rows)


def fact_checks_rebuild(*, under=None, batch_size=500):
    """Index again the fact checks of every live, public article, or of those below a page (`under`, a tree path)
    whose privacy changed. Only bodies that hold a fact check are read. Returns how many are indexed."""
    from django.db.models.expressions import RawSQL

    from masthead.pagecache.tags import invalidate

    from .models import ArticlePage, FactCheck
    from .privacy import public

    rows = FactCheck.objects.all() if under is None else FactCheck.objects.filter(article__path__startswith=under)
    removed, _kinds = rows.delete()
    # The body's JSON names each block's type: a text search picks the few bodies worth parsing.
    with_checks = RawSQL(
        "SELECT page_ptr_id FROM newsroom_articlepage WHERE CAST(body AS TEXT) LIKE %s", ['%"fact_check"%']
    )
    articles = public(ArticlePage.objects.live()).filter(pk__in=with_checks)
    if under is not None:
        articles = articles.filter(path__startswith=under)
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    indexed = 0
    for start in range(0, len(ids), batch_size):
        batch = ArticlePage.objects.filter(pk__in=ids[start : start + batch_size])
        indexed += len(FactCheck.objects.bulk_create([row for article in batch for row in fact_check_rows(article)]))
    if removed or indexed:
        invalidate(FACT_CHECKS_CACHE_NAME)
    return indexed
