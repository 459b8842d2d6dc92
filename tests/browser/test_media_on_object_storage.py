"""With media on an S3-compatible bucket, a reader's browser shows the article's picture from the bucket, and the
page's Content-Security-Policy lets it."""

import pytest
from django.conf import settings as django_settings

from tests.test_object_storage import bucket_server, media_settings  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def media_on_the_bucket(bucket_server, settings, tmp_path):  # noqa: F811
    """The settings `masthead/settings.py` builds from MEDIA_* for this bucket, in place before the demo uploads."""
    endpoint, _client = bucket_server
    configured = media_settings(tmp_path, endpoint)
    settings.STORAGES = {**django_settings.STORAGES, "default": configured["default"]}
    settings.MEDIA_URL = configured["media_url"]
    policy = django_settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**policy["DIRECTIVES"], "img-src": configured["img_src"]},
    }
    return endpoint


def test_the_article_picture_comes_from_the_bucket_and_the_policy_lets_it(media_on_the_bucket, newsroom, browser):
    page = browser.new_context().new_page()
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(newsroom["base"] + newsroom["article"]["path"])
    picture = page.locator(".article__image img")
    picture.wait_for()
    page.wait_for_function("document.querySelector('.article__image img').complete")
    assert picture.evaluate("img => img.currentSrc").startswith(f"{media_on_the_bucket}/newsroom-media/")
    assert picture.evaluate("img => img.naturalWidth") > 0, "the picture did not load"
    assert refused == []
