"""The full text of an article as feed readers get it: plain, self-contained HTML with absolute addresses.

The site's block templates are made for the page (responsive image sets, embeds fetched from their providers,
relative links); a feed reader shows the HTML somewhere else, so each block is written here in its simplest
form, and every link and image points back at the site. Rendering a body loads its images and linked pages,
so the result is cached per published revision: a warm feed costs no query for it.
"""

import re

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from masthead.newsroom.fact_checks import verdict
from masthead.newsroom.live import live_coverage
from masthead.newsroom.selectors import body_images
from masthead.newsroom.sponsorship import is_sponsored, mark_paid_links
from masthead.newsroom.templatetags.newsroom_tags import credit_name, publication_time
from masthead.newsroom.text import cut_at_word

BODY_IMAGE_RENDITION = "max-960x960"
CACHE_SECONDS = 7 * 24 * 3600
RELATIVE_URL = re.compile(r'(\s(?:href|src))="(/(?!/)[^"]*)"')


def absolute_url(url, *, root_url):
    """A site-relative address made absolute; one already absolute (media on object storage) as it is."""
    return url if url.startswith(("http://", "https://")) else root_url + url


def absolute_urls(html, *, root_url):
    """Point every site-relative href and src at the site, so the HTML works in any reader."""
    return RELATIVE_URL.sub(lambda match: f'{match.group(1)}="{root_url}{match.group(2)}"', html)


def cache_key(article, *, root_url):
    stamp = article.last_published_at.timestamp() if article.last_published_at else 0
    return f"feeds:full-text:v1:{article.pk}:{stamp}:{root_url}"


def full_texts(articles, *, root_url):
    """{article pk: full-text HTML} for a list of articles, from the cache where it has them."""
    from masthead.newsroom.models import ArticlePage, Sponsor

    keys = {article.pk: cache_key(article, root_url=root_url) for article in articles}
    cached = cache.get_many(keys.values())
    texts = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [article for article in articles if article.pk not in texts]
    if missing:
        # The listing defers bodies, so the missing ones come in one query rather than one each.
        pages = ArticlePage.objects.filter(pk__in=[a.pk for a in missing]).only("body", "live_coverage", "live_updates")
        stored = {page.pk: page for page in pages}
        sponsors = Sponsor.objects.in_bulk({article.sponsor_id for article in missing if article.sponsor_id})
        fresh = {}
        for article in missing:
            page = stored.get(article.pk)
            with translation.override(article.locale.language_code):
                fresh[article.pk] = render_full_text(
                    article=article,
                    body=page.body if page else [],
                    root_url=root_url,
                    live=live_coverage(page) if page else None,
                    sponsor=sponsors.get(article.sponsor_id),
                )
        cache.set_many({keys[pk]: html for pk, html in fresh.items()}, CACHE_SECONDS)
        texts.update(fresh)
    return texts


def render_full_text(*, article, body, root_url, live=None, sponsor=None):
    """Who paid for or supports a sponsored story, the lead as the first paragraph, then each body block, then a
    live story's updates, newest first."""
    body_images(body=body)
    parts = [sponsor_note(article, sponsor), format_html("<p><strong>{}</strong></p>", article.lead)]
    parts += [render_block(block, root_url=root_url) for block in body]
    if live and live["updates"]:
        parts.append(format_html("<h2>{}</h2>", _("Live updates")))
        parts += [live_update_html(block) for block in live["updates"]]
    html = absolute_urls("\n".join(part for part in parts if part), root_url=root_url)
    return mark_paid_links(html) if is_sponsored(article) else html


def sponsor_note(article, sponsor):
    if sponsor is None:
        return ""
    if is_sponsored(article):
        return format_html("<p><em>{}</em></p>", _("Advertising. Paid for by %(name)s.") % {"name": sponsor.name})
    return format_html("<p><em>{}</em></p>", _("Supported by %(name)s.") % {"name": sponsor.name})


def render_block(block, *, root_url):
    value = block.value
    kind = block.block_type
    if kind == "paragraph":
        return str(value.__html__())
    if kind == "heading":
        tag = "h3" if value["level"] == "h3" else "h2"
        return format_html("<{tag}>{text}</{tag}>", tag=tag, text=value["text"])
    if kind == "quote":
        source = value.get("source_url")
        who = (
            format_html('<a href="{}">{}</a>', source, value["attribution"]) if source else escape(value["attribution"])
        )
        # linebreaks escapes the text itself and answers a plain str: marked safe, or format_html escaped it twice.
        text = mark_safe(linebreaks(value["text"], autoescape=True))
        return format_html("<blockquote>{}<p>— {}</p></blockquote>", text, who)
    if kind == "image":
        return image_html(value)
    if kind == "gallery":
        series = format_html("<p>{}</p>", value["caption"]) if value.get("caption") else ""
        return "\n".join([*(image_html(item) for item in value["images"]), series]).strip()
    if kind == "embed":
        url = value["embed"].url if value["embed"] else ""
        if not url:
            return ""
        caption = format_html("<br>{}", value["caption"]) if value.get("caption") else ""
        return format_html('<p><a href="{}">{}</a>{}</p>', url, url, caption)
    if kind == "related_story":
        return related_story_html(value, root_url=root_url)
    if kind == "fact_check":
        return fact_check_html(value)
    if kind == "poll" and value is not None:
        return format_html(
            '<p>{}: {} <a href="{}">{}</a></p>',
            _("Poll"),
            value.question,
            f"{root_url}{reverse('polls:poll', args=[value.pk])}",
            _("Vote on the site"),
        )
    return ""


def fact_check_html(value):
    """The claim, who made it, and the verdict in words, as a feed reader shows a quotation."""
    source = value.get("source_url")
    who = value.get("claimant") or ""
    if who:
        who = format_html('<a href="{}">{}</a>', source, who) if source else escape(who)
        who = format_html("<p>— {}</p>", who)
    summary = format_html("<p>{}</p>", value["summary"]) if value.get("summary") else ""
    return format_html(
        "<blockquote><p>{}: {}</p>{}<p><strong>{} {}</strong></p>{}</blockquote>",
        _("Fact check"),
        value["claim"],
        who,
        _("Verdict:"),
        verdict(value["rating"])[0],
        summary,
    )


def live_update_html(block):
    value = block.value
    heading = " — ".join(part for part in (publication_time(value.get("time")), value.get("headline") or "") if part)
    parts = [format_html("<h3>{}</h3>", heading) if heading else "", str(value["text"].__html__())]
    if value.get("correction"):
        parts.append(format_html("<p><strong>{}</strong> {}</p>", _("Correction:"), value["correction"]))
    if value.get("image"):
        parts.append(image_html(value))
    return "\n".join(part for part in parts if part)


def image_html(value):
    image = value["image"]
    if image is None:
        return ""
    rendition = image.get_rendition(BODY_IMAGE_RENDITION)
    caption = value.get("caption") or ""
    if value.get("credit"):
        # Safe again after strip(), which answers a plain str: escaped once, not twice.
        caption = mark_safe(format_html("{} {}: {}", caption, _("Photo"), credit_name(value["credit"])).strip())
    figcaption = format_html("<figcaption>{}</figcaption>", caption) if caption else ""
    return format_html(
        '<figure><img src="{}" width="{}" height="{}" alt="{}">{}</figure>',
        rendition.url,
        rendition.width,
        rendition.height,
        value.get("alt") or getattr(image, "description", ""),  # the story's own words for it first
        figcaption,
    )


def related_story_html(value, *, root_url):
    story = value["article"]
    if story is None or not story.live:
        return ""
    story = story.specific
    return format_html(
        '<p>{}: <a href="{}">{}</a> — {}</p>',
        value.get("label") or _("Read also"),
        story.get_full_url() or "",
        story.title,
        cut_at_word(story.lead, 120),
    )
