"""Editors choose summary or full text, the feed length and the WebSub hub in the admin's settings."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Site

from masthead.feeds.models import FeedSettings
from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


def test_an_editor_sets_full_text_and_a_hub_in_the_admin(client):
    factories.home()
    site = Site.objects.get(is_default_site=True)
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse")
    client.force_login(admin)
    url = reverse("wagtailsettings:edit", args=["feeds", "feedsettings", site.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"WebSub hub" in page.content
    response = client.post(url, {"content": "full", "items": "25", "websub_hub": "https://hub.example.org/"})
    assert response.status_code == 302
    saved = FeedSettings.for_site(site)
    assert (saved.full_text, saved.items, saved.hub_url) == (True, 25, "https://hub.example.org/")


def test_feed_length_outside_20_to_50_is_refused(client):
    factories.home()
    site = Site.objects.get(is_default_site=True)
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse"))
    url = reverse("wagtailsettings:edit", args=["feeds", "feedsettings", site.pk])
    response = client.post(url, {"content": "summary", "items": "500", "websub_hub": ""})
    assert response.status_code == 200  # the form again, with the error
    assert FeedSettings.for_site(site).items == 30
