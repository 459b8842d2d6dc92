"""Text normalisation that sees through the letter tricks used to dodge word lists.

Commenters who want a banned word past a filter write it so that a person still reads it but a plain string
comparison does not: ``ИДИОТ`` in full-width or bold letters, ``idiоt`` with a Cyrillic ``о``, ``1d10t``,
``i.d.i.o.t``, ``i d i o t``, ``id*ot``, ``f**k``, ``stuuupid``, or a zero-width space in the middle of a word.
:func:`normalise_for_matching` undoes those tricks, and :func:`fold_words` gives
:mod:`masthead.comments.moderation.wordlists` the same words with what it needs to match them precisely.

What is done, in this order:

1. Unicode NFKC (full-width, bold, circled and other compatibility letters become plain ones), case-folding,
   removal of zero-width, bidirectional, control and combining characters, Latin accents stripped
   (``fück`` is ``fuck``), ``ё`` folded to ``е`` and ``ъ`` to ``ь``; punctuation becomes a space, except the
   characters that can sit inside a disguised word: ``- . _ ! | * @ $ €``.
2. A *fold* brings every word into one script. Latin and Cyrillic share many letter shapes, so the same text is
   folded both ways and each language is matched in its own fold:

   * the **Latin** fold (English) turns Cyrillic and Greek look-alikes into Latin letters (``а→a``, ``е→e``,
     ``о→o``, ``р→p``, ``с→c``, ``х→x``, ``у→y``, ``к→k``, ``м→m``, ``т→t``, ``н→h``, ``в→b``, ``п→n``,
     ``и→u``, ``г→r``, ``і→i`` ...) and reads digits and symbols next to letters as leetspeak (``0→o``,
     ``1→i`` or ``l``, ``3→e``, ``4→a``, ``5→s``, ``6→b``, ``7→t``, ``8→b``, ``9→g``, ``@→a``, ``$→s``,
     ``€→e``). ``1`` and ``|`` stand for ``i`` or ``l`` (``1d1ot``, ``s1ut``): word lists try both, and
     :func:`normalise_for_matching` shows ``i``.
   * the **Cyrillic** fold (Russian) turns Latin and Greek look-alikes into Cyrillic letters (``a→а``, ``e→е``,
     ``o→о``, ``p→р``, ``c→с``, ``x→х``, ``y→у``, ``k→к``, ``m→м``, ``t→т``, ``h→н``, ``b→в``, ``n→п``,
     ``u→и``, ``r→г``, ``i→и``, ``s→с``) and reads digits and symbols the Russian way (``0→о``, ``1→и``,
     ``3→з``, ``4→ч``, ``6→б``, ``8→в``, ``9→я``, ``@→а``, ``$→с``, ``€→е``).
   * ``auto`` (the default of :func:`normalise_for_matching`) folds each word into the script of its own
     unambiguous letters (``xyйня`` has ``й``, so it is Russian; ``idiоt`` has ``i`` and ``d``, so it is
     English); a word made only of shared shapes (``cyka``, ``ok``) follows the script most of the text is in.

   Digits count as letters only inside a word with letters: ``2024`` and ``100`` stay numbers.
3. Letters spelt out one by one are joined: three or more one-letter words in a row (``i d i o t``,
   ``х у й``, ``f . u . c . k``) become one word, and so do three or more single letters between asterisks
   (``f*u*c*k``).
4. Inside a word, ``-``, ``.`` and ``_`` are dropped (``id.iot``, ``fu-ck``; word lists also try the pieces
   on their own, so ``well-known`` is also ``well`` and ``known``), ``!`` stands for ``i`` (``sh!t``), and
   ``*`` stays as a wildcard for exactly one letter (``id*ot``, ``f**k``); a word wrapped in asterisks
   (``*really*``) is emphasis, and loses them.
5. Repeated letters are collapsed (``stuuupid`` → ``stupid``): the *skeleton* of a word.
   :mod:`~masthead.comments.moderation.wordlists` also compares how often each letter was repeated, so that
   ``ass`` matches ``asss`` but not ``as``.

The whole text is cleaned and folded with ``str.translate`` and split with ``str.split``; only words that are not
plain letters get more work, and skeletons are cached, so a 1,000-character comment takes 0.2 to 0.3 ms on a
2-core machine (``bench/classifier.py`` measures it).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Literal

Fold = Literal["auto", "latin", "cyrillic"]
FOLDS: tuple[str, str] = ("latin", "cyrillic")

# The Russian alphabet after cleaning (ё is folded to е and ъ to ь before anything looks at it).
RUSSIAN_LETTERS = frozenset("абвгдежзийклмнопрстуфхцчшщыьэюя")

# Characters that may sit inside a disguised word, so they are not turned into spaces.
CONNECTORS = "-._!|"
_KEPT = frozenset(CONNECTORS + "*@$€")
_BREAK = "\ue000"  # a private-use character standing for punctuation between words

# --- Step 1: cleaning --------------------------------------------------------------------------------------------


def _build_clean_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in range(0x10000):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category in ("Cf", "Mn", "Me", "Cc", "Cs", "Co", "Cn"):
            table[cp] = None  # zero-width, bidirectional, combining, control, unassigned
        elif category[0] in "PSZ" and ch not in _KEPT:
            table[cp] = " "
    for ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85":
        table[ord(ch)] = " "
    # Hangul fillers and the Mongolian vowel separator render as nothing.
    for cp in (0x115F, 0x1160, 0x3164, 0xFFA0, 0x180E):
        table[cp] = None
    # Latin letters with diacritics become their base letter (NFKC has already composed them).
    for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        for cp in block:
            ch = chr(cp)
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            if base != ch and base.isascii() and base.isalpha():
                table[cp] = base.casefold()
    table.update(
        {
            ord("ø"): "o",
            ord("đ"): "d",
            ord("ł"): "l",
            ord("ı"): "i",
            ord("ɑ"): "a",
            ord("ƅ"): "b",
            ord("ё"): "е",
            ord("ъ"): "ь",
            ord("є"): "е",
            ord("ґ"): "г",
            ord("ў"): "у",
            ord("ї"): "і",
        }
    )
    for ch in "‐‑‒–—―−﹣－":
        table[ord(ch)] = "-"
    for ch in "·•∙⋅․‧・":
        table[ord(ch)] = "."
    # Punctuation that ends a run of letters spelt out one by one ("х у й л о, и ...").
    for ch in ',;:?()[]{}"«»„“”…¿¡':
        table[ord(ch)] = f" {_BREAK} "
    return table


_CLEAN = _build_clean_table()
# str.translate looks every character up in the table, which is slow beyond ASCII; for such text a regular
# expression finds the few characters that change, and only those are translated. Characters beyond the Basic
# Multilingual Plane that NFKC left alone (emoji, rare scripts) separate words.
_TO_CLEAN = re.compile(
    "(?:["
    + "".join(re.escape(chr(cp)) for cp, to in sorted(_CLEAN.items()) if to != chr(cp) and cp > 0x7F)
    + "\U00010000-\U0010ffff"
    + "".join(re.escape(chr(cp)) for cp, to in sorted(_CLEAN.items()) if to != chr(cp) and cp <= 0x7F)
    + "])+"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _clean_run(match: re.Match[str]) -> str:
    return _ASTRAL.sub(" ", match.group().translate(_CLEAN))


# --- Step 2: folds -----------------------------------------------------------------------------------------------

_TO_LATIN = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "п": "n",
    "и": "u",
    "г": "r",
    "ь": "b",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ѵ": "v",
    "ӏ": "l",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
}
_TO_CYRILLIC = {
    # Latin
    "a": "а",
    "b": "в",
    "c": "с",
    "e": "е",
    "h": "н",
    "i": "и",
    "k": "к",
    "m": "м",
    "n": "п",
    "o": "о",
    "p": "р",
    "r": "г",
    "s": "с",
    "t": "т",
    "u": "и",
    "x": "х",
    "y": "у",
    # Other Cyrillic alphabets
    "і": "и",
    "ѕ": "с",
    "һ": "н",
    # Greek
    "α": "а",
    "ε": "е",
    "ι": "и",
    "κ": "к",
    "ο": "о",
    "ρ": "р",
    "τ": "т",
    "υ": "у",
    "χ": "х",
}
_FOLD_TABLES = {"latin": str.maketrans(_TO_LATIN), "cyrillic": str.maketrans(_TO_CYRILLIC)}
_ONE = "\u0131"  # in the Latin fold, the placeholder for "1" and "|": "i" or "l"
_LEET_TABLES = {
    "latin": str.maketrans({**dict(zip("013456789", "o" + _ONE + "easbtbg", strict=True)), "@": "a", "$": "s"}),
    "cyrillic": str.maketrans({**dict(zip("0134689", "оизчбвя", strict=True)), "@": "а", "$": "с"}),
}
for _table, _e in ((_LEET_TABLES["latin"], "e"), (_LEET_TABLES["cyrillic"], "е")):
    _table[ord("€")] = _e
# Digits and symbols next to a letter are leetspeak; numbers on their own ("2024", "100") are left alone.
_LEET = re.compile(r"(?<=[^\W\d_])[\d@$€]+|[\d@$€]+(?=[^\W\d_])")
_HAS_LEET = re.compile(r"[\d@$€]")

# --- Steps 3 and 4: words ----------------------------------------------------------------------------------------

_JOIN_TABLES = {
    "latin": str.maketrans({"-": None, ".": None, "_": None, "!": "i", "|": _ONE}),
    "cyrillic": str.maketrans({"-": None, ".": None, "_": None, "!": "и", "|": "и"}),
}
_ONE_AS_I = str.maketrans({_ONE: "i"})
_ONE_AS_L = str.maketrans({_ONE: "l"})
_PARTS = re.compile(r"[-._!|]+")

# A word as fold_words() gives it: (word, first token, token after the last, whether it is only a part or a
# variant of a word, which word lists try but normalise_for_matching() does not show).
Word = tuple[str, int, int, bool]

# --- Step 5: repeated letters ------------------------------------------------------------------------------------

_REPEATS = re.compile(r"([^\W\d_])\1+")
_RUNS = re.compile(r"([^\W\d_])\1*|.", re.DOTALL)
_SKELETONS: dict[str, str] = {}
_SKELETON_CACHE_LIMIT = 50_000

# --- Scripts -----------------------------------------------------------------------------------------------------

_CYRILLIC_ONLY = frozenset("бгджзийлпфцчшщыьэюя")
_LATIN_ONLY = frozenset("dfgijlnqrsuvwz")
_DELETE_RUSSIAN = str.maketrans(dict.fromkeys(RUSSIAN_LETTERS))
_RUSSIAN_WORD = re.compile(r"[-._!|*а-я]+")
_CYRILLIC_LETTER = re.compile(r"[а-яіѕјһ]")
# Latin letters that look just like Cyrillic ones in print: a word made only of these may be Russian in disguise.
_CYRILLIC_IN_DISGUISE = frozenset("abcehkmoptxy")
# Deletes every ASCII character but the Latin letters that do not look Cyrillic.
_NOT_IN_DISGUISE = str.maketrans(dict.fromkeys(ch for ch in map(chr, range(128)) if ch not in "dfgijlnqrsuvwz"))


def prepare(text: str) -> str:
    """Step 1, which does not depend on the fold: the text cleaned, with words separated by whitespace."""
    if text.isascii():
        return text.casefold().translate(_CLEAN)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _TO_CLEAN.sub(_clean_run, text.casefold())


def collapse(word: str) -> str:
    """Repeated letters collapsed: the word's skeleton (cached, since the same words come back all the time)."""
    skeleton = _SKELETONS.get(word)
    if skeleton is None:
        if len(_SKELETONS) >= _SKELETON_CACHE_LIMIT:
            _SKELETONS.clear()
        skeleton = _SKELETONS[word] = _REPEATS.sub(r"\1", word)
    return skeleton


def runs(word: str) -> list[int]:
    """How many times in a row each character of the word's skeleton is written (every ``*`` on its own)."""
    return [len(m.group()) for m in _RUNS.finditer(word)]


def _leet(word: str, fold: str) -> str:
    table = _LEET_TABLES[fold]
    return _LEET.sub(lambda m: m.group().translate(table), word)


def _expand(token: str, fold: str) -> list[tuple[str, bool]]:
    """The forms of a token that is not plain letters: ``[(word, is_part)]``, the joined-up word first."""
    token = token.strip(CONNECTORS)
    if "*" in token:
        if token.startswith("*") and token.endswith("*"):
            token = token.strip("*").strip(CONNECTORS)
        pieces = token.split("*")
        if len(pieces) >= 3 and all(len(piece) == 1 for piece in pieces):
            token = "".join(pieces)  # f*u*c*k: asterisks between single letters are separators
    if not token or not any(ch.isalnum() for ch in token):
        return []
    if _HAS_LEET.search(token):
        token = _leet(token, fold)
    if token.isalnum() and _ONE not in token:
        return [(token, False)]
    joined = token.translate(_JOIN_TABLES[fold])
    forms = [(joined, False)]
    if any(ch in CONNECTORS for ch in token):
        forms.extend((part, True) for part in _PARTS.split(token) if part and part != joined)
    if fold == "latin" and any(_ONE in form for form, _ in forms):
        variants: list[tuple[str, bool]] = []
        for form, is_part in forms:
            variants.append((form.translate(_ONE_AS_I), is_part))
            if _ONE in form:
                variants.append((form.translate(_ONE_AS_L), True))
        return variants
    return forms


def _is_single(token: str) -> bool:
    return len(token) == 1 and (token.isalnum() or token in "@$€")


# What a token is, once folded: left out (it cannot have been meant in the fold), a single character (which may be
# part of a word spelt out letter by letter), or the forms of a word (none for a token of punctuation only).
_SKIP = (0, "", "latin", False)
_Analysis = tuple[int, object, str, bool]  # (kind, single character or forms, fold, disguised)
_MIXED = re.compile(r"[a-z][^\x00-\x7f]|[^\x00-\x7f][a-z]")
_INNER_TRICK = re.compile(r"[^\W\d_][\d@$€!|*]+[^\W\d_]|^[@$€]+[^\W\d_]")
_ANALYSES: dict[tuple[str, bool, str], dict[str, _Analysis]] = {}
_ANALYSIS_CACHE_LIMIT = 50_000


def _analyse(token: str, fold: str, plausible_only: bool, default: str) -> _Analysis:
    """Fold one whitespace-separated token of a prepared text; ``fold`` may be ``"auto"``."""
    if token == _BREAK:
        return _SKIP
    if fold == "auto":
        if token.isascii():
            fold = "cyrillic" if default == "cyrillic" and could_be_disguised_russian(token) else "latin"
        else:
            fold = "cyrillic" if _RUSSIAN_WORD.fullmatch(token) else _script_of(token, default)
    elif plausible_only:
        if fold == "latin" and not token.isascii() and _RUSSIAN_WORD.fullmatch(token):
            return _SKIP
        if fold == "cyrillic" and token.isascii() and not could_be_disguised_russian(token):
            return _SKIP
    if fold == "latin" and token.isascii():
        folded = token
    elif fold == "cyrillic" and not token.isascii() and _RUSSIAN_WORD.fullmatch(token):
        folded = token
    else:
        folded = token.translate(_FOLD_TABLES[fold])
    if folded.isalpha() and len(folded) > 1:
        disguised = not token.isascii() and not _RUSSIAN_WORD.fullmatch(token) and bool(_MIXED.search(token))
        return (2, ((folded, False),), fold, disguised)
    core = folded.strip(CONNECTORS)
    if _is_single(core):
        return (1, core, fold, False)
    disguised = bool(_INNER_TRICK.search(token.strip(CONNECTORS + "*")) or _MIXED.search(token))
    return (2, tuple(_expand(folded, fold)), fold, disguised)


def _words(prepared: str, fold: str, plausible_only: bool) -> tuple[list[Word], bool]:
    """The words of a prepared text, and whether any was disguised (see :func:`words_and_disguise`)."""
    default = majority_script(prepared) if fold == "auto" else fold
    cache = _ANALYSES.setdefault((fold, plausible_only, default), {})
    if len(cache) >= _ANALYSIS_CACHE_LIMIT:
        cache.clear()
    words: list[Word] = []
    single: list[tuple[int, str]] = []  # one-letter words in a row, which may spell something out
    single_end = 0
    single_fold = fold
    disguised = False
    for index, token in enumerate(prepared.split()):
        analysis = cache.get(token)
        if analysis is None:
            analysis = cache[token] = _analyse(token, fold, plausible_only, default)
        kind, data, token_fold, token_disguised = analysis
        disguised = disguised or token_disguised
        if single and (kind == 0 or index != single_end):
            # A word left out (it cannot be meant in this fold) ends a run of single letters.
            _flush(single, single_end, _run_fold(prepared, fold, default, single, single_fold), words)
        if kind == 2:
            if data:
                if single:
                    _flush(single, single_end, _run_fold(prepared, fold, default, single, single_fold), words)
                for form, is_part in data:
                    words.append((form, index, index + 1, is_part))
            elif single:
                single_end = index + 1  # punctuation between single letters ("f - u - c - k") keeps the run
        elif kind == 1:
            if not single:
                single_fold = token_fold
            single.append((index, data))
            single_end = index + 1
    if single:
        _flush(single, single_end, _run_fold(prepared, fold, default, single, single_fold), words)
    return words, disguised or any(end - start > 2 for _, start, end, _ in words)


def _run_fold(prepared: str, fold: str, default: str, single: list[tuple[int, str]], single_fold: str) -> str:
    """The fold for letters spelt out one by one; in the auto fold, decided for all of them (``x y й``)."""
    if fold != "auto" or len(single) < 3:
        return single_fold
    tokens = prepared.split()
    return _analyse("".join(tokens[index] for index, _ in single), "auto", False, default)[2]


def fold_words(prepared: str, fold: str, *, plausible_only: bool = False) -> list[Word]:
    """The words of a :func:`prepare`-d text in one of :data:`FOLDS`, as ``(word, start, end, is_part)``.

    ``word`` is folded but not collapsed (``stuupid``) and may contain ``*`` wildcards; ``start`` and ``end``
    index the whitespace-separated tokens of ``prepared`` it came from (more than one for ``i d i o t``), so that
    the caller can tell which script it was written in. Pieces of words with connectors (``fu`` and ``ck``
    of ``fu-ck``) and the ``l`` variants of words with ``1`` come after their word, with ``is_part`` set.
    ``plausible_only`` leaves out words that cannot have been meant in ``fold``: words in Russian letters only
    from the Latin fold, and words with Latin letters that do not look Cyrillic from the Cyrillic fold.
    """
    return _words(prepared, fold, plausible_only)[0]


def _flush(single: list[tuple[int, str]], end: int, fold: str, words: list[Word]) -> None:
    if len(single) >= 3:
        start = single[0][0]
        joined = "".join(letter for _, letter in single).translate(_FOLD_TABLES[fold])
        for form, is_part in _expand(joined, fold):
            words.append((form, start, end, is_part))
    else:
        for index, letter in single:
            if letter.isalnum():
                words.append((letter, index, index + 1, False))
    single.clear()


def is_only_russian(word: str) -> bool:
    """Whether a prepared word has letters from the Russian alphabet only (no Latin, digit or other look-alike)."""
    return not any(ch.isalnum() for ch in word.translate(_DELETE_RUSSIAN))


def has_cyrillic(word: str) -> bool:
    return _CYRILLIC_LETTER.search(word) is not None


def could_be_disguised_russian(word: str) -> bool:
    """Whether a word is written only in Latin letters that look Cyrillic (``cyka``), digits and symbols."""
    if word.isascii():
        return not word.translate(_NOT_IN_DISGUISE)
    return all(ch in _CYRILLIC_IN_DISGUISE for ch in word if ch.isalpha())


def majority_script(prepared: str) -> str:
    """The script most letters of a prepared text are in (Cyrillic letters take two bytes in UTF-8)."""
    if prepared.isascii():
        return "latin"
    wide = len(prepared.encode()) - len(prepared)
    narrow = len(prepared) - wide - prepared.count(" ")
    return "cyrillic" if wide > narrow else "latin"


def _script_of(word: str, default: str) -> str:
    if word.isascii():
        if default == "cyrillic" and could_be_disguised_russian(word):
            return "cyrillic"
        return "latin"
    if is_only_russian(word):
        return "cyrillic"
    cyrillic = any(ch in _CYRILLIC_ONLY for ch in word)
    latin = any(ch in _LATIN_ONLY for ch in word)
    if cyrillic != latin:
        return "cyrillic" if cyrillic else "latin"
    return default


def main_words(prepared: str, fold: str) -> list[str]:
    """The words of a prepared text in one fold, without the parts and variants that only word lists try."""
    return [word for word, _, _, is_part in fold_words(prepared, fold) if not is_part]


def auto_words(prepared: str) -> list[str]:
    """The words of a prepared text, each in the fold of the script it was written in."""
    return words_and_disguise(prepared)[0]


def words_and_disguise(prepared: str) -> tuple[list[str], bool]:
    """:func:`auto_words`, and whether any word was disguised: written in two scripts (``idiоt``), with digits,
    symbols or asterisks between letters (``1d10t``, ``sh!t``, ``f**k``) or spelt out letter by letter."""
    words, disguised = _words(prepared, "auto", False)
    return [word for word, _, _, is_part in words if not is_part], disguised


def normalise_for_matching(text: str, *, fold: Fold = "auto") -> str:
    """The words of ``text`` with every trick undone, collapsed, and separated by single spaces.

    ``fold`` is ``"latin"`` or ``"cyrillic"`` to bring every word into that script (see the module docstring),
    or ``"auto"`` to fold each word into its own script. Punctuation is dropped; ``*`` stays inside words where it
    stands for a letter. Repeated letters are collapsed (``"Hello"`` → ``"helo"``), so compare the result with
    the normalised form of the other string, never with plain text.
    """
    prepared = prepare(text)
    words = auto_words(prepared) if fold == "auto" else main_words(prepared, fold)
    return " ".join([collapse(word) for word in words])


def _main() -> None:  # pragma: no cover - a small helper for trying things out
    fold = "auto"
    args = sys.argv[1:]
    if args and args[0] in ("--latin", "--cyrillic"):
        fold = args.pop(0)[2:]
    for line in args or sys.stdin:
        print(normalise_for_matching(line, fold=fold))


if __name__ == "__main__":  # pragma: no cover
    _main()
