"""Words, stems and snippets: the one place text is cut into the terms both the index and the queries use.

Stemming runs here in Python (Snowball, through PyStemmer) rather than in the database, so SQLite and
PostgreSQL index exactly the same terms and each article is stemmed in its own language. The database only
sees lower-case stems separated by spaces.
"""

import html
import re
from functools import cache

import Stemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Letters and digits; the underscore and punctuation separate words, as in the databases' own tokenizers.
WORD = re.compile(r"[^\W_]+")

SNOWBALL_LANGUAGES = {"en": "english", "ru": "russian"}


@cache
def _stemmer(language):
    algorithm = SNOWBALL_LANGUAGES.get((language or "").split("-")[0])
    return Stemmer.Stemmer(algorithm) if algorithm else None


def normalize(word):
    # "ё" is written as "е" in most Russian text; treating them alike makes "ещё" find "еще".
    return word.lower().replace("ё", "е")


def stems(text, *, language):
    """The stems of every word in `text`, in order, in the given language (lower case only if unknown)."""
    words = [normalize(word) for word in WORD.findall(text or "")]
    stemmer = _stemmer(language)
    return stemmer.stemWords(words) if stemmer else words


def stemmed_text(text, *, language):
    return " ".join(stems(text, language=language))


# Rich text as Wagtail stores it: block-level tags end a line, inline tags (bold, links) vanish.
BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|br|blockquote|div)\b[^>]*>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]*>")


def rich_text_to_plain(source):
    return html.unescape(ANY_TAG.sub("", BLOCK_TAG.sub("\n", source or "")))


def body_text(raw_blocks):
    """The readable text of an article's body (its stored blocks): paragraphs, headings, quotes and captions.

    It reads the stored JSON rather than the StreamField's values so that indexing never loads images or
    linked pages (one query each); related-story teasers are left out, their text belongs to another article.
    """
    parts = []
    for block in raw_blocks or []:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            parts.append(rich_text_to_plain(value))
        elif kind == "heading":
            parts.append(value.get("text") or "")
        elif kind == "quote":
            parts.extend([value.get("text") or "", value.get("attribution") or ""])
        elif kind in ("image", "embed"):
            parts.extend([value.get("caption") or "", value.get("credit") or ""])
        elif kind == "gallery":
            for item in value.get("images") or []:  # each stored as {"type": "item", "value": {...}, "id": ...}
                picture = item.get("value") or {}
                parts.extend([picture.get("caption") or "", picture.get("credit") or ""])
            parts.append(value.get("caption") or "")
    return "\n".join(part.strip() for part in parts if part and part.strip())


def live_updates_text(raw_blocks):
    """The readable text of a live story's updates (their stored blocks): headlines, texts and captions."""
    parts = []
    for block in raw_blocks or []:
        value = block.get("value") or {}
        parts.extend([value.get("headline") or "", rich_text_to_plain(value.get("text")), value.get("caption") or ""])
    return "\n".join(part.strip() for part in parts if part and part.strip())


def highlight(text, *, terms, language):
    """`text` escaped, with every word whose stem is one of `terms` wrapped in <mark>."""
    stemmer = _stemmer(language)
    out, position = [], 0
    for match in WORD.finditer(text):
        word = normalize(match.group())
        stem = stemmer.stemWord(word) if stemmer else word
        if stem in terms:
            out.append(escape(text[position : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 -- every piece of text above went through escape()


def snippet(text, *, terms, language, words=32):
    """The stretch of about `words` words of `text` holding the most matches, highlighted, with ellipses."""
    stemmer = _stemmer(language)
    spans = list(WORD.finditer(text or ""))
    if not spans:
        return ""
    normalized = [normalize(span.group()) for span in spans]
    found = stemmer.stemWords(normalized) if stemmer else normalized
    hits = [index for index, stem in enumerate(found) if stem in terms]
    start = 0
    if hits:
        # The window starting a few words before some hit that covers the most hits wins; the first one on ties.
        best = max(hits, key=lambda first: (sum(1 for hit in hits if first <= hit < first + words), -first))
        start = max(0, best - 4)
    end = min(len(spans), start + words)
    cut_from = spans[start].start() if start else 0
    cut_to = spans[end - 1].end() if end < len(spans) else len(text)
    fragment = text[cut_from:cut_to]
    prefix = "… " if start else ""
    suffix = " …" if end < len(spans) else ""
    return mark_safe(escape(prefix) + highlight(fragment, terms=terms, language=language) + escape(suffix))  # noqa: S308
