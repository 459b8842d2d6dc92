"""A WordPress post's HTML, classic or block editor, as the blocks of an article body.

What maps onto a block becomes one (paragraphs and lists, headings, quotes with a <cite>, images found on disk);
everything else keeps its words: a quote with no one to attribute it to becomes a paragraph, an image or video that
cannot be brought over becomes a link to where it was, a table becomes its rows as lines. Scripts, styles and forms
are dropped. Paragraph HTML goes through nh3 with exactly the tags the article editor allows.
"""

import re
from dataclasses import dataclass, field
from html import escape

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from wagtail.rich_text import RichText

from masthead.newsroom.models.blocks import CaptionedImageBlock, HeadingBlock, QuoteBlock
from masthead.newsroom.text import cut_at_word

LEAD_LENGTH = 300  # a teaser's length; the field itself has no limit
# What the article's blocks accept, read from the blocks, so a text cut here always validates there.
HEADING_LENGTH = HeadingBlock.base_blocks["text"].field.max_length
CAPTION_LENGTH = CaptionedImageBlock.base_blocks["caption"].field.max_length
ATTRIBUTION_LENGTH = QuoteBlock.base_blocks["attribution"].field.max_length

PARAGRAPH_TAGS = {"p", "b", "i", "a", "ol", "ul", "li", "sup", "sub", "br"}
RENAMED = {"strong": "b", "em": "i"}
INLINE = {"a", "b", "i", "strong", "em", "span", "sup", "sub", "br", "code", "abbr", "small", "mark", "u", "s"}
WRAPPERS = {"div", "section", "article", "main", "header", "footer", "aside", "center", "span", "font"}
DROPPED = {"script", "style", "form", "input", "button", "select", "textarea", "noscript", "template", "hr"}
MEDIA = {"iframe", "video", "audio", "embed", "object", "source"}
# Shortcodes WordPress itself and common plugins write; other square brackets ("[sic]") are the writer's own.
CAPTION = re.compile(r"\[(?:wp_)?caption[^\]]*\](.*?)\[/(?:wp_)?caption\]", re.DOTALL | re.IGNORECASE)
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
SHORTCODE = re.compile(
    r"\[/?(?:gallery|audio|video|playlist|youtube|vimeo|soundcloud|code|sourcecode|embed)(?:\s[^\]]*)?\]",
    re.IGNORECASE,
)
BLOCK_TAGS = "p|h[1-6]|ul|ol|blockquote|div|figure|table|pre|iframe|hr|section|address|dl"
BLOCK_OPENS = re.compile(rf"(<(?:{BLOCK_TAGS})\b)", re.IGNORECASE)
BLOCK_CLOSES = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
BLOCK_START = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.IGNORECASE)


@dataclass
class Converted:
    blocks: list = field(default_factory=list)
    missing_images: list = field(default_factory=list)
    first_text: str = ""


def convert(html, *, find_image=lambda url: None):
    """The body blocks for `html`; `find_image(url)` returns a Wagtail image for an image's address, or None."""
    converter = _Converter(find_image)
    converter.walk(BeautifulSoup(prepare(html), "html.parser"))
    converter.close_paragraph()
    return converter.result


def prepare(html):
    html = CAPTION.sub(lambda match: f"<figure>{match.group(1)}</figure>", html or "")
    html = EMBED.sub(
        lambda match: f'\n\n<p><a href="{escape(match.group(1).strip())}">{match.group(1)}</a></p>\n\n', html
    )
    html = SHORTCODE.sub("", html)
    return html if "<!-- wp:" in html else autop(html)


def autop(html):
    """WordPress's classic editor stores paragraphs as blank lines and line breaks as newlines (wpautop).

    As wpautop does, block tags start and end chunks of their own, so text beside a heading is not wrapped with it.
    """
    html = BLOCK_CLOSES.sub("\\1\n\n", BLOCK_OPENS.sub("\n\n\\1", html.replace("\r\n", "\n")))
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", html) if chunk.strip()]
    return "\n".join(
        chunk if BLOCK_START.match(chunk) else f"<p>{chunk.replace(chr(10), '<br>')}</p>" for chunk in chunks
    )


def lead_from(excerpt, converted):
    return cut(plain_text(excerpt) or converted.first_text, LEAD_LENGTH)


def without_lead(converted, excerpt):
    """The body, less its first paragraph where that paragraph is the whole lead: the page shows the lead above the
    body, and WordPress posts without an excerpt would otherwise open with the same words twice."""
    blocks = converted.blocks
    if excerpt.strip() or not blocks or blocks[0][0] != "paragraph" or len(converted.first_text) > LEAD_LENGTH:
        return blocks
    return blocks[1:] if plain_text(blocks[0][1].source) == converted.first_text else blocks


def cut(text, length):
    """At most `length` characters, the ellipsis included (a field's max_length counts it), cut at a word."""
    return cut_at_word(text, length - 1)


def plain_text(html):
    """The words of an HTML fragment (a title, an excerpt, a paragraph), on one line."""
    return words(BeautifulSoup(html or "", "html.parser"))


def words(node):
    return " ".join(node.get_text(" ").split())


def rich_text(html):
    for old, new in RENAMED.items():
        html = re.sub(rf"<(/?){old}\b", rf"<\1{new}", html, flags=re.IGNORECASE)
    return nh3.clean(
        html, tags=PARAGRAPH_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}, link_rel=None
    )


class _Converter:
    def __init__(self, find_image):
        self.find_image = find_image
        self.result = Converted()
        self.pending = []  # inline nodes and loose text waiting to become one paragraph

    def add(self, kind, value):
        self.result.blocks.append((kind, value))

    def add_paragraph(self, html, text):
        cleaned = rich_text(html).strip()
        if not text.strip() or not cleaned:
            return
        if not cleaned.startswith(("<p>", "<ul>", "<ol>")):
            cleaned = f"<p>{cleaned}</p>"
        self.add("paragraph", RichText(cleaned))
        self.result.first_text = self.result.first_text or " ".join(text.split())

    def close_paragraph(self):
        if self.pending:
            html = "".join(str(node) for node in self.pending)
            text = " ".join(node if isinstance(node, str) else node.get_text(" ") for node in self.pending)
            self.pending = []
            self.add_paragraph(html, text)

    def walk(self, parent):
        for node in list(parent.children):
            if isinstance(node, Comment):
                continue
            if isinstance(node, NavigableString):
                if str(node).strip():
                    self.pending.append(escape(str(node)))
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name.lower()
            if name in DROPPED:
                continue
            if name in INLINE and not node.find(["img", *MEDIA]):
                self.pending.append(node)
                continue
            self.close_paragraph()
            self.block(node, name)

    def block(self, node, name):
        if name == "p" and node.find("img"):  # a picture set into a paragraph: the picture, then the words
            for image in node.find_all("img"):
                holder = image.parent if image.parent.name == "a" and image.parent is not node else image
                self.figure(holder.extract())
            self.add_paragraph(node.decode_contents(), node.get_text(" "))
        elif name == "p" and not node.find(MEDIA):
            self.add_paragraph(node.decode_contents(), node.get_text(" "))
        elif name in ("ul", "ol"):
            self.add_paragraph(str(node), node.get_text(" "))
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            if words(node):
                level = "h2" if name in ("h1", "h2") else "h3"
                self.add("heading", {"text": cut(words(node), HEADING_LENGTH), "level": level})
        elif name == "blockquote":
            self.quote(node)
        elif name in ("figure", "img") or (name == "a" and node.find("img")):
            self.figure(node)
        elif name in MEDIA or node.find(MEDIA):
            self.media(node if name in MEDIA else node.find(MEDIA))
        elif name in ("pre", "table", "dl"):
            lines = [" | ".join(words(cell) for cell in row.find_all(["td", "th"])) for row in node.find_all("tr")]
            text = "\n".join(lines) if lines else node.get_text()
            html = "<br>".join(escape(line) for line in text.strip().splitlines())
            self.add_paragraph(f"<p>{html}</p>", text)
        else:  # a wrapper (div, section, a block editor group): its children are the blocks
            self.walk(node)
            self.close_paragraph()

    def quote(self, node):
        cite = node.find(["cite", "footer"])
        attribution = words(cite) if cite else ""
        if cite:
            cite.extract()
        text = "\n\n".join(words(p) for p in node.find_all("p")) or words(node)
        if not text:
            return
        if attribution:
            self.add("quote", {"text": text, "attribution": cut(attribution, ATTRIBUTION_LENGTH), "source_url": ""})
        else:  # the article's quote block always names who said it; with no one named, the words stay a paragraph
            self.add_paragraph(f"<p>“{escape(text)}”</p>", text)

    def figure(self, node):
        image = node if node.name == "img" else node.find("img")
        caption_node = node.find("figcaption")
        caption = words(caption_node if caption_node is not None else node)
        url = (image.get("src") or "").strip() if image is not None else ""
        alt = " ".join((image.get("alt") or "").split()) if image is not None else ""
        found = self.find_image(url) if url else None
        if found is not None:
            self.add("image", {"image": found, "caption": cut(caption or alt, CAPTION_LENGTH), "credit": ""})
            return
        if url:
            self.result.missing_images.append(url)
            label = escape(caption or alt or url)
            self.add_paragraph(f'<p><a href="{escape(url)}">{label}</a></p>', label)
        elif caption:
            self.add_paragraph(f"<p>{escape(caption)}</p>", caption)

    def media(self, node):
        source = node.get("src") or node.get("data") or ""
        if not source and node.find("source"):
            source = node.find("source").get("src") or ""
        if source:
            source = source.strip()
            self.add_paragraph(f'<p><a href="{escape(source)}">{escape(source)}</a></p>', source)
