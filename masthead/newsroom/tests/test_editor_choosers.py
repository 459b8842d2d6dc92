"""The article editor's choosers speak each editor's language, whoever opened an editor first."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


def test_body_choosers_read_in_each_editors_language(client):
    article = factories.article()
    english = get_user_model().objects.create_superuser("en-editor", "en@example.org", "x")
    russian = get_user_model().objects.create_superuser("ru-editor", "ru@example.org", "x")
    profile = UserProfile.get_for_user(russian)
    profile.preferred_language = "ru"
    profile.save()
    client.force_login(english)
    first = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "Choose an article" in first and "Choose a poll" in first
    client.force_login(russian)
    page = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    for russian_text in ["Выбрать статью", "Выбрать опрос"]:
        assert russian_text in page or json.dumps(russian_text)[1:-1] in page, russian_text
    assert "Choose an article" not in page and "Choose a page" not in page and "Choose a poll" not in page
