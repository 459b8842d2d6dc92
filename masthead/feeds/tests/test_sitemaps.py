"""Sitemaps validated offline against the official schemas, plus the rules the schemas cannot express."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from masthead.feeds import conf
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories

from .helpers import shared_testdata, story

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def schema(name):
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(shared_testdata("xsd", name)), parser))


def fetch_valid(client, url, xsd="sitemap-offline.xsd"):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content, etree.XMLParser(no_network=True))
    validator = schema(xsd)
    assert validator.validate(document), validator.error_log
    for loc in document.iter(f"{SM}loc"):
        assert loc.text.startswith("http://testserver/"), loc.text
    for link in document.iter(f"{XHTML}link"):
        assert link.get("href").startswith("http://testserver/")
    return document


@pytest.fixture
def newsroom():
    """English and Russian editions: a translated section and story, one old story, one from 2 days ago."""
    now = timezone.now()
    factories.home(language="ru", title="Новости города")
    policy = factories.section(title="Policy", slug="policy")
    policy_ru = factories.translate(policy, "ru")
    budget = factories.tag("Budget")
    fresh = story(parent=policy, title="Budget passes", tags=[budget], published_at=now - timedelta(hours=2))
    fresh_ru = factories.translate(fresh, "ru", title="Бюджет принят")
    ArticlePage.objects.filter(pk=fresh_ru.pk).update(first_published_at=now - timedelta(hours=1))
    old = story(parent=policy, title="Old news", published_at=now - timedelta(days=400))
    stale = story(parent=policy, title="Two days old", published_at=now - timedelta(hours=49))
    return {"policy": policy, "policy_ru": policy_ru, "fresh": fresh, "fresh_ru": fresh_ru, "old": old, "stale": stale}


def test_sitemap_index_is_valid_and_lists_every_sitemap(client, newsroom):
    index = fetch_valid(client, "/sitemap.xml", xsd="siteindex.xsd")
    locations = [loc.text for loc in index.iter(f"{SM}loc")]
    years = sorted({timezone.localtime(newsroom[name].first_published_at).year for name in ("old", "fresh", "stale")})
    assert locations == [
        "http://testserver/sitemaps/pages.xml",
        *[f"http://testserver/sitemaps/articles-{year}.xml" for year in years],
        "http://testserver/sitemaps/tags.xml",
        "http://testserver/sitemaps/news.xml",
    ]


def test_every_sitemap_in_the_index_is_valid_against_the_schemas(client, newsroom):
    index = fetch_valid(client, "/sitemap.xml", xsd="siteindex.xsd")
    for loc in index.iter(f"{SM}loc"):
        fetch_valid(client, loc.text.removeprefix("http://testserver"))


def test_year_sitemap_lists_that_years_articles_with_hreflang_alternates(client, newsroom):
    year = timezone.localtime(newsroom["fresh"].first_published_at).year
    document = fetch_valid(client, f"/sitemaps/articles-{year}.xml")
    urls = {url.findtext(f"{SM}loc"): url for url in document.findall(f"{SM}url")}
    fresh, fresh_ru = newsroom["fresh"].full_url, newsroom["fresh_ru"].full_url
    assert fresh in urls and fresh_ru in urls
    for location in (fresh, fresh_ru):
        alternates = {link.get("hreflang"): link.get("href") for link in urls[location].findall(f"{XHTML}link")}
        assert alternates == {"en": fresh, "ru": fresh_ru}
    # A story without a translation has no alternates, and last year's story is in last year's sitemap.
    if timezone.localtime(newsroom["stale"].first_published_at).year == year:
        assert urls[newsroom["stale"].full_url].findall(f"{XHTML}link") == []
    old_year = timezone.localtime(newsroom["old"].first_published_at).year
    assert newsroom["old"].full_url not in urls
    old_urls = fetch_valid(client, f"/sitemaps/articles-{old_year}.xml").iter(f"{SM}loc")
    assert [loc.text for loc in old_urls] == [newsroom["old"].full_url]


def test_pages_sitemap_lists_homes_and_sections_in_both_languages(client, newsroom):
    document = fetch_valid(client, "/sitemaps/pages.xml")
    locations = [loc.text for loc in document.iter(f"{SM}loc")]
    assert "http://testserver/" in locations and "http://testserver/ru/" in locations
    assert newsroom["policy"].full_url in locations and newsroom["policy_ru"].full_url in locations
    assert not any("/story" in location or "article" in location for location in locations)


def test_tags_sitemap_lists_each_tag_in_the_languages_that_use_it(client, newsroom):
    document = fetch_valid(client, "/sitemaps/tags.xml")
    slug = newsroom["fresh"].tags.first().slug
    locations = [loc.text for loc in document.iter(f"{SM}loc")]
    assert sorted(locations) == [f"http://testserver/ru/tags/{slug}/", f"http://testserver/tags/{slug}/"]
    alternates = {link.get("hreflang") for link in document.iter(f"{XHTML}link")}
    assert alternates == {"en", "ru"}


def test_news_sitemap_lists_only_the_last_48_hours_with_publication_name_and_language(client, newsroom):
    document = fetch_valid(client, "/sitemaps/news.xml")
    urls = document.findall(f"{SM}url")
    assert [url.findtext(f"{SM}loc") for url in urls] == [newsroom["fresh_ru"].full_url, newsroom["fresh"].full_url]
    news = {url.findtext(f"{SM}loc"): url.find(f"{NEWS}news") for url in urls}
    english = news[newsroom["fresh"].full_url]
    assert english.findtext(f"{NEWS}publication/{NEWS}name") == "Test City News"
    assert english.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert english.findtext(f"{NEWS}title") == "Budget passes"
    assert news[newsroom["fresh_ru"].full_url].findtext(f"{NEWS}publication/{NEWS}language") == "ru"
    cutoff = timezone.now() - timedelta(hours=48)
    for element in news.values():
        published = timezone.datetime.fromisoformat(element.findtext(f"{NEWS}publication_date"))
        assert published >= cutoff


def test_news_sitemap_holds_at_most_1000_urls(client, newsroom, monkeypatch):
    # The ceiling is lowered for the test, so it is the limit's code, not 1,000 stories, that is exercised.
    monkeypatch.setattr(conf, "NEWS_SITEMAP_MAX_URLS", 1)
    document = fetch_valid(client, "/sitemaps/news.xml")
    assert len(document.findall(f"{SM}url")) == 1
    assert conf.SITEMAP_PROTOCOL_MAX_URLS == 50_000


def test_long_years_continue_on_further_pages_listed_in_the_index(client, newsroom, settings):
    settings.MASTHEAD_SITEMAP_LIMIT = 2
    year = timezone.localtime(newsroom["fresh"].first_published_at).year
    first = fetch_valid(client, f"/sitemaps/articles-{year}.xml")
    second = fetch_valid(client, f"/sitemaps/articles-{year}.xml?p=2")
    assert len(first.findall(f"{SM}url")) == 2 and len(second.findall(f"{SM}url")) >= 1
    index = fetch_valid(client, "/sitemap.xml", xsd="siteindex.xsd")
    assert f"http://testserver/sitemaps/articles-{year}.xml?p=2" in [loc.text for loc in index.iter(f"{SM}loc")]


def test_an_empty_news_sitemap_is_missing_rather_than_invalid(client):
    story(published_at=timezone.now() - timedelta(days=5))
    assert client.get("/sitemaps/news.xml").status_code == 404
    assert "news.xml" not in client.get("/sitemap.xml").content.decode()


MALFORMED_REQUESTS = [
    "/sitemaps/articles-1999.xml",
    "/sitemaps/articles-0000.xml",
    "/sitemaps/articles-99999.xml",
    "/sitemaps/articles-9999.xml",
    "/sitemaps/articles-abcd.xml",
    "/sitemaps/pages.xml?p=0",
    "/sitemaps/pages.xml?p=2",
    "/sitemaps/pages.xml?p=x",
    "/sitemaps/pages.xml?p=1e9",
    "/sitemaps/pages.xml?p=" + "9" * 5000,
    "/sitemaps/unknown.xml",
]


def test_malformed_sitemap_requests_are_not_found(client, newsroom):
    answers = {url: client.get(url).status_code for url in MALFORMED_REQUESTS}
    assert answers == dict.fromkeys(MALFORMED_REQUESTS, 404)


def test_robots_txt_points_at_the_sitemaps_and_keeps_the_admin_out(client, newsroom):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemaps/news.xml" in lines


def test_sitemap_addresses_match_wagtails_own_page_urls(client, newsroom):
    """The sitemaps build addresses without reverse() per page; they must be the pages' canonical ones."""
    from wagtail.models import Page, Site

    from masthead.feeds.sitemaps import PageAddresses

    addresses = PageAddresses(Site.objects.get(is_default_site=True))
    for page in Page.objects.live().filter(depth__gte=2):
        assert addresses.url(page.url_path) == page.full_url


def test_pages_behind_a_view_restriction_are_left_out(client, newsroom):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=newsroom["policy"], restriction_type="password", password="secret")
    year = timezone.localtime(newsroom["fresh"].first_published_at).year
    pages = client.get("/sitemaps/pages.xml").content.decode()
    articles = client.get(f"/sitemaps/articles-{year}.xml").content.decode()
    assert newsroom["policy"].full_url not in pages and newsroom["policy_ru"].full_url in pages
    assert newsroom["fresh"].full_url not in articles and newsroom["fresh_ru"].full_url in articles


def test_listings_sitemap_lists_fact_checks_corrections_and_past_issues_where_an_edition_has_them(client, newsroom):
    from masthead.newsletter.models import Digest
    from masthead.newsroom.models import FactCheck
    from masthead.typos.models import Correction

    now = timezone.now()
    for article in (newsroom["fresh"], newsroom["fresh_ru"]):
        FactCheck.objects.create(
            article=article, block_id="c1", locale=article.locale, claim="Taxes fell", rating="false", published_at=now
        )
    Correction.objects.create(article=newsroom["fresh"], text="The vote was 12 to 3.", published_at=now)
    Digest.objects.create(kind="daily", language="en", period_start=now, period_end=now, subject="Daily", status="sent")
    Digest.objects.create(
        kind="daily", language="ru", period_start=now, period_end=now, subject="Пусто", status="empty"
    )

    index = fetch_valid(client, "/sitemap.xml", xsd="siteindex.xsd")
    assert "http://testserver/sitemaps/listings.xml" in [loc.text for loc in index.iter(f"{SM}loc")]
    document = fetch_valid(client, "/sitemaps/listings.xml")
    urls = {url.findtext(f"{SM}loc"): url for url in document.findall(f"{SM}url")}
    # The Russian edition has fact checks but no correction, and its only digest was never sent.
    assert sorted(urls) == [
        "http://testserver/corrections/",
        "http://testserver/fact-checks/",
        "http://testserver/newsletter/issues/",
        "http://testserver/ru/fact-checks/",
    ]
    links = urls["http://testserver/fact-checks/"].findall(f"{XHTML}link")
    alternates = {link.get("hreflang"): link.get("href") for link in links}
    assert alternates == {"en": "http://testserver/fact-checks/", "ru": "http://testserver/ru/fact-checks/"}
    assert urls["http://testserver/corrections/"].findall(f"{XHTML}link") == []
    assert all(url.findtext(f"{SM}lastmod") for url in urls.values())


def test_a_newsletter_issue_reaches_the_stored_listings_sitemap_at_once(client, newsroom, settings):
    from masthead.newsletter import services as newsletter
    from masthead.newsletter.digests import DIGESTS
    from masthead.typos.models import Correction

    settings.MASTHEAD_FEEDS_CACHE_SECONDS = 600
    Correction.objects.create(article=newsroom["fresh"], text="The vote was 12 to 3.", published_at=timezone.now())
    before = fetch_valid(client, "/sitemaps/listings.xml")
    assert "http://testserver/newsletter/issues/" not in [loc.text for loc in before.iter(f"{SM}loc")]
    # Yesterday's news makes today's daily issue: the stored sitemap must list the newsletter's archive now, not
    # after the next publication.
    start, _end = DIGESTS["daily"].period(now=timezone.now())
    story(parent=newsroom["policy"], title="Bridge reopens", published_at=start + timedelta(hours=10))
    fetch_valid(client, "/sitemaps/listings.xml")  # stored again after that publication
    digest, created = newsletter.digest_prepare(kind="daily", language="en")
    assert created and digest.status == "sending"
    after = fetch_valid(client, "/sitemaps/listings.xml")
    assert "http://testserver/newsletter/issues/" in [loc.text for loc in after.iter(f"{SM}loc")]
