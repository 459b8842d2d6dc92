"""What a reader sees: the reference article page, accessibility in both colour schemes, the keyboard path.

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and `npm ci` for axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

TYPO_HINT = "If you find an error, please select a piece of text and press Ctrl + Enter."
PUBLICATION_TIME = re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$")
# Reading pages, then the account pages a reader meets before commenting (django-allauth's forms in the site's look).
AXE_PAGES = ("home", "article", "section_listing", "author_page", "archive_day", "info_page")
ACCOUNT_PAGES = ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/")


def visit(page, newsroom, path):
    response = page.goto(newsroom["base"] + path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    assert_stylesheet_applied(page, newsroom)


def assert_stylesheet_applied(page, newsroom):
    """The checks below judge the site's own look, so its stylesheet must have loaded."""
    stylesheet = page.locator('link[rel="stylesheet"]:not([media="print"])').first.get_attribute("href")
    status = page.request.get(newsroom["base"] + stylesheet).status
    assert status == 200, (
        f"{stylesheet} answered {status}: masthead/static is not found by the static files finders "
        "(it needs to be listed in STATICFILES_DIRS or belong to an installed app)."
    )
    background = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--bg')")
    assert background.strip(), "site.css loaded but its colour variables are not applied"


def links(locator):
    """Each link's text as written (before any CSS text-transform) and its address."""
    return [(" ".join(link.text_content().split()), link.get_attribute("href")) for link in locator.all()]


def top(locator):
    box = locator.bounding_box()
    assert box is not None, f"{locator} has no box: it is not rendered"
    return box["y"]


def load_lazy_images(page):
    """Scroll through the page so lazily loaded pictures are in the full-page screenshot."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                scrollTo(0, y);
                await new Promise(resolve => requestAnimationFrame(resolve));
            }
            scrollTo(0, 0);
        }"""
    )
    page.wait_for_function("[...document.images].every(image => image.complete)")


@pytest.mark.browser
def test_article_page_shows_every_reference_item(page, newsroom, artifacts):
    expected = newsroom["article"]
    visit(page, newsroom, expected["path"])

    headline = page.locator("h1")
    expect(headline).to_have_count(1)
    expect(headline).to_be_visible()
    expect(headline).to_have_text(expected["title"])

    byline = page.locator(".byline a.byline__author")
    expect(byline.first).to_be_visible()
    assert links(byline) == expected["authors"]

    time = page.locator(".article__meta time")
    expect(time).to_be_visible()
    expect(time).to_have_text(PUBLICATION_TIME)
    expect(time).to_have_text(expected["time"])
    expect(page.locator(".article__meta")).to_contain_text(
        f"{expected['time']} ({expected['zone']}), {expected['dateline']}"
    )
    expect(page.locator(".article__views")).to_be_visible()
    expect(page.locator(".article__views")).to_have_text(re.compile(r"^Views: \d[\d,.\s]*$"))

    strip = page.locator(".rubric-strip a")
    expect(strip.first).to_be_visible()
    expect(strip.first).to_have_class(re.compile(r"\brubric\b"))
    assert links(strip) == [expected["section"], *expected["tags"]]

    lead = page.locator(".article__lead")
    expect(lead).to_be_visible()
    expect(lead).to_have_text(expected["lead"])

    picture = page.locator(".article__image img")
    expect(picture).to_be_visible()
    assert picture.get_attribute("width") and picture.get_attribute("height")
    assert picture.evaluate("image => image.complete && image.naturalWidth > 0"), "the lead image did not load"

    related = page.locator(".article__body .related-story")
    expect(related).to_be_visible()
    assert links(related.locator("a")) == [expected["related"]]
    expect(related.locator(".related-story__lead")).not_to_be_empty()

    subscribe = page.locator(".subscribe-line")
    expect(subscribe).to_be_visible()
    assert links(subscribe.locator("a")) == expected["channels"]
    assert expected["channels"], "the demo settings have no channels"

    expect(page.locator(".typo-hint")).to_be_visible()
    expect(page.locator(".typo-hint")).to_have_text(TYPO_HINT)

    foot_tags = page.locator(".article__footer .tag-list a")
    expect(foot_tags.first).to_be_visible()
    assert links(foot_tags) == expected["tags"]

    assert expected["has_rules"], "the demo settings have no comment rules"
    rules = page.locator(".comments .comment-rules")
    expect(rules).to_be_visible()
    expect(rules).not_to_be_empty()

    # The reference order, top to bottom as the reader meets it.
    order = [
        headline,
        byline.first,
        time,
        strip.first,
        lead,
        subscribe,
        page.locator(".article__body"),
        page.locator(".typo-hint"),
        foot_tags.first,
        rules,
    ]
    tops = [top(item) for item in order]
    assert tops == sorted(tops), f"the article's parts are out of order: {tops}"

    # Wide screen: the sidebar sits beside the article.
    main, sidebar = page.locator(".layout__main"), page.locator(".layout__sidebar")
    assert sidebar.bounding_box()["x"] > main.bounding_box()["x"] + main.bounding_box()["width"] - 1
    load_lazy_images(page)
    page.screenshot(path=artifacts / "article.png", full_page=True)

    # A 320 px phone: nothing wider than the screen, the sidebar below the article.
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page is {width} px wide on a 320 px screen"
    main_box = main.bounding_box()
    assert sidebar.bounding_box()["y"] >= main_box["y"] + main_box["height"]
    load_lazy_images(page)
    page.screenshot(path=artifacts / "article-320.png", full_page=True)


@pytest.mark.browser
def test_pages_have_no_accessibility_violations_in_either_colour_scheme(page, newsroom, axe_script):
    found = []
    backgrounds = {}
    paths = [newsroom[name]["path"] if name == "article" else newsroom[name] for name in AXE_PAGES]
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for path in [*paths, *ACCOUNT_PAGES]:
            visit(page, newsroom, path)
            backgrounds.setdefault(scheme, page.evaluate("getComputedStyle(document.body).backgroundColor"))
            found += [f"[{scheme}] {violation}" for violation in axe_violations(page, axe_script)]
    assert backgrounds["light"] != backgrounds["dark"], "the dark colour scheme changed nothing"
    if found:
        report = "\n".join(found)
        print(report)
        pytest.fail(f"axe-core found {len(found)} violation(s):\n{report}", pytrace=False)


@pytest.mark.browser
def test_first_tab_reveals_the_skip_link(page, newsroom):
    visit(page, newsroom, newsroom["article"]["path"])
    skip = page.locator(".skip-link")
    expect(skip).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport(ratio=1)
    expect(skip).to_have_text("Skip to content")
    assert skip.evaluate("link => getComputedStyle(link).outlineStyle") != "none", "no visible focus ring"

    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
