"""Benchmark of the comment moderation engines: scoring time per comment, and quality on the held-out split.

Run from the repository root with the project's virtualenv::

    .venv/bin/python bench/classifier.py                # the shipped model, timing and quality
    .venv/bin/python bench/classifier.py --rounds 20    # more timing rounds for steadier numbers

It prints a small table of the median and 95th-percentile time to score one comment (after a warm-up round,
every comment of ``data/labeled_comments.jsonl`` scored ``--rounds`` times, normalisation included), the same for
the word lists and for the normalisation of a 1,000-character comment, and precision and recall on the test split
for the word lists alone, the classifier alone (score >= 0.5), and the two combined (either one flags).

If scikit-learn is importable (it is not a dependency of Masthead; install it into a throwaway virtualenv with the
project on ``PYTHONPATH``), ``--compare-sklearn`` also trains and times a TF-IDF character n-gram logistic
regression and a hashing-vectorizer SGD classifier on the same split and features, which is how the pure-Python
naive Bayes model was chosen. Timings depend on what else the machine is doing: run it on an idle machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from masthead.comments.moderation import classifier as clf  # noqa: E402
from masthead.comments.moderation.text import normalise_for_matching  # noqa: E402
from masthead.comments.moderation.wordlists import DEFAULT_LANGUAGES, WordList, load_default_words  # noqa: E402


def timings(function: Callable[[str], object], texts: Sequence[str], rounds: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds of ``function(text)``, after one warm-up round."""
    for text in texts:
        function(text)
    samples = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            function(text)
            samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95)] * 1000


def quality_rows(name: str, flags: Callable[[str], bool], test: Sequence[clf.LabeledComment]) -> list[str]:
    rows = []
    for language in DEFAULT_LANGUAGES:
        mine = [c for c in test if c.language == language]
        q = clf.quality([flags(c.text) for c in mine], [c.toxic for c in mine])
        rows.append(
            f"| {name:<34} | {language:<4} | {q.precision:9.3f} | {q.recall:6.3f} |"
            f" {q.true_positives:3d} | {q.false_positives:3d} | {q.false_negatives:3d} |"
        )
    return rows


def compare_sklearn(train: Sequence[clf.LabeledComment], test: Sequence[clf.LabeledComment], rounds: int) -> None:
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.pipeline import make_pipeline

    def prepare(text: str) -> str:  # the same normalised words and signals the naive Bayes model sees
        return normalise_for_matching(text) + " " + " ".join(f for f in clf.features(text) if f.startswith("#"))

    candidates = {
        "sklearn tfidf char 2-5 + LR": lambda: make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            LogisticRegression(C=10, max_iter=2000, class_weight="balanced"),
        ),
        "sklearn hashing char 2-5 + SGD": lambda: make_pipeline(
            HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2**18, alternate_sign=False),
            SGDClassifier(loss="log_loss", alpha=1e-5, class_weight="balanced", random_state=0),
        ),
    }
    texts = [c.text for c in train]
    for name, make in candidates.items():
        model = make().fit([prepare(t) for t in texts], [int(c.toxic) for c in train])

        def score(text: str, model=model) -> float:
            return float(model.predict_proba([prepare(text)])[0, 1])

        median, p95 = timings(score, [c.text for c in test], rounds)
        print(f"| {name:<34} | {median:11.3f} | {p95:8.3f} |")
        for row in quality_rows(name, lambda t, s=score: s(t) >= clf.THRESHOLD, test):
            print(row)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds over the corpus (default 5)")
    parser.add_argument("--compare-sklearn", action="store_true", help="also measure scikit-learn models")
    args = parser.parse_args(argv)

    corpus = clf.load_corpus()
    test = [c for c in corpus if c.split == "test"]
    train = [c for c in corpus if c.split == "train"]
    model = clf.default_classifier()
    words = WordList([entry for language in DEFAULT_LANGUAGES for entry in load_default_words(language)])
    texts = [c.text for c in corpus]
    long_text = " ".join(texts)[:1000]

    print(f"{len(corpus)} labelled comments ({len(train)} train, {len(test)} test), {args.rounds} timing rounds\n")
    print("| per comment                        | median (ms) | p95 (ms) |")
    print("|------------------------------------|-------------|----------|")
    for name, function, sample in (
        ("classifier score", model.score, texts),
        ("word lists (en + ru)", words.find, texts),
        ("normalise_for_matching", normalise_for_matching, texts),
        ("classifier, 1,000 characters", model.score, [long_text]),
        ("word lists, 1,000 characters", words.find, [long_text]),
        ("normalise, 1,000 characters", normalise_for_matching, [long_text]),
    ):
        rounds = args.rounds if len(sample) > 1 else args.rounds * 100
        median, p95 = timings(function, sample, rounds)
        print(f"| {name:<34} | {median:11.3f} | {p95:8.3f} |")

    print("\nQuality on the held-out test split (classifier threshold 0.5):\n")
    print("| check                              | lang | precision | recall |  tp |  fp |  fn |")
    print("|------------------------------------|------|-----------|--------|-----|-----|-----|")
    checks = {
        "word lists alone": lambda t: bool(words.find(t)),
        "classifier alone": lambda t: model.score(t) >= clf.THRESHOLD,
        "word lists OR classifier": lambda t: bool(words.find(t)) or model.score(t) >= clf.THRESHOLD,
    }
    for name, flags in checks.items():
        for row in quality_rows(name, flags, test):
            print(row)

    if args.compare_sklearn:
        print("\nscikit-learn, trained on the same split (timing per comment of the test split):\n")
        print("| model                              | median (ms) | p95 (ms) |")
        print("|------------------------------------|-------------|----------|")
        compare_sklearn(train, test, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
