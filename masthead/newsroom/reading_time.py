"""How long an article takes to read: the words of its lead and body at a typical adult reading speed."""

from django.utils.html import strip_tags

# Words a minute of silent reading of non-fiction: about 238 in English (Brysbaert, 2019, "How many words do we
# read per minute?"); Russian words are longer, and the same texts are read at roughly three quarters of that.
WORDS_PER_MINUTE = {"en": 238, "ru": 180}
DEFAULT_WORDS_PER_MINUTE = 200


def words_in(text):
    return len(strip_tags(text or "").split())


def word_count(article):
    """Words a reader reads: the lead, paragraphs, headings, quotes, captions and fact checks, and a live story's
    updates (from the stored blocks, no query)."""
    words = words_in(article.lead)
    for block in [*article.body.raw_data, *article.live_updates.raw_data]:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            words += words_in(value)
        elif isinstance(value, dict):
            words += sum(words_in(value.get(field)) for field in ("headline", "text", "caption", "claim", "summary"))
    return words


def reading_minutes(words, *, language):
    """Whole minutes, at least one."""
    return max(1, round(words / WORDS_PER_MINUTE.get(language, DEFAULT_WORDS_PER_MINUTE)))
