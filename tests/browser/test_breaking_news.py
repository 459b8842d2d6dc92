"""The breaking news banner reads well in both colour schemes and leads to its story."""

import pytest

from .conftest import axe_violations_in_both_schemes
from .test_audience_calendar import in_a_thread

pytestmark = pytest.mark.browser


def test_the_banner_is_accessible_in_both_schemes_and_leads_to_the_story(newsroom, page, axe_script, artifacts):
    def announce():
        from wagtail.models import Site

        from masthead.newsroom.models import ArticlePage, NewsroomSettings, SiteTexts

        story = ArticlePage.objects.live().filter(locale__language_code="en").order_by("-first_published_at").first()
        newsroom_settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
        SiteTexts.objects.update_or_create(
            site_settings=newsroom_settings, language="en", defaults={"breaking_story": story}
        )
        return story.title

    headline = in_a_thread(announce)
    page.goto(newsroom["base"] + newsroom["section_listing"])
    banner = page.get_by_role("region", name="Breaking news")
    assert banner.inner_text().split(maxsplit=1)[1] == headline
    page.screenshot(path=str(artifacts / "breaking-news.png"))
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
    banner.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == headline
