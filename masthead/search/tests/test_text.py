"""Stemming and snippets: the pure text functions the index and the results page share."""

from masthead.search.text import body_text, highlight, snippet, stems


def test_russian_word_forms_share_one_stem():
    assert stems("мосты мостов мост", language="ru") == ["мост", "мост", "мост"]


def test_english_word_forms_share_one_stem():
    assert stems("Bridges bridge", language="en") == ["bridg", "bridg"]


def test_yo_and_ye_are_the_same_letter():
    assert stems("ещё", language="ru") == stems("еще", language="ru")


def test_an_unknown_language_is_only_lower_cased():
    assert stems("Brücken", language="de") == ["brücken"]


def test_highlight_marks_every_form_of_a_searched_word():
    assert highlight("The bridges and a bridge", terms={"bridg"}, language="en") == (
        "The <mark>bridges</mark> and a <mark>bridge</mark>"
    )


def test_highlight_escapes_the_text_around_and_inside_marks():
    marked = highlight('<script>alert("bridge")</script>', terms={"bridg"}, language="en")
    assert "<script>" not in marked
    assert marked == "&lt;script&gt;alert(&quot;<mark>bridge</mark>&quot;)&lt;/script&gt;"


def test_snippet_is_cut_around_the_match_with_ellipses():
    text = " ".join(f"word{n}" for n in range(100)) + " bridge " + " ".join(f"tail{n}" for n in range(100))
    cut = snippet(text, terms={"bridg"}, language="en", words=10)
    assert cut.startswith("… ") and cut.endswith(" …")
    assert "<mark>bridge</mark>" in cut
    assert "word0 " not in cut


def test_body_text_reads_paragraphs_headings_quotes_and_captions_but_not_markup():
    blocks = [
        {"type": "paragraph", "value": "<p>A <b>bold</b> move &amp; more</p>"},
        {"type": "heading", "value": {"text": "The heading", "level": "h2"}},
        {"type": "quote", "value": {"text": "Said so", "attribution": "The mayor"}},
        {"type": "image", "value": {"image": 1, "caption": "The bridge at night", "credit": ""}},
        {"type": "related_story", "value": {"article": 5, "label": "Read also"}},
    ]
    assert body_text(blocks) == "A bold move & more\nThe heading\nSaid so\nThe mayor\nThe bridge at night"
