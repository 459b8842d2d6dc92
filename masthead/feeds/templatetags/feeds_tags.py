"""`{% feed_links %}`: the feeds a page advertises in its <head>, from what the page already has in context.

Every page lists the site's feeds in its language; a section, a tag listing and an author page list their own
first, and an article its section's. Only reverse() runs here, so the tag adds no query to any page.
"""

from django import template
from django.utils.translation import gettext as _

from ..selectors import feed_path

register = template.Library()

FORMAT_TYPES = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


def links_for(kind, slug, title):
    return [
        {"href": feed_path(kind, feed_format, slug), "type": mime_type, "title": f"{title} ({label})"}
        for feed_format, mime_type, label in FORMAT_TYPES
    ]


def page_sources(context):
    """(kind, slug, name) of the feeds specific to the page being shown, most specific first."""
    page = context.get("page")
    tag = context.get("tag")
    kind = type(page).__name__ if page is not None else ""
    if tag is not None and getattr(tag, "slug", None):
        return [("tag", tag.slug, tag.name)]
    if kind == "SectionPage":
        return [("section", page.slug, page.title)]
    if kind == "AuthorPage":
        return [("author", page.slug, page.title)]
    if kind == "ArticlePage":
        section = context.get("section")
        if section is not None and getattr(section, "slug", None):
            return [("section", section.slug, section.title)]
    return []


@register.simple_tag(takes_context=True)
def feed_links(context):
    site_name = context.get("site_name") or ""
    links = []
    for kind, slug, name in page_sources(context):
        links += links_for(kind, slug, _("%(name)s — %(site)s") % {"name": name, "site": site_name})
    links += links_for("latest", None, site_name or _("Latest news"))
    return links
