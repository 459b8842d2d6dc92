"""Wagtail's Editors and Moderators do a newsroom's daily work without a superuser: translating a story into the
other edition and keeping the newsroom's settings (the breaking-news banner, the comment rules)."""

import pytest
from wagtail.models import Locale

from masthead.newsroom.tests import factories
from masthead.typos.tests import helpers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make_person", [helpers.editor, helpers.chief], ids=["Editors", "Moderators"])
def test_editors_and_chief_editors_translate_stories_and_keep_the_newsrooms_settings(client, make_person):
    story = factories.article(title="Bridge reopens")
    Locale.objects.get_or_create(language_code="ru")
    client.force_login(make_person())
    translate = client.get(f"/admin/translation/submit/page/{story.pk}/")
    assert translate.status_code == 200 and "ru" in translate.content.decode()
    settings_page = client.get("/admin/settings/newsroom/newsroomsettings/", follow=True)
    assert settings_page.status_code == 200
    assert "do not have permission" not in settings_page.content.decode()
