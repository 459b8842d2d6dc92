"""Reading a WordPress export (WXR 1.0 to 1.2) into plain records, before anything is written.

The whole file is parsed first, so a broken export fails with the parser's line and column and nothing of it lands
in the database. defusedxml refuses entity tricks (billion laughs, external entities) that a hostile file could hold.
WordPress has written its namespace as http://wordpress.org/export/1.x/ and, on WordPress.com, https://...: elements
are matched by their local name within any namespace of that family.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
DC_NS = "{http://purl.org/dc/elements/1.1/}"


class ExportError(Exception):
    """The file is not a WordPress export that can be read; the message says where and why."""


@dataclass
class Author:
    login: str
    display_name: str


@dataclass
class Term:
    """A post's category or tag, as the post itself names it (the channel's own term list adds nothing to that)."""

    kind: str  # "category" or "post_tag"
    slug: str
    name: str


@dataclass
class Comment:
    original_id: str
    author: str
    email: str
    date: datetime | None
    text: str
    approved: str  # "1", "0", "spam", "trash"
    kind: str  # "" or "comment" for a reader's comment; "pingback", "trackback"
    parent_id: str = ""


@dataclass
class Post:
    original_id: str
    post_type: str
    status: str
    title: str
    slug: str
    link: str
    guid: str
    creator: str
    date: datetime | None
    modified: datetime | None
    content: str
    excerpt: str
    password: str
    terms: list[Term] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # wp:postmeta, e.g. "_thumbnail_id": the featured picture's post id


@dataclass
class Export:
    """The export's channel: its site and authors, read at once; its items are read one by one (posts())."""

    path: str
    title: str
    link: str
    language: str
    authors: dict[str, Author]
    item_count: int
    attachments: dict[str, str]  # attachment post id → the file's address, for featured pictures

    def posts(self):
        """Every <item> as a Post, in file order, holding one item in memory at a time."""
        for item in _channel_children(self.path, "item"):
            yield read_post(item)


def read_export(path):
    """The export's channel, after reading the whole file once: a broken file fails here, before any write.

    Both this and posts() stream the file (iterparse, each item dropped once read), so memory stays flat however
    large a newsroom's archive is.
    """
    header = {"authors": {}, "items": 0, "attachments": {}, "version": False, "root": None}
    try:
        for element in _channel_children(path, None, header=header):
            _read_channel_child(element, header)
    except ParseError as error:
        line, column = error.position
        raise ExportError(
            f"{path} is not well-formed XML (line {line}, column {column}): nothing was imported."
        ) from error
    except DefusedXmlException as error:
        raise ExportError(f"{path} declares entities, which a WordPress export never does ({error}).") from error
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from error
    if header["root"] != "rss" or not header["version"]:
        raise ExportError(f"{path} is XML but not a WordPress export (no <rss><channel> with <wp:wxr_version>).")
    return Export(
        path=str(path),
        title=header.get("title", ""),
        link=header.get("link", ""),
        language=header.get("language", ""),
        authors=header["authors"],
        item_count=header["items"],
        attachments=header["attachments"],
    )


def _channel_children(path, wanted, *, header=None):
    """Each finished child of <rss><channel> (only those named `wanted`, or all), cleared once the caller is done."""
    depth = 0
    for event, element in iterparse(path, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 1 and header is not None:
                header["root"] = element.tag
            continue
        depth -= 1
        if depth == 2 and (wanted is None or element.tag == wanted):
            yield element
        if depth == 2:
            element.clear()


def _read_channel_child(element, header):
    tag = element.tag
    if tag in ("title", "link", "language"):
        header[tag] = text(element)
    elif tag == "item":
        header["items"] += 1
        if text(wp(element, "post_type")) == "attachment" and text(wp(element, "attachment_url")):
            header["attachments"][text(wp(element, "post_id"))] = text(wp(element, "attachment_url"))
    elif not is_wp_namespace(tag):
        return
    elif tag.endswith("}wxr_version"):
        header["version"] = True
    elif tag.endswith("}author"):
        login = text(wp(element, "author_login"))
        if login:
            header["authors"][login] = Author(login=login, display_name=text(wp(element, "author_display_name")))


def read_post(item):
    terms = [
        Term(element.get("domain", ""), element.get("nicename", ""), text(element))
        for element in item.findall("category")
        if element.get("domain") in ("category", "post_tag")
    ]
    comments = [
        Comment(
            original_id=text(wp(element, "comment_id")),
            author=text(wp(element, "comment_author")),
            email=text(wp(element, "comment_author_email")).lower(),
            date=wp_date(wp(element, "comment_date_gmt")) or wp_date(wp(element, "comment_date")),
            text=text(wp(element, "comment_content")),
            approved=text(wp(element, "comment_approved")),
            kind=text(wp(element, "comment_type")),
            parent_id=nonzero(text(wp(element, "comment_parent"))),
        )
        for element in wp_all(item, "comment")
    ]
    published = wp_date(wp(item, "post_date_gmt")) or rss_date(item.find("pubDate")) or wp_date(wp(item, "post_date"))
    return Post(
        # WordPress always writes post_id; an export edited by hand may not, and then the guid stands in for it.
        original_id=text(wp(item, "post_id")) or text(item.find("guid")) or text(item.find("link")),
        post_type=text(wp(item, "post_type")) or "post",
        status=text(wp(item, "status")) or "publish",
        title=text(item.find("title")),
        slug=text(wp(item, "post_name")),
        link=text(item.find("link")),
        guid=text(item.find("guid")),
        creator=text(item.find(DC_NS + "creator")),
        date=published,
        modified=wp_date(wp(item, "post_modified_gmt")),
        content=text(item.find(CONTENT_NS + "encoded")),
        excerpt=text(find_local(item, "encoded", namespace_part="/excerpt/")),
        password=text(wp(item, "post_password")),
        terms=terms,
        comments=comments,
        meta={text(wp(meta, "meta_key")): text(wp(meta, "meta_value")) for meta in wp_all(item, "postmeta")},
    )


def is_wp_namespace(tag):
    return (
        tag.startswith(("{http://wordpress.org/export/", "{https://wordpress.org/export/")) and "/excerpt/" not in tag
    )


def wp(parent, name):
    for child in parent:
        if child.tag.endswith("}" + name) and is_wp_namespace(child.tag):
            return child
    return None


def wp_all(parent, name):
    return [child for child in parent if child.tag.endswith("}" + name) and is_wp_namespace(child.tag)]


def find_local(parent, name, *, namespace_part):
    for child in parent:
        if child.tag.endswith("}" + name) and namespace_part in child.tag:
            return child
    return None


def text(element):
    return (element.text or "").strip() if element is not None else ""


def nonzero(value):
    """WordPress writes 0 for "no parent"."""
    return "" if value in ("", "0") else value


def wp_date(element):
    """WordPress writes "2011-06-01 12:34:56"; the *_gmt fields are UTC, and "0000-00-00 00:00:00" means unset."""
    value = text(element)
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def rss_date(element):
    try:
        return parsedate_to_datetime(text(element)).astimezone(UTC)
    except (TypeError, ValueError):
        return None
