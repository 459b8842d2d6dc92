"""Whatever a reader writes, their comment is shown as the text they wrote and nothing more (property-based).

`comment_text` is the one place where a comment's text becomes HTML, by hand: escaped, paragraphs and line breaks
kept, links made where the policy allows. Hypothesis writes thousands of texts, mixing arbitrary characters with
pieces of markup and addresses, and each must come out as only <p>, <br> and safe <a> elements whose text is
exactly what was written.
"""

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from masthead.comments.services import clean_text
from masthead.comments.templatetags.comment_tags import comment_text

PIECES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "http://example.org/a?b=1&c=<d>",
    "https://news.example/path#frag",
    'www.example.com/"quoted"',
    "http://example.org/'onmouseover='alert(1)",
    "&amp;&lt;&#x3C;",
    "</p><p>",
    "\n",
    "\n\n",
    " ",
]
texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(PIECES)), max_size=12).map("".join)
domains = st.one_of(st.none(), st.just(["example.org"]), st.just([]))


def visible_text(text):
    """What a reader should see: the paragraphs that hold something, line breaks aside."""
    return "".join(part for part in text.split("\n\n") if part.strip()).replace("\n", "")


@settings(max_examples=1500, deadline=None)
@given(raw=texts, allowed=domains)
def test_any_text_is_shown_as_written_in_paragraphs_and_safe_links_only(raw, allowed):
    text = clean_text(raw)
    soup = BeautifulSoup(str(comment_text(text, allowed)), "html.parser")
    for element in soup.find_all(True):
        assert element.name in {"p", "br", "a"}, element
        if element.name == "a":
            assert set(element.attrs) == {"href", "rel"}, element
            assert element["href"].lower().startswith(("http://", "https://")), element
        else:
            assert not element.attrs, element
    assert "".join(soup.strings) == visible_text(text)
    assert len(soup.find_all("p")) == len([part for part in text.split("\n\n") if part.strip()])


@settings(max_examples=300, deadline=None)
@given(raw=texts)
def test_links_are_made_only_to_the_domains_the_policy_allows(raw):
    soup = BeautifulSoup(str(comment_text(clean_text(raw), ["example.org"])), "html.parser")
    for link in soup.find_all("a"):
        host = link["href"].split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].lower()
        assert host == "example.org" or host.endswith(".example.org"), link
    nothing = BeautifulSoup(str(comment_text(clean_text(raw), [])), "html.parser")
    assert not nothing.find_all("a")
