"""Text as readers see it, mapped back to the source an editor saved."""

from masthead.typos.text import clean_line, mapped_html, mapped_plain, squash


def test_whitespace_runs_count_as_one_space_as_in_the_widget():
    assert squash("a \n\t b\r\nc") == "a b c"
    # A no-break space is a character, not layout.
    assert squash("5\u00a0km") == "5\u00a0km"


def test_html_text_drops_markup_and_decodes_references_keeping_each_characters_source():
    source = '<p data-block-key="x">Fish &amp; chips <a href="/x">here</a>&nbsp;now</p>'
    mapped = mapped_html(source)
    assert mapped.text == "Fish & chips here\u00a0now"
    start, end = mapped.source_span(mapped.text.index("&"), 1)
    assert source[start:end] == "&amp;"
    start, end = mapped.source_span(mapped.text.index("chips here"), len("chips here"))
    assert source[start:end] == 'chips <a href="/x">here'


def test_plain_text_maps_a_squashed_space_to_the_whole_run():
    mapped = mapped_plain("two   spaces")
    start, end = mapped.source_span(0, len("two spaces"))
    assert (mapped.text, start, end) == ("two spaces", 0, 12)


def test_overlapping_occurrences_are_all_found():
    assert mapped_plain("aaa").find_all("aa") == [0, 1]


def test_reader_input_loses_control_characters_but_keeps_letters_and_soft_hyphens():
    assert clean_line("  te\x00h\u00ad \n word ") == "teh\u00ad word"
