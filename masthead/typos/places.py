"""Where a report sits in an article, and making a replacement at exactly that place.

A reader's offset counts characters in the text they saw: the headline, the lead, or one body block as the
article page renders it (block templates add words such as "Photo:" to a caption, and rich text loses its
markup). To apply a suggestion the block is rendered again the same way, the selection must still be at that
offset and occur only once in the block; then the same text is found in the block's source (rich text HTML or a
plain field) and replaced there, and nowhere else.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from .text import html_text, mapped_html, mapped_plain, squash, squeeze

# The body blocks' own plain-text fields, in the order their template shows them. Rich text paragraphs are
# handled whole; a related story's headline and lead belong to the other article, an embed's post to its site.
EDITABLE_FIELDS = {
    "heading": ["text"],
    "quote": ["text", "attribution"],
    "image": ["caption", "credit"],
    "embed": ["caption"],
    "related_story": ["label"],
    "fact_check": ["claim", "claimant", "summary"],
}
# Blocks that also show text from elsewhere, so a reader's selection may be in none of their own fields.
BORROWED_TEXT = {"embed", "related_story", "poll"}


class PlaceRefused(Exception):
    """The suggestion cannot be applied automatically; the message tells the editor why and what to do."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message, self.code = str(message), code


def find_block(body, block_id):
    """(index, block) of the body block with this id, or (None, None)."""
    for index, block in enumerate(body or []):
        if block_id and block.id == block_id:
            return index, block
    return None, None


def block_own_text(block):
    """The block's own text (no rendering, no queries), or None when it also shows text from elsewhere."""
    if block.block_type == "paragraph":
        return html_text(block.value.source)
    if block.block_type in BORROWED_TEXT:
        return None
    if block.block_type == "gallery":
        captions = [str(item.get(name) or "") for item in block.value["images"] for name in ("caption", "credit")]
        return " ".join([*captions, str(block.value.get("caption") or "")])
    return " ".join(str(block.value.get(name) or "") for name in EDITABLE_FIELDS.get(block.block_type, []))


def live_update_text(update):
    """A live update's own text as its reader sees it: headline, text and caption."""
    value = update.value
    return " ".join([value.get("headline") or "", html_text(value["text"].source), value.get("caption") or ""])


def selection_in_article(*, article, scope, block_id, selection):
    """Whether the selected text is (still) in the live article where the reader says it is.

    Whitespace is ignored: layout may add or merge it. A selection over several blocks, or in a block that shows
    text from elsewhere, cannot be checked without rendering the page, and is taken on trust.
    """
    wanted = squeeze(selection)
    if scope == "headline":
        return wanted in squeeze(article.title)
    if scope == "lead":
        return wanted in squeeze(article.lead)
    if not block_id:
        return True
    if scope == "updates":
        _index, update = find_block(article.live_updates, block_id)
        return update is not None and wanted in squeeze(live_update_text(update))
    _index, block = find_block(article.body, block_id)
    if block is None:
        return False
    own = block_own_text(block)
    return own is None or wanted in squeeze(own)


def rendered_block_text(article, block):
    """The block's text as the article page shows it (the widget measures offsets in this)."""
    with translation.override(article.locale.language_code):
        try:
            rendered = block.render_as_block(context={"page": article, "self": article})
        except Exception as error:  # noqa: BLE001 - an embed whose provider is unreachable, a missing image
            raise PlaceRefused(
                _("This block cannot be read back (%(error)s); please fix the text in the editor.")
                % {"error": type(error).__name__},
                code="unrenderable",
            ) from error
    return squash(html_text(str(rendered)))


@dataclass
class Place:
    """A span of one source string: the title, the lead, a paragraph's HTML or one field of a body block."""

    field: str  # "title", "lead" or "body"
    start: int
    end: int
    is_html: bool = False
    block_index: int | None = None
    block_field: str | None = None

    def source(self, article):
        if self.field != "body":
            return getattr(article, self.field)
        block = article.body[self.block_index]
        return block.value.source if self.is_html else block.value[self.block_field] or ""

    def replace(self, article, replacement):
        """Put the replacement into the article object (not saved): escaped into HTML, as is into plain text."""
        source = self.source(article)
        new = source[: self.start] + (escape(replacement) if self.is_html else replacement) + source[self.end :]
        if self.field != "body":
            setattr(article, self.field, new)
        elif self.is_html:
            article.body[self.block_index].value.source = new
        else:
            article.body[self.block_index].value[self.block_field] = new
        return new


def check_at_offset(seen, *, selection, offset):
    """The text the reader saw must still hold the selection at their offset, and only there."""
    if seen[offset : offset + len(selection)] != selection:
        raise PlaceRefused(
            _("The text at that place has changed since the report; please look at it in the editor."), code="moved"
        )
    if len(mapped_plain(seen).find_all(selection)) > 1:
        raise PlaceRefused(
            _("The selected text occurs more than once there, so the place is ambiguous; please fix it in the editor."),
            code="not_unique",
        )


def only_occurrence(mapped, selection):
    found = mapped.find_all(selection)
    if len(found) > 1:
        raise PlaceRefused(
            _("The selected text occurs more than once there, so the place is ambiguous; please fix it in the editor."),
            code="not_unique",
        )
    return found[0] if found else None


def locate(article, *, scope, block_id, selection, offset):
    """The place of a reported selection in `article` (a page object, e.g. the latest revision), or PlaceRefused."""
    if scope in {"headline", "lead"}:
        name = "title" if scope == "headline" else "lead"
        mapped = mapped_plain(getattr(article, name))
        check_at_offset(mapped.text, selection=selection, offset=offset)
        start, end = mapped.source_span(offset, len(selection))
        return Place(field=name, start=start, end=end)
    if scope == "updates":
        # An update's text sits beside its time and link on the page; its editor sees it whole and fixes it there.
        raise PlaceRefused(_("The text is in a live update; please fix it there in the editor."), code="live_update")
    if not block_id:
        raise PlaceRefused(
            _("The selection spans several blocks of the body; please fix it in the editor."), code="several_blocks"
        )
    index, block = find_block(article.body, block_id)
    if block is None:
        raise PlaceRefused(
            _("That block is no longer in the article; please look at the text in the editor."), code="moved"
        )
    check_at_offset(rendered_block_text(article, block), selection=selection, offset=offset)
    if block.block_type == "gallery":
        raise PlaceRefused(_("The text is in a gallery's captions; please fix it there in the editor."), code="gallery")
    if block.block_type == "poll":
        raise PlaceRefused(_("The text is in a poll; please fix it under Polls."), code="poll")
    if block.block_type == "paragraph":
        mapped = mapped_html(block.value.source)
        at = only_occurrence(mapped, selection)
        if at is None:
            raise PlaceRefused(
                _("The text at that place has changed since the report; please look at it in the editor."),
                code="moved",
            )
        start, end = mapped.source_span(at, len(selection))
        if "<" in block.value.source[start:end]:
            raise PlaceRefused(
                _("The selection crosses formatting (a link or bold text); please fix it in the editor."),
                code="formatting",
            )
        return Place(field="body", start=start, end=end, is_html=True, block_index=index)
    places = []
    for name in EDITABLE_FIELDS.get(block.block_type, []):
        mapped = mapped_plain(block.value.get(name) or "")
        places += [(name, mapped, at) for at in mapped.find_all(selection)]
    if len(places) > 1:
        raise PlaceRefused(
            _("The selected text occurs more than once there, so the place is ambiguous; please fix it in the editor."),
            code="not_unique",
        )
    if not places:
        raise PlaceRefused(
            _("This text comes from another article or an embedded post; please correct it at its source."),
            code="borrowed",
        )
    name, mapped, at = places[0]
    start, end = mapped.source_span(at, len(selection))
    return Place(field="body", start=start, end=end, block_index=index, block_field=name)
