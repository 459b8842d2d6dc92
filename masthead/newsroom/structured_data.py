"""schema.org NewsArticle (LiveBlogPosting for live coverage) for an article page: what search engines and
aggregators read."""

import json

from django.utils import timezone

from .fact_checks import checks_in, claim_reviews
from .live import structured_updates

# Characters that would let JSON end the surrounding <script> element early.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def as_script_json(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)


def local_iso(moment):
    """ISO 8601 with the site's UTC offset, as NewsArticle dates should carry one."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def news_article(
    *,
    article,
    url,
    request,
    section,
    authors,
    tags,
    image_urls,
    publisher_name,
    logo_url,
    word_count=0,
    reading_minutes=0,
    live=None,
    sponsor=None,
    series=None,
):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lead,
        "inLanguage": article.locale.language_code,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": local_iso(article.published_at),
        "dateModified": local_iso(article.last_published_at or article.published_at),
        "author": [
            {"@type": "Person", "name": author.title, "url": author.get_full_url(request)} for author in authors
        ],
        "publisher": {"@type": "Organization", "name": publisher_name},
        "keywords": [tag.name for tag in tags],
    }
    if word_count:
        data["wordCount"] = word_count
        data["timeRequired"] = f"PT{reading_minutes}M"  # ISO 8601 duration
    if logo_url:
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": logo_url}
    if image_urls:
        data["image"] = image_urls
    if section is not None:
        data["articleSection"] = section.title
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if series:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", **series}
    if sponsor is not None:
        data["sponsor"] = {"@type": "Organization", "name": sponsor.name}
        if sponsor.url:
            data["sponsor"]["url"] = sponsor.url
    if live is not None:
        data["@type"] = "LiveBlogPosting"
        data["coverageStartTime"] = data["datePublished"]
        updates = structured_updates(live, url=url)
        if not live["is_live"]:
            data["coverageEndTime"] = updates[0].get("datePublished") if updates else data["dateModified"]
        data["liveBlogUpdate"] = updates
    return as_script_json(data)


def claim_reviews_json(*, article, url, publisher_name):
    """The ClaimReview list of the article's fact checks as script text, or "" when it checks no claim."""
    checks = checks_in(article.body)
    if not checks:
        return ""
    return as_script_json(
        claim_reviews(checks, url=url, publisher_name=publisher_name, published=local_iso(article.published_at))
    )
