"""Word lists of banned words, matched without the Scunthorpe problem.

A word list is a sequence of entries, one a line in the default files (``data/words_en.txt``,
``data/words_ru.txt``) and in whatever editors keep in the admin. Each entry is one of:

=================  ====================================================================================
``word``           the whole word only: ``ass`` matches "ass" and "a$$" but not "assassin" or "class"
``stem*``          words that start with the stem: ``бля*`` matches "блять", not "рубля" or "оскорблять"
``*stem``          words that end with the stem: ``*shit`` matches "bullshit"
``*stem*``         words that contain the stem anywhere; only for roots that never occur inside innocent
                   words, or together with exceptions: ``*хуй*`` matches "нахуй" and, without the exception
                   below, "страхуй"
``two words``      the words next to each other: ``kill yourself``
``!pattern``       an exception, in any of the forms above: a word that matches it never matches, whatever
                   else would (``!*страху*`` keeps "страхуй", "застрахую" and "перестраховаться" clean)
=================  ====================================================================================

Blank lines and lines starting with ``#`` are ignored. Entries and text go through
:func:`masthead.comments.moderation.text.normalise_for_matching`, so case, accents, look-alike letters,
leetspeak, inserted separators, zero-width characters and repeated letters do not matter. An entry in Latin
letters is matched in the Latin fold of the text and an entry in Cyrillic letters in the Cyrillic fold, whatever
file it is in. Three rules keep innocent words out:

* Entries match whole words, their starts or their ends, never the middle unless written ``*stem*``.
* A doubled letter in an entry must be at least doubled in the text (``ass`` matches "asss" but not "as");
  letters repeated in the text beyond what the entry has are ignored ("stuuupid" matches ``stupid``).
* A word written only in Russian letters never matches an entry in Latin letters: folded to Latin, "сосках"
  would read "cockax".

``*`` in the text stands for one letter (``f**k``, ``п**дец``) when at least two letters of the entry are
written out and no fewer than are starred: ``f**k`` matches ``fuck``, ``f***`` does not (too little is left to
tell it from any other word, and a reader who stars a word out has already done the moderators' work).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from masthead.comments.moderation import text as _text

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_LANGUAGES = ("en", "ru")

_CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Entry:
    """One parsed entry of a word list."""

    original: str
    kind: str  # "word", "prefix", "suffix", "infix" or "phrase"
    exception: bool
    fold: str  # "latin" or "cyrillic"
    text: str  # folded, repeated letters kept; for phrases, the words' skeletons joined by spaces
    skeleton: str  # folded, repeated letters collapsed
    runs: tuple[int, ...]  # how often each letter of the skeleton is written in the entry

    @property
    def needs_runs(self) -> bool:
        return any(count > 1 for count in self.runs)


_KINDS = {(False, False): "word", (False, True): "prefix", (True, False): "suffix", (True, True): "infix"}


def parse_entry(line: str) -> Entry | None:
    """Parse one line of a word list; ``None`` for blank lines, comments and entries too short to be safe."""
    original = line.strip()
    if not original or original.startswith("#"):
        return None
    exception = original.startswith("!")
    body = original[1:].strip() if exception else original
    starts, ends = body.startswith("*"), body.endswith("*")
    core = body.strip("*").strip()
    if not core:
        return None
    prepared = _text.prepare(core)
    fold = _text.majority_script(prepared)
    words = _text.main_words(prepared, fold)
    if len(words) > 1:
        phrase = " ".join(_text.collapse(word) for word in words)
        return Entry(original, "phrase", exception, fold, phrase, phrase, ())
    if not words:
        return None
    folded = words[0].replace("*", "")
    skeleton = _text.collapse(folded)
    if not skeleton or (len(skeleton) < 2 and (starts or ends)):
        return None
    return Entry(original, _KINDS[starts, ends], exception, fold, folded, skeleton, tuple(_text.runs(folded)))


def _offsets(entry: Entry, skeleton: str) -> list[int]:
    """Where the entry's skeleton sits in a word's skeleton, by the entry's kind."""
    pattern = entry.skeleton
    kind = entry.kind
    if kind == "word":
        return [0] if skeleton == pattern else []
    if kind == "prefix":
        return [0] if skeleton.startswith(pattern) else []
    if kind == "suffix":
        return [len(skeleton) - len(pattern)] if skeleton.endswith(pattern) else []
    offsets = []
    position = skeleton.find(pattern)
    while position >= 0:
        offsets.append(position)
        position = skeleton.find(pattern, position + 1)
    return offsets


def _matches(entry: Entry, word: str, skeleton: str) -> bool:
    """Whether a word without wildcards matches a single-word entry."""
    offsets = _offsets(entry, skeleton)
    if not offsets or not entry.needs_runs:
        return bool(offsets)
    counts = _text.runs(word)
    return any(all(counts[at + i] >= count for i, count in enumerate(entry.runs)) for at in offsets)


def _wildcard_matches(entry: Entry, word: str) -> bool:
    """Whether a word with ``*`` wildcards (``f**k``) matches a single-word entry."""
    word = _text.collapse(word)  # repeated letters collapse, but every star stays: each is one letter
    for pattern in {entry.text, entry.skeleton}:
        size = len(pattern)
        if size > len(word):
            continue
        if entry.kind == "word":
            windows = range(1) if size == len(word) else range(0)
        elif entry.kind == "prefix":
            windows = range(1)
        elif entry.kind == "suffix":
            windows = range(len(word) - size, len(word) - size + 1)
        else:
            windows = range(len(word) - size + 1)
        for start in windows:
            window = word[start : start + size]
            stars = window.count("*")
            known = size - stars
            if known >= 2 and known >= stars and all(w in ("*", p) for w, p in zip(window, pattern, strict=True)):
                return True
    return False


class WordList:
    """A compiled word list. :func:`find_banned_words` compiles and caches these; use one directly in loops."""

    def __init__(self, words: Iterable[str]):
        self.entries: list[Entry] = [entry for entry in map(parse_entry, words) if entry is not None]
        self._entries: dict[str, list[Entry]] = {}
        self._exceptions: dict[str, list[Entry]] = {}
        self._phrases: dict[str, dict[str, list[tuple[list[str], Entry]]]] = {}
        # word -> (skeleton, entries it matches), per fold: the same words come back in comment after comment.
        self._cache: dict[str, dict[str, tuple[str, tuple[Entry, ...]]]] = {}
        for fold in _text.FOLDS:
            mine = [entry for entry in self.entries if entry.fold == fold]
            self._entries[fold] = [e for e in mine if not e.exception and e.kind != "phrase"]
            self._exceptions[fold] = [e for e in mine if e.exception and e.kind != "phrase"]
            phrases: dict[str, list[tuple[list[str], Entry]]] = {}
            for entry in mine:
                if entry.kind == "phrase" and not entry.exception:
                    first, *rest = entry.skeleton.split(" ")
                    phrases.setdefault(first, []).append((rest, entry))
                    # Spelt out letter by letter ("k i l l y o u r s e l f"), a phrase arrives as one word.
                    joined = _text.collapse(entry.skeleton.replace(" ", ""))
                    self._entries[fold].append(replace(entry, kind="word", text=joined, skeleton=joined))
            self._phrases[fold] = phrases
            self._cache[fold] = {}
        self.folds = [fold for fold in _text.FOLDS if self._entries[fold] or self._phrases[fold]]

    def _lookup(self, fold: str, word: str) -> tuple[str, tuple[Entry, ...]]:
        cache = self._cache[fold]
        found = cache.get(word)
        if found is not None:
            return found
        if "*" in word:
            skeleton = word
            matched = [entry for entry in self._entries[fold] if _wildcard_matches(entry, word)]
            if matched and any(_wildcard_matches(exception, word) for exception in self._exceptions[fold]):
                matched = []
        else:
            skeleton = _text.collapse(word)
            matched = [entry for entry in self._entries[fold] if _matches(entry, word, skeleton)]
            if matched and any(_matches(exception, word, skeleton) for exception in self._exceptions[fold]):
                matched = []
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        found = cache[word] = (skeleton, tuple(matched))
        return found

    @staticmethod
    def _plausible(fold: str, word: str, source: str) -> bool:
        """Whether a word that matched in ``fold`` was plausibly written in that script.

        A word in Russian letters only is never read as English ("сосках" folded to Latin is "cockax"). A word
        with no Cyrillic letter is read as Russian only when all its letters look Cyrillic and there are at least
        three of them: "cyka" is "сука", but "spahn", "proxying" and "e6" are not Russian.
        """
        if fold == "latin":
            return not _text.is_only_russian(source)
        if _text.has_cyrillic(source):
            return True
        return _text.could_be_disguised_russian(source) and len(_text.collapse(word.replace("*", ""))) >= 3

    def find(self, text: str) -> list[str]:
        """The entries that match ``text``, each once, in the order they first match."""
        if not text or not self.folds:
            return []
        prepared = _text.prepare(text)
        hits: list[tuple[int, int, str]] = []
        tokens: list[str] | None = None
        for fold in self.folds:
            phrases = self._phrases[fold]
            skeletons: list[str] = []  # of whole words (not parts), for phrases
            starts: list[int] = []
            for word, start, end, is_part in _text.fold_words(prepared, fold, plausible_only=True):
                skeleton, matched = self._lookup(fold, word)
                if not is_part:
                    skeletons.append(skeleton)
                    starts.append(start)
                if matched and tokens is None:
                    tokens = prepared.split()
                if matched and self._plausible(fold, word, "".join(tokens[start:end])):
                    hits.extend((start, order, entry.original) for order, entry in enumerate(matched))
            if phrases:
                for index, skeleton in enumerate(skeletons):
                    for rest, entry in phrases.get(skeleton, ()):
                        if skeletons[index + 1 : index + 1 + len(rest)] == rest:
                            hits.append((starts[index], 0, entry.original))
        return list(dict.fromkeys(original for _, _, original in sorted(hits)))


@lru_cache(maxsize=16)
def _compiled(words: tuple[str, ...]) -> WordList:
    return WordList(words)


def find_banned_words(text: str, *, words: Iterable[str]) -> list[str]:
    """The entries of ``words`` that match ``text`` (see the module docstring for the entry syntax)."""
    entries = tuple(words)
    if not entries:
        return []
    return _compiled(entries).find(text)


@lru_cache(maxsize=len(DEFAULT_LANGUAGES))
def _default_words(language: str) -> tuple[str, ...]:
    if language not in DEFAULT_LANGUAGES:
        raise ValueError(f"No default word list for {language!r}; there are {', '.join(DEFAULT_LANGUAGES)}")
    path = DATA_DIR / f"words_{language}.txt"
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def load_default_words(language: str) -> list[str]:
    """The shipped word list for ``language`` (one of :data:`DEFAULT_LANGUAGES`), comments left out."""
    return list(_default_words(language))
