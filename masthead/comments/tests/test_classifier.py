"""The comment classifier: its API, its storage, the shipped model and the corpus it is built from."""

import json
import os
import statistics
import time
from collections import Counter

import pytest

from masthead.comments.moderation import classifier as clf
from masthead.comments.moderation.classifier import CommentClassifier, default_classifier, train_from_decisions

TOY_TEXTS = [
    "you are an idiot",
    "shut up you moron",
    "what an idiot, go away",
    "buy cheap pills at pills.example",
    "thanks for the article",
    "the bus was late again",
    "lovely photos of the parade",
    "when does the library open",
]
TOY_LABELS = [1, 1, 1, 1, 0, 0, 0, 0]


@pytest.fixture(scope="module")
def toy_model():
    return CommentClassifier.train(TOY_TEXTS, TOY_LABELS)


def test_scores_are_between_zero_and_one(toy_model):
    shipped = default_classifier()
    for text in [*TOY_TEXTS, "", "!!!", "x" * 5000, "Ёлки 😂 ＦＵＣＫ", "\u200b"]:
        for model in (toy_model, shipped):
            assert 0.0 <= model.score(text) <= 1.0


def test_an_empty_comment_scores_zero():
    assert default_classifier().score("") == 0.0
    assert default_classifier().score("   \n ") == 0.0


def test_training_learns_from_its_labels(toy_model):
    assert toy_model.score("you idiot") > toy_model.score("the library photos")


def test_train_save_and_load_round_trip_gives_the_same_scores(toy_model, tmp_path):
    path = toy_model.save(tmp_path / "model.json")
    loaded = CommentClassifier.load(path)
    for text in [*TOY_TEXTS, "something else entirely", "идиот"]:
        assert loaded.score(text) == pytest.approx(toy_model.score(text), abs=1e-3)


def test_a_saved_model_is_plain_json(toy_model, tmp_path):
    path = toy_model.save(tmp_path / "model.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "masthead-comment-classifier"
    assert data["version"] == clf.VERSION
    assert all(isinstance(weight, float | int) for weight in data["weights"].values())


def test_saving_into_a_directory_writes_classifier_json(toy_model, tmp_path):
    path = toy_model.save(tmp_path)
    assert path == tmp_path / "classifier.json"
    assert CommentClassifier.load(tmp_path).score("you idiot") == pytest.approx(toy_model.score("you idiot"), abs=1e-3)


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"format": "something-else", "version": 1}',
        '{"format": "masthead-comment-classifier", "version": 99, "weights": {}}',
        '{"format": "masthead-comment-classifier", "version": 1, "weights": {"a": "x"}, "bias": 0, "scale": 1,'
        ' "offset": 0}',
        '{"format": "masthead-comment-classifier", "version": 1, "weights": {}, "bias": "0", "scale": 1, "offset": 0}',
    ],
)
def test_loading_something_that_is_not_a_model_is_an_error(tmp_path, content):
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError):
        CommentClassifier.load(path)


def test_training_needs_comments_of_both_labels():
    with pytest.raises(ValueError):
        CommentClassifier.train(["a", "b"], [1, 1])
    with pytest.raises(ValueError):
        CommentClassifier.train(["a", "b"], [1])


def test_the_default_classifier_is_the_shipped_model_when_the_site_has_none(tmp_path):
    model = default_classifier(tmp_path / "no-model-here")
    assert model is default_classifier()
    assert model.info["split"] == "train"


def test_the_default_classifier_prefers_the_sites_own_model(toy_model, tmp_path):
    toy_model.save(tmp_path / "moderation-model")
    assert default_classifier(tmp_path / "moderation-model").info == toy_model.info
    toy_model.save(tmp_path / "model-dir" / "classifier.json")
    assert default_classifier(tmp_path / "model-dir").info == toy_model.info


def test_the_default_classifier_is_cached_and_reread_when_the_file_changes(toy_model, tmp_path):
    path = toy_model.save(tmp_path / "model.json")
    first = default_classifier(path)
    assert default_classifier(path) is first
    retrained = CommentClassifier.train([*TOY_TEXTS, "you absolute clown"], [*TOY_LABELS, 1])
    retrained.save(path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert default_classifier(path) is not first
    assert default_classifier(path).info["comments"] == len(TOY_TEXTS) + 1


def test_train_from_decisions_adds_the_sites_decisions_to_the_seed_corpus():
    spam = "visit zork-widgets for the best zork widgets"
    decisions = [(f"{spam} number {i}", True) for i in range(15)] + [("the zork museum reopens", False)] * 2
    model = train_from_decisions(decisions)
    assert model.info["site_decisions"] == 17
    assert model.info["comments"] == len(clf.load_corpus()) + 16  # the two identical decisions count once
    assert model.score("best zork widgets here") > default_classifier().score("best zork widgets here")


def test_a_site_decision_wins_over_the_seed_label_for_the_same_text():
    seed = next(c for c in clf.load_corpus() if c.toxic)
    model = train_from_decisions([(seed.text, False)])
    assert model.info["comments"] == len(clf.load_corpus())


def test_the_shipped_model_is_built_from_the_current_corpus():
    assert default_classifier().info["corpus_sha256"] == clf.corpus_digest(), (
        "The corpus changed: rebuild with python -m masthead.comments.moderation.classifier --build"
    )


def test_the_shipped_model_is_small():
    assert clf.MODEL_PATH.stat().st_size < 2_000_000


def test_abuse_and_spam_score_higher_than_civil_comments():
    model = default_classifier()
    for abusive, civil in [
        ("You are a pathetic idiot, shut up", "Thanks for the article, very useful"),
        ("Заткнись, дебил, тебя никто не спрашивал", "Спасибо за статью, очень полезно"),
        ("Earn $500 a day from home, visit cash-now.biz", "The bus timetable changes on Monday"),
    ]:
        assert model.score(abusive) > 0.5 > model.score(civil)


def test_median_scoring_time_is_well_within_two_milliseconds():
    model = default_classifier()
    texts = [c.text for c in clf.load_corpus()]
    for text in texts:
        model.score(text)
    samples = []
    for text in texts:
        start = time.perf_counter()
        model.score(text)
        samples.append(time.perf_counter() - start)
    assert statistics.median(samples) < 0.002


# --- the corpus -----------------------------------------------------------------------------------------------------


def test_the_corpus_has_at_least_250_comments_a_language_of_both_kinds():
    counts = Counter((c.language, c.toxic) for c in clf.load_corpus())
    for language in ("en", "ru"):
        assert counts[language, True] + counts[language, False] >= 250
        assert counts[language, True] >= 100
        assert counts[language, False] >= 150


def test_the_corpus_has_no_duplicates_and_only_known_languages():
    corpus = clf.load_corpus()
    assert len({c.text for c in corpus}) == len(corpus)
    assert {c.language for c in corpus} == {"en", "ru"}


def test_the_split_is_decided_by_the_text_and_holds_out_about_a_third():
    corpus = clf.load_corpus()
    assert all(clf.split_of(c.text) == c.split for c in corpus)
    share = sum(c.split == "test" for c in corpus) / len(corpus)
    assert 0.25 < share < 0.4
    for language in ("en", "ru"):
        for toxic in (True, False):
            assert sum(c.split == "test" and c.language == language and c.toxic == toxic for c in corpus) >= 30
