"""The three feed formats, as Django feed generators with what a newsroom's feeds need on top.

Each item may carry, beside Django's fields: `authors` (a list of {"name", "link"}), `content_html` (the full
text, when the site sends it), `image` (the lead image's address) and `language`. Each feed may carry `hub_url`
(WebSub), `next_url` and `previous_url` (RFC 5005 paged feeds; JSON Feed's `next_url`) and `icon_url`.
"""

import json

from django.utils import feedgenerator
from django.utils.feedgenerator import rfc2822_date, rfc3339_date

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def _feed_links(feed):
    """The feed-level links beyond `self`: the hub that pushes it and its neighbouring pages."""
    links = []
    if feed.get("hub_url"):
        links.append(("hub", feed["hub_url"]))
    if feed.get("next_url"):
        links.append(("next", feed["next_url"]))
    if feed.get("previous_url"):
        links.append(("previous", feed["previous_url"]))
    return links


class NewsRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with `content:encoded` for full text and one `dc:creator` per author (RSS's own `author`
    element wants an e-mail address, which a byline does not publish)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, href in _feed_links(self.feed):
            handler.addQuickElement("atom:link", None, {"rel": rel, "href": href})

    def add_item_elements(self, handler, item):
        # The byline is written below, one element per author, so the parent writes none.
        super().add_item_elements(handler, {**item, "author_name": None, "author_email": None})
        for author in item.get("authors") or ():
            handler.addQuickElement("dc:creator", author["name"])
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class NewsAtomFeed(feedgenerator.Atom1Feed):
    """Atom 1.0 with full text as `content`, every author of the byline, and hub and paging links."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, href in _feed_links(self.feed):
            handler.addQuickElement("link", "", {"rel": rel, "href": href})
        if self.feed.get("icon_url"):
            handler.addQuickElement("icon", self.feed["icon_url"])

    def add_item_elements(self, handler, item):
        authors = item.get("authors") or ()
        super().add_item_elements(handler, {**item, "author_name": None} if authors else item)
        for author in authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            if author.get("link"):
                handler.addQuickElement("uri", author["link"])
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), built from the same items as the XML formats."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.as_dict(), ensure_ascii=False, separators=(",", ":")))

    def as_dict(self):
        feed = self.feed
        document = {
            "version": JSON_FEED_VERSION,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
        }
        optional = {
            "description": feed["description"],
            "language": feed["language"],
            "next_url": feed.get("next_url"),
            "icon": feed.get("icon_url"),
        }
        document.update({key: value for key, value in optional.items() if value})
        if feed["author_name"]:
            document["authors"] = [{"name": feed["author_name"], "url": feed["author_link"] or feed["link"]}]
        if feed.get("hub_url"):
            document["hubs"] = [{"type": "WebSub", "url": feed["hub_url"]}]
        document["items"] = [self.item_dict(item) for item in self.items]
        return document

    def item_dict(self, item):
        entry = {"id": item["unique_id"] or item["link"], "url": item["link"], "title": item["title"]}
        if item.get("content_html"):
            entry["content_html"] = item["content_html"]
        else:
            entry["content_text"] = item.get("summary_text") or ""
        if item.get("summary_text"):
            entry["summary"] = item["summary_text"]
        if item.get("image"):
            entry["image"] = item["image"]
        if item["pubdate"]:
            entry["date_published"] = rfc3339_date(item["pubdate"])
        if item["updateddate"]:
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        authors = [
            {"name": a["name"], **({"url": a["link"]} if a.get("link") else {})} for a in item.get("authors") or ()
        ]
        if authors:
            entry["authors"] = authors
        if item["categories"]:
            entry["tags"] = list(item["categories"])
        if item.get("language"):
            entry["language"] = item["language"]
        attachments = [
            {"url": e.url, "mime_type": e.mime_type, **({"size_in_bytes": int(e.length)} if int(e.length) else {})}
            for e in item["enclosures"]
        ]
        if attachments:
            entry["attachments"] = attachments
        return entry


FORMATS = {"rss": NewsRssFeed, "atom": NewsAtomFeed, "json": JsonFeed}

__all__ = ["FORMATS", "JsonFeed", "NewsAtomFeed", "NewsRssFeed", "rfc2822_date", "rfc3339_date"]
