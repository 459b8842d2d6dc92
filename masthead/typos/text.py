"""Text as readers see it, and the way back from it to the source an editor saved.

The widget measures a selection in an element's `textContent` with every run of HTML whitespace (space, tab,
line feed, carriage return, form feed) counted as one space. These helpers compute the same text on the server,
and for source strings (rich text HTML or plain text) keep, for each character of that text, the span of the
source it came from, so a replacement can be made at exactly the place the reader pointed at.
"""

import html
import re
import unicodedata

# The same class the widget uses: HTML's whitespace, not Unicode's (a no-break space stays a character).
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# Tags, comments and doctype-like markup; their text is not shown.
MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
# Control characters and lone surrogates. Format characters (soft hyphens, zero-width joiners) stay: they are
# part of the article's text, and the selection must match that text exactly.
INVISIBLE = {"Cc", "Cs"}
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def squash(text):
    """Every run of whitespace as one space, as the widget counts it."""
    return WHITESPACE.sub(" ", text or "")


def squeeze(text):
    """The text without any whitespace: for asking "is this text here at all", whatever the layout did."""
    return WHITESPACE.sub("", text or "")


def clean_context(text):
    """Context sent with a selection: control characters dropped and whitespace squashed, ends kept."""
    return squash("".join(ch for ch in (text or "") if ch in " \t\n\r\f" or unicodedata.category(ch) not in INVISIBLE))


def clean_line(text):
    """Reader input on one line: control characters dropped, whitespace squashed, ends trimmed."""
    return clean_context(text).strip(" ")


class MappedText:
    """Text as seen (whitespace squashed) and, for each of its characters, the (start, end) span in the source."""

    def __init__(self):
        self.chars, self.spans = [], []

    def add(self, chars, start, end):
        for ch in chars:
            if ch in " \t\n\r\f":
                if self.chars and self.chars[-1] == " ":
                    # One more whitespace character in a run: the run's one space now reaches this far.
                    self.spans[-1] = (self.spans[-1][0], end)
                    continue
                ch = " "
            self.chars.append(ch)
            self.spans.append((start, end))

    @property
    def text(self):
        return "".join(self.chars)

    def find_all(self, needle):
        """Start indexes of every occurrence, overlapping ones included ("aa" is twice in "aaa")."""
        text, found = self.text, []
        index = text.find(needle) if needle else -1
        while index != -1:
            found.append(index)
            index = text.find(needle, index + 1)
        return found

    def source_span(self, start, length):
        """The source span behind text[start:start + length]."""
        return self.spans[start][0], self.spans[start + length - 1][1]


def mapped_plain(source):
    mapped = MappedText()
    for index, ch in enumerate(source or ""):
        mapped.add(ch, index, index + 1)
    return mapped


def mapped_html(source):
    """The text of an HTML fragment as `textContent` gives it (markup dropped, references decoded)."""
    mapped = MappedText()
    source = source or ""
    position = 0
    for tag in MARKUP.finditer(source):
        _add_html_text(mapped, source, position, tag.start())
        position = tag.end()
    _add_html_text(mapped, source, position, len(source))
    return mapped


def _add_html_text(mapped, source, start, end):
    position = start
    for reference in CHARACTER_REFERENCE.finditer(source, start, end):
        for index in range(position, reference.start()):
            mapped.add(source[index], index, index + 1)
        token = reference.group(0)
        decoded = html.unescape(token)
        if decoded == token:  # not a reference after all ("&c" in "R&c"): plain characters
            for index in range(reference.start(), reference.end()):
                mapped.add(source[index], index, index + 1)
        else:
            mapped.add(decoded, reference.start(), reference.end())
        position = reference.end()
    for index in range(position, end):
        mapped.add(source[index], index, index + 1)


def html_text(source):
    return mapped_html(source).text
