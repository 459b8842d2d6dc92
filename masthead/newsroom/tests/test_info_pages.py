"""Information pages (About, Contacts, policies): their own page, and a link in every page's footer when in menus."""

import pytest
from bs4 import BeautifulSoup

from . import factories

pytestmark = pytest.mark.django_db


def footer_links(response):
    footer = BeautifulSoup(response.content, "html.parser").select_one("footer.site-footer")
    return [(link.get_text(strip=True), link["href"]) for link in footer.select("nav a")]


def test_pages_in_menus_are_linked_from_every_pages_footer_and_the_others_are_not(client):
    home = factories.home()
    about = factories.info_page(home, title="About us", slug="about")
    factories.info_page(home, title="Old policy", slug="old-policy", in_menus=False)
    article = factories.article()

    for url in (home.url, article.url, about.url, "/search/?q=council"):
        assert footer_links(client.get(url)) == [("About us", about.url)], url


def test_an_information_page_shows_its_title_summary_and_body(client):
    about = factories.info_page(factories.home(), title="About us", slug="about")

    page = BeautifulSoup(client.get(about.url).content, "html.parser")

    assert page.h1.get_text(strip=True) == "About us"
    assert page.select_one(".article__lead").get_text(strip=True) == "About us: who we are."
    assert "Write to newsroom@example.com." in page.select_one(".article__body").get_text()
    assert page.select_one('footer nav a[aria-current="page"]')["href"] == about.url
    assert page.select_one('meta[name="description"]')["content"] == "About us: who we are."


def test_each_edition_links_its_own_information_pages(client):
    factories.info_page(factories.home(), title="About us", slug="about")
    home_ru = factories.home(language="ru", title="Новости")
    about_ru = factories.info_page(home_ru, title="О редакции", slug="about")

    assert footer_links(client.get(home_ru.url)) == [("О редакции", about_ru.url)]


def test_without_information_pages_the_footer_has_no_empty_menu(client):
    home = factories.home()

    footer = BeautifulSoup(client.get(home.url).content, "html.parser").select_one("footer.site-footer")

    assert footer.select("nav") == []
