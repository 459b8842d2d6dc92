"""A toxicity and spam score in [0, 1] for a comment, from a small model that runs offline in pure Python.

The model is a naive Bayes classifier over binary features of the comment (character 3- to 5-grams of the words,
the words and word pairs, all after :func:`~masthead.comments.moderation.text.normalise_for_matching`, so
``1d10t`` and ``idiоt`` look like ``idiot``), plus a few signals read off the raw text: a link or domain, a
``@handle``, a phone number, an amount of money, shouting in capitals, letter tricks. Its log-odds are turned into
a probability by Platt scaling fitted on cross-validated scores, so 0.5 means "as likely toxic as not".

Why naive Bayes and not scikit-learn: ``bench/classifier.py --compare-sklearn`` measures both on the same
held-out split and the same normalised text. On this 2-core machine the naive Bayes model scores a comment in
about 0.12 ms (median; about 1 ms for 1,000 characters), trains in about a second, and is stored as plain JSON. A
TF-IDF character 2-5-gram logistic regression from scikit-learn came out a few points better on the held-out split
(mostly in precision: 0.91 and 0.96 against 0.84 for English and Russian, at similar recall), but took 2.2 ms per
comment (median), over the 2 ms budget, and would add numpy, scipy and scikit-learn (about 300 MB) and a pickled
model; a hashing-vectorizer SGD classifier took 1 ms and was no better than naive Bayes. With the word lists in
front of it, naive Bayes reaches a recall of 0.88 (English) and 0.96 (Russian) at a precision of 0.85.

The model shipped in ``data/classifier.json`` is trained on the *train* split of ``data/labeled_comments.jsonl``
(see :func:`split_of`) so that the *test* split measures it honestly; rebuild it after editing the corpus with::

    python -m masthead.comments.moderation.classifier --build

A site retrains on its own moderators' decisions with :func:`train_from_decisions` (the ``masthead moderation
train`` command) and keeps the result in its data directory, where :func:`default_classifier` finds it.

Trust boundary: a model file is JSON read with :func:`json.loads` and checked field by field; loading one never
runs code, so a model from elsewhere can at worst give bad scores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from masthead.comments.moderation import text as _text

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_PATH = DATA_DIR / "labeled_comments.jsonl"
MODEL_PATH = DATA_DIR / "classifier.json"
MODEL_FILENAME = "classifier.json"  # the name inside a directory given to load() or default_classifier()
FORMAT = "masthead-comment-classifier"
VERSION = 1
THRESHOLD = 0.5  # the score at which the quality test and the benchmark count a comment as toxic

NGRAM_SIZES = (3, 4, 5)
ALPHA = 1.0  # additive smoothing of feature counts
MIN_DOCUMENTS = 1  # a feature seen in fewer training comments than this is left out of the model...
LARGE_TRAINING_SET = 2_000  # ...and from this many comments on (a site's own decisions), in fewer than 2
MAX_FEATURES = 150_000  # the most frequent features kept, so that a site's model stays a few megabytes
FOLDS = 5  # cross-validation folds for fitting the calibration

# --- Signals read off the text -----------------------------------------------------------------------------------

TOP_LEVEL_DOMAINS = frozenset(
    "com net org ru su biz info xyz top shop store online site club cc tv me io ly pro win bet loans link click app"
    " co uk de fr eu us ua by kz".split()
)
_HAS_DIGIT = re.compile(r"\d")
_PHONE = re.compile(r"(?:\+\d|\b\d)(?:[\s()-]*\d){8,}")
_MONEY = re.compile(r"(?i)[$£€₽]\s?\d|\d[\d\s,.]*\s?(?:[$£€₽]|руб|тыс|usd|per hour|/hour|в день|a day|в месяц)")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\uff01-\uff5e]")


def _signals(text: str, prepared: str, disguised: bool) -> list[str]:
    """Features read off the whole comment: links, handles, e-mail, phone numbers, money, capitals, tricks."""
    found = []
    link = handle = email = False
    for token in prepared.split():
        if "." in token or "@" in token or token in ("http", "https"):
            token = token.strip(".-_!|*")
            if token in ("http", "https") or token.startswith("www."):
                link = True
            elif token.startswith("@") and len(token) > 3:
                handle = True
            elif "@" in token and "." in token.partition("@")[2]:
                email = True
            else:
                parts = token.rsplit(".", 1)
                if len(parts) == 2 and parts[0] and parts[1] in TOP_LEVEL_DOMAINS:
                    link = True
    if link:
        found.append("#link")
    if handle:
        found.append("#handle")
    if email:
        found.append("#email")
    if _HAS_DIGIT.search(text):
        if _PHONE.search(text):
            found.append("#phone")
        if _MONEY.search(text):
            found.append("#money")
    if disguised or (not text.isascii() and _INVISIBLE.search(text)):
        found.append("#trick")
    words = [word for word in text.split() if len(word) > 2 and word.isalpha()]
    shouting = sum(1 for word in words if word.isupper())
    if shouting >= 2 and shouting * 10 >= len(words) * 6:
        found.append("#caps")
    if "!!" in text or "?!" in text:
        found.append("#bang")
    return found


_STRETCHED = re.compile(r"([^\W\d_])\1\1")  # stuuupid
_WORD_FEATURES: dict[str, tuple[str, tuple[str, ...], bool]] = {}
_WORD_CACHE_LIMIT = 20_000


def _word_features(word: str) -> tuple[str, tuple[str, ...], bool]:
    """A word's skeleton, its features (the word and its character n-grams), and whether a letter is stretched."""
    found = _WORD_FEATURES.get(word)
    if found is None:
        skeleton = _text.collapse(word)
        padded = f" {skeleton} "
        size = len(padded)
        grams = ["w:" + skeleton]
        for n in NGRAM_SIZES:
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
        if len(_WORD_FEATURES) >= _WORD_CACHE_LIMIT:
            _WORD_FEATURES.clear()
        found = _WORD_FEATURES[word] = (skeleton, tuple(grams), bool(_STRETCHED.search(word)))
    return found


def features(text: str) -> set[str]:
    """The binary features of a comment: what the model sees."""
    prepared = _text.prepare(text)
    words, disguised = _text.words_and_disguise(prepared)
    found: set[str] = set()
    previous = "^"
    for word in words:
        skeleton, grams, stretched = _word_features(word)
        found.update(grams)
        found.add(f"b:{previous} {skeleton}")
        previous = skeleton
        disguised = disguised or stretched
    found.update(_signals(text, prepared, disguised))
    return found


# --- The model ------------------------------------------------------------------------------------------------------


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass
class CommentClassifier:
    """Scores comments: 0 for a civil comment, 1 for abuse or spam.

    ``weights`` maps a feature to its naive Bayes log-likelihood ratio; ``bias`` is the log prior ratio;
    ``scale`` and ``offset`` are the calibration that turns the log-odds into a probability.
    """

    weights: dict[str, float]
    bias: float
    scale: float = 1.0
    offset: float = 0.0
    info: dict | None = None

    def log_odds(self, text: str) -> float:
        return self.bias + sum(map(self.weights.get, features(text), repeat(0.0)))

    def score(self, text: str) -> float:
        """How likely the comment is abusive or spam, from 0 to 1."""
        if not text or not text.strip():
            return 0.0
        return _sigmoid(self.scale * self.log_odds(text) + self.offset)

    # --- training -------------------------------------------------------------------------------------------------

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[int], *, calibrate: bool = True) -> CommentClassifier:
        """Train on comments and their labels (1 for toxic or spam, 0 for fine)."""
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        if not set(labels) >= {0, 1}:
            raise ValueError("training needs comments of both labels")
        documents = [features(text) for text in texts]
        targets = [1 if label else 0 for label in labels]
        model = cls._fit(documents, targets)
        if calibrate:
            model.scale, model.offset = _platt(*_cross_validated(documents, targets))
        model.info = {"comments": len(texts), "toxic": sum(targets), "features": len(model.weights)}
        return model

    @classmethod
    def _fit(cls, documents: Sequence[set[str]], targets: Sequence[int]) -> CommentClassifier:
        counts: tuple[dict[str, int], dict[str, int]] = ({}, {})
        seen: dict[str, int] = {}
        for document, target in zip(documents, targets, strict=True):
            side = counts[target]
            for feature in document:
                side[feature] = side.get(feature, 0) + 1
                seen[feature] = seen.get(feature, 0) + 1
        least = MIN_DOCUMENTS if len(documents) < LARGE_TRAINING_SET else max(MIN_DOCUMENTS, 2)
        vocabulary = [feature for feature, count in seen.items() if count >= least]
        if len(vocabulary) > MAX_FEATURES:
            vocabulary = sorted(vocabulary, key=lambda feature: (-seen[feature], feature))[:MAX_FEATURES]
        clean, toxic = counts
        clean_total = sum(clean.get(f, 0) for f in vocabulary) + ALPHA * len(vocabulary)
        toxic_total = sum(toxic.get(f, 0) for f in vocabulary) + ALPHA * len(vocabulary)
        norm = math.log(clean_total) - math.log(toxic_total)
        weights = {f: math.log(toxic.get(f, 0) + ALPHA) - math.log(clean.get(f, 0) + ALPHA) + norm for f in vocabulary}
        positives = sum(targets)
        bias = math.log(positives) - math.log(len(targets) - positives)
        return cls(weights=weights, bias=bias)

    # --- storage --------------------------------------------------------------------------------------------------

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "features": {"ngram_sizes": list(NGRAM_SIZES), "normalisation": "normalise_for_matching, auto fold"},
            "bias": round(self.bias, 6),
            "scale": round(self.scale, 6),
            "offset": round(self.offset, 6),
            "info": self.info or {},
            "weights": {feature: round(weight, 4) for feature, weight in sorted(self.weights.items())},
        }

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the model as JSON (a directory gets ``classifier.json`` inside); returns the file written."""
        path = Path(path)
        if path.is_dir():
            path = path / MODEL_FILENAME
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        temporary.replace(path)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> CommentClassifier:
        """Read a model written by :meth:`save` (a directory is read from ``classifier.json`` inside)."""
        path = Path(path)
        if path.is_dir():
            path = path / MODEL_FILENAME
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError(f"{path} is not a comment classifier model of version {VERSION}")
        weights = data.get("weights")
        if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) for k, v in weights.items()
        ):
            raise ValueError(f"{path} has malformed weights")
        numbers = [data.get(name) for name in ("bias", "scale", "offset")]
        if not all(isinstance(number, (int, float)) for number in numbers):
            raise ValueError(f"{path} has malformed calibration")
        bias, scale, offset = (float(number) for number in numbers)
        info = data.get("info") if isinstance(data.get("info"), dict) else {}
        return cls(weights={k: float(v) for k, v in weights.items()}, bias=bias, scale=scale, offset=offset, info=info)


# --- Calibration ----------------------------------------------------------------------------------------------------


def _cross_validated(documents: Sequence[set[str]], targets: Sequence[int]) -> tuple[list[float], list[int]]:
    """Log-odds of each training comment from a model that did not see it (``FOLDS``-fold, deterministic)."""
    scores: list[float] = []
    truth: list[int] = []
    for fold in range(FOLDS):
        train = [i for i in range(len(documents)) if i % FOLDS != fold]
        held = [i for i in range(len(documents)) if i % FOLDS == fold]
        train_targets = [targets[i] for i in train]
        if not held or len(set(train_targets)) < 2:
            continue
        model = CommentClassifier._fit([documents[i] for i in train], train_targets)
        for i in held:
            scores.append(model.bias + sum(model.weights.get(f, 0.0) for f in documents[i]))
            truth.append(targets[i])
    return scores, truth


def _platt(scores: Sequence[float], targets: Sequence[int]) -> tuple[float, float]:
    """Fit ``p = sigmoid(a * score + b)`` by Newton's method, with Platt's smoothed targets."""
    if not scores or len(set(targets)) < 2:
        return 1.0, 0.0
    positives = sum(targets)
    negatives = len(targets) - positives
    high, low = (positives + 1) / (positives + 2), 1 / (negatives + 2)
    y = [high if t else low for t in targets]
    a, b = 1.0 / (max(abs(s) for s in scores) or 1.0), 0.0
    for _ in range(100):
        g_a = g_b = h_aa = h_ab = h_bb = 0.0
        for s, t in zip(scores, y, strict=True):
            p = _sigmoid(a * s + b)
            d = p - t
            w = max(p * (1 - p), 1e-12)
            g_a += d * s
            g_b += d
            h_aa += w * s * s
            h_ab += w * s
            h_bb += w
        h_aa += 1e-9
        h_bb += 1e-9
        det = h_aa * h_bb - h_ab * h_ab
        if det <= 0:
            break
        step_a = (h_bb * g_a - h_ab * g_b) / det
        step_b = (h_aa * g_b - h_ab * g_a) / det
        a, b = a - step_a, b - step_b
        if abs(step_a) < 1e-10 and abs(step_b) < 1e-8:
            break
    return a, b


# --- The corpus -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabeledComment:
    text: str
    language: str
    toxic: bool
    note: str = ""

    @property
    def split(self) -> str:
        return split_of(self.text)


def split_of(text: str) -> str:
    """``"test"`` for about 30% of comments and ``"train"`` for the rest, decided by a hash of the text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:8], "big") % 100 < 30 else "train"


def load_corpus(path: str | os.PathLike[str] = CORPUS_PATH) -> list[LabeledComment]:
    """The labelled comments, one JSON object a line: ``{"text", "language", "toxic", "note"?}``."""
    comments = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row.get("text"), str) or not isinstance(row.get("toxic"), bool):
            raise ValueError(f"{path}:{number}: needs a text and a true/false toxic")
        comments.append(LabeledComment(row["text"], row.get("language", ""), row["toxic"], row.get("note", "")))
    return comments


def corpus_digest(path: str | os.PathLike[str] = CORPUS_PATH) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build(corpus: str | os.PathLike[str] = CORPUS_PATH, output: str | os.PathLike[str] = MODEL_PATH) -> Path:
    """Train the shipped model on the train split of the seed corpus and write it to ``output``."""
    train = [comment for comment in load_corpus(corpus) if comment.split == "train"]
    model = CommentClassifier.train([c.text for c in train], [int(c.toxic) for c in train])
    model.info = {**(model.info or {}), "corpus_sha256": corpus_digest(corpus), "split": "train"}
    return model.save(output)


def train_from_decisions(pairs: Iterable[tuple[str, bool]]) -> CommentClassifier:
    """A model trained on the whole seed corpus plus a site's moderator decisions ``(text, was_rejected)``.

    A site's own decisions come last and win over a seed comment with the same text.
    """
    labels: dict[str, int] = {comment.text: int(comment.toxic) for comment in load_corpus()}
    site = 0
    for text, rejected in pairs:
        if text and text.strip():
            labels.pop(text, None)
            labels[text] = int(bool(rejected))
            site += 1
    model = CommentClassifier.train(list(labels), list(labels.values()))
    model.info = {**(model.info or {}), "site_decisions": site}
    return model


# --- The default model ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, size: int) -> CommentClassifier:
    return CommentClassifier.load(path)


def default_classifier(model_path: str | os.PathLike[str] | None = None) -> CommentClassifier:
    """The site's retrained model at ``model_path`` if there is one, else the model shipped with Masthead.

    ``model_path`` may be the model file or a directory holding ``classifier.json``. Models are cached in the
    process and read again when the file changes, so a retrained model is picked up without a restart.
    """
    candidates = []
    if model_path is not None:
        path = Path(model_path)
        candidates.append(path / MODEL_FILENAME if path.is_dir() else path)
    candidates.append(MODEL_PATH)
    for path in candidates:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)
    raise FileNotFoundError(f"No comment classifier model at {MODEL_PATH}; build it with --build")


# --- Evaluation -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int


def quality(predicted: Sequence[bool], actual: Sequence[bool]) -> Quality:
    tp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and a)
    fp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and not a)
    fn = sum(1 for p, a in zip(predicted, actual, strict=True) if a and not p)
    return Quality(tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0, tp, fp, fn)


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m masthead.comments.moderation.classifier", description=__doc__)
    parser.add_argument("--build", action="store_true", help="train the shipped model from the seed corpus")
    parser.add_argument("--output", default=str(MODEL_PATH), help="where --build writes the model")
    parser.add_argument("--score", metavar="TEXT", nargs="*", help="score texts with the default model")
    args = parser.parse_args(argv)
    if args.build:
        path = build(output=args.output)
        model = CommentClassifier.load(path)
        test = [comment for comment in load_corpus() if comment.split == "test"]
        for language in sorted({c.language for c in test}):
            mine = [c for c in test if c.language == language]
            q = quality([model.score(c.text) >= THRESHOLD for c in mine], [c.toxic for c in mine])
            print(f"{language}: precision {q.precision:.3f}, recall {q.recall:.3f} on {len(mine)} held-out comments")
        print(f"wrote {path} ({path.stat().st_size:,} bytes, {len(model.weights):,} features)")
    for text in args.score or ():
        print(f"{default_classifier().score(text):.3f}\t{text}")
    if not args.build and args.score is None:
        parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main())
