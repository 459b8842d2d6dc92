"""Small text helpers the newsroom's templates share."""

from django.utils.text import normalize_newlines

ELLIPSIS = "…"


def cut_at_word(text, limit):
    """Cut text to at most `limit` characters at a word boundary, ending with an ellipsis when cut.

    "now apparently want to raise their taxes" cut at 35 gives "now apparently want to raise their…".
    """
    text = " ".join(normalize_newlines(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:—–-") + ELLIPSIS
