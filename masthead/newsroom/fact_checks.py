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
