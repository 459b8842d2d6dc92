"""Section, tag, author and home listings: newest first, 20 a page, never a 500 on odd page numbers."""

import pytest
from bs4 import BeautifulSoup

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def busy_section(module_db):
    section = factories.section(title="News", slug="news")
    budget = factories.tag("Budget")
    for day in range(1, 26):  # 25 articles: two pages
        factories.article(
            parent=section,
            title=f"Story of day {day}",
            tags=[budget] if day % 2 else [],
            published_at=factories.utc(2024, 1, day, 12, 0),
        )
    return section


def headlines(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".teaser__headline")]


def test_section_lists_twenty_newest_first_then_the_rest_on_page_two(client, busy_section):
    first = headlines(client.get(busy_section.url))
    assert first == [f"Story of day {day}" for day in range(25, 5, -1)]
    second = headlines(client.get(busy_section.url + "?page=2"))
    assert second == [f"Story of day {day}" for day in range(5, 0, -1)]


def test_pagination_links_lead_to_the_next_and_previous_pages(client, busy_section):
    soup = BeautifulSoup(client.get(busy_section.url).content, "html.parser")
    assert soup.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    assert soup.select_one(".pagination").get_text(" ", strip=True).count("Page 1 of 2") == 1
    soup = BeautifulSoup(client.get(busy_section.url + "?page=2").content, "html.parser")
    assert soup.select_one('.pagination a[rel="prev"]')["href"] == "?page=1"


@pytest.mark.parametrize("number", ["abc", "3", "999999999999999999999", "-1", "0", "1.5", "%00"])
def test_page_number_that_is_no_page_is_a_404_not_a_500(client, busy_section, number):
    response = client.get(busy_section.url, {"page": number})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_empty_section_shows_its_empty_state(client):
    section = factories.section(title="Culture", slug="culture")
    response = client.get(section.url)
    assert response.status_code == 200
    assert "No articles here yet." in response.content.decode()


def test_tag_page_lists_only_tagged_articles_and_paginates(client, busy_section):
    home = factories.home()
    url = home.url + home.reverse_subpage("tag", args=[factories.tag("Budget").slug])
    assert headlines(client.get(url)) == [f"Story of day {day}" for day in range(25, 0, -2)]


def test_unknown_tag_is_a_404(client, busy_section):
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_author_page_lists_their_articles_and_links_their_column(client):
    column = factories.section(title="Author column", slug="column")
    writer = factories.author(name="Ivan Sokolov", column=column, bio="<p>Writes about cities.</p>")
    factories.article(parent=column, title="Why the tram matters", authors=[writer])
    factories.article(parent=column, title="Somebody else's piece")
    soup = BeautifulSoup(client.get(writer.url).content, "html.parser")
    assert soup.h1.get_text() == "Ivan Sokolov"
    assert "Writes about cities." in soup.select_one(".author-header__bio").get_text()
    assert soup.select_one(".author-header__column a")["href"] == column.url
    assert [h.get_text(strip=True) for h in soup.select(".teaser__headline")] == ["Why the tram matters"]


def test_home_lists_latest_articles_across_sections(client, busy_section):
    other = factories.section(title="Economy", slug="economy")
    factories.article(parent=other, title="Prices fall", published_at=factories.utc(2024, 2, 1, 8, 0))
    assert headlines(client.get("/"))[:2] == ["Prices fall", "Story of day 25"]


def test_listing_teasers_show_their_section(client, busy_section):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one(".teaser .rubric").get_text() == "News"


def test_every_listing_page_has_a_meta_description(client, busy_section):
    busy_section.description = "What happened today."
    factories.publish(busy_section)
    for url in ["/", busy_section.url, "/tags/" + factories.tag("Budget").slug + "/"]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert soup.select_one('meta[name="description"]')["content"].strip(), url


def test_a_listing_counts_a_story_the_moment_it_is_published_or_taken_down(client):
    # Listing counts are cached between changes; publishing and unpublishing must change them at once.
    section = factories.section(title="Sport", slug="sport")
    for day in range(1, 21):
        factories.article(parent=section, title=f"Match {day}", published_at=factories.utc(2024, 2, day, 12, 0))
    assert client.get(section.url + "?page=2").status_code == 404  # twenty stories: one page, counted and cached
    latest = factories.article(parent=section, title="Match 21", published_at=factories.utc(2024, 2, 21, 12, 0))
    assert headlines(client.get(section.url + "?page=2")) == ["Match 1"]
    latest.unpublish()
    assert client.get(section.url + "?page=2").status_code == 404
    assert headlines(client.get(section.url))[0] == "Match 20"


@pytest.mark.parametrize("page_size", [2, 3])
def test_tag_and_author_pages_list_the_same_articles_whether_the_archive_is_walked_or_their_articles_sorted(
    client, settings, page_size
):
    # With seven articles, one tag on five and the writer on four, early pages are found by walking the
    # archive newest first and later ones by sorting the tag's articles (selectors.listing_page); a rare tag on
    # one article is always sorted. Every page must show exactly its share of the tagged articles, in order.
    settings.MASTHEAD_PAGE_SIZE = page_size
    section = factories.section()
    common, rare = factories.tag("Roads"), factories.tag("Ferries")
    writer = factories.author(name="Olga Belova")
    tagged = {common: [], rare: [], writer: []}
    for day in range(1, 8):
        picks = [common] if day != 4 and day != 6 else []
        picks += [rare] if day == 3 else []
        article = factories.article(
            parent=section,
            title=f"Roadworks day {day}",
            tags=picks,
            authors=[writer] if day % 2 else [],
            published_at=factories.utc(2024, 3, day, 9, 0),
        )
        for owner in picks + ([writer] if day % 2 else []):
            tagged[owner].insert(0, article.title)  # newest first
    home = section.get_parent().specific
    urls = {
        common: home.url + home.reverse_subpage("tag", args=[common.slug]),
        rare: home.url + home.reverse_subpage("tag", args=[rare.slug]),
        writer: writer.url,
    }
    for owner, url in urls.items():
        expected = tagged[owner]
        pages = [expected[start : start + page_size] for start in range(0, len(expected), page_size)]
        for number, titles in enumerate(pages, start=1):
            assert headlines(client.get(f"{url}?page={number}")) == titles, (owner, number)
