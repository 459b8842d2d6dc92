"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

No browser is downloaded: Playwright launches the system chromium. Every test builds a small demo newsroom
with the project's own builder, so the pages under test are the ones editors would make.

Playwright's sync API keeps an asyncio loop registered on the test thread while it runs, and Django refuses
database calls from a thread with a running loop. So every database read happens in `newsroom` before the
browser starts, and the browser is closed before pytest-django flushes the database.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_ARTICLES = 12
# axe-core's rules for WCAG 2.0 to 2.2, levels A and AA, and its best practices. Its default run leaves out some
# of WCAG 2.2 (target size, 2.5.8): a 16 px link right under an input passed it and failed Lighthouse.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


# The password of the people tests make before the browser starts.
PASSWORD = "a long and unusual passphrase 42"


def verified_reader(username, display_name):
    """A reader who can sign in at once (`<username>@example.org`, PASSWORD): a display name and a verified
    address. Made before the browser starts."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from masthead.accounts.services import reader_profile_save

    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD)
    reader_profile_save(user=user, display_name=display_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in_to_admin(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def path_of(url):
    """The path of a page's address: pages are visited on the live server, whatever the site's host."""
    return urlsplit(url).path


def reference_article():
    """An English demo article with everything the reference page has: authors, tags, a dateline, a lead
    image and an inline related story."""
    from masthead.newsroom.models import ArticlePage

    candidates = (
        ArticlePage.objects.live()
        .filter(locale__language_code="en", image__isnull=False)
        .exclude(dateline="")
        .order_by("-first_published_at")
    )
    for article in candidates:
        related = [block.value["article"] for block in article.body if block.block_type == "related_story"]
        if related and related[0] and article.article_authors.exists() and article.tags.exists():
            return article, related[0].specific
    pytest.fail(
        f"The demo builder made no English article with authors, tags, a dateline, a lead image and a "
        f"related story among {DEMO_ARTICLES} articles; the browser tests need one."
    )


@pytest.fixture
def newsroom(transactional_db, django_db_serialized_rollback, live_server):
    """Build the demo newsroom and read everything the tests expect to see, before any browser starts.

    The live server only sees committed rows, hence `transactional_db`; the serialized rollback puts back
    what migrations created (Wagtail's root page, the default site) after each test's flush.
    """
    from django.conf import settings
    from django.utils import timezone

    from masthead.audience.selectors import archive_day_url
    from masthead.newsroom.demo.builder import DemoBuilder
    from masthead.newsroom.models import InfoPage, NewsroomSettings, SectionPage
    from masthead.newsroom.selectors import home_of, with_tag_urls
    from masthead.newsroom.templatetags.newsroom_tags import publication_time
    from masthead.newsroom.timezones import time_zone_label

    DemoBuilder(stdout=sys.stdout, articles=DEMO_ARTICLES).build()

    article, related = reference_article()
    home = home_of(article)
    section = article.get_parent().specific
    tags = with_tag_urls(sorted(article.tags.all(), key=lambda tag: (tag.kind != "place", tag.name.lower())), home=home)
    newsroom_settings = NewsroomSettings.objects.get()
    channels = [(block.value["name"], block.value["url"]) for block in newsroom_settings.channels]
    texts = newsroom_settings.texts.get(language="en")
    listing = SectionPage.objects.live().filter(locale__language_code="en").order_by("path").first()
    return {
        "base": live_server.url,
        "home": path_of(home.url),
        "section_listing": path_of(listing.url),
        "author_page": path_of(article.article_authors.first().author.url),
        "archive_day": archive_day_url(timezone.localtime(article.first_published_at).date()),
        "info_page": path_of(InfoPage.objects.live().get(locale__language_code="en", slug="about").url),
        "article": {
            "path": path_of(article.url),
            "title": article.title,
            "lead": article.lead,
            "authors": [(row.author.title, path_of(row.author.url)) for row in article.article_authors.all()],
            "time": publication_time(article.first_published_at),
            "zone": texts.time_zone_label or str(time_zone_label(settings.TIME_ZONE)),
            "dateline": article.dateline,
            "section": (section.title, path_of(section.url)),
            "tags": [(tag.name, tag.url) for tag in tags],
            "related": (related.title, path_of(related.url)),
            "channels": channels,
            "has_rules": bool(texts.comment_rules),
        },
    }


@pytest.fixture
def browser(newsroom):
    """Debian's chromium, started after the data is built and closed before the database is flushed."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def axe_script():
    if not AXE_SCRIPT.exists():
        pytest.fail(
            f"{AXE_SCRIPT.relative_to(REPO_ROOT)} is missing: run `npm ci` in {REPO_ROOT} "
            "to install axe-core from package-lock.json before the browser tests."
        )
    return AXE_SCRIPT


def axe_violations_in_both_schemes(page, axe_script):
    """axe-core's violations on the page as it is now, in the light and the dark colour scheme."""
    violations = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations += axe_violations(page, axe_script)
    return violations


def axe_violations(page, axe_script):
    """axe-core's violations on the page as it is now, one readable line each."""
    # Evaluated by the driver, not added as a <script> element: the pages' policy allows none but their own.
    page.evaluate(Path(axe_script).read_text())
    results = page.evaluate(
        "async (tags) => await axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
    ]
