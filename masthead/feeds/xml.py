"""Sitemap documents written directly: a year's sitemap holds up to 10,000 URLs, and a template loop over them
costs more than the database does. Every value is escaped for XML text and attributes."""

import re
from xml.sax.saxutils import escape as escape_xml
from xml.sax.saxutils import quoteattr

# Characters XML 1.0 cannot hold at all, even escaped; an editor's paste from a word processor may bring them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    return NOT_XML.sub("", text) if text else text


def escape(text):
    return escape_xml(xml_safe(text))


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


def urlset(urls):
    namespaces = f'xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}"'
    if any(url.get("news") for url in urls):
        namespaces += f' xmlns:news="{NEWS_NS}"'
    parts = [HEADER, f"<urlset {namespaces}>\n"]
    for url in urls:
        # The schema's order: loc, lastmod, then the extensions (hreflang links, news).
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url.get("lastmod"):
            parts.append(f"<lastmod>{url['lastmod']}</lastmod>")
        for alternate in url.get("alternates") or ():
            parts.append(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(alternate["lang_code"])}'
                f" href={quoteattr(alternate['location'])}/>"
            )
        news = url.get("news")
        if news:
            parts.append(
                "<news:news><news:publication>"
                f"<news:name>{escape(news['name'])}</news:name>"
                f"<news:language>{escape(news['language'])}</news:language>"
                "</news:publication>"
                f"<news:publication_date>{news['publication_date']}</news:publication_date>"
                f"<news:title>{escape(news['title'])}</news:title>"
                "</news:news>"
            )
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def sitemap_index(entries):
    parts = [HEADER, f'<sitemapindex xmlns="{SITEMAP_NS}">\n']
    for entry in entries:
        parts.append(f"<sitemap><loc>{escape(entry['location'])}</loc>")
        if entry.get("lastmod"):
            parts.append(f"<lastmod>{entry['lastmod']}</lastmod>")
        parts.append("</sitemap>\n")
    parts.append("</sitemapindex>\n")
    return "".join(parts)
