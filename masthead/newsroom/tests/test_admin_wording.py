"""The admin speaks to editors plainly: what a picture's description is for, and choosers named in good Russian."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from . import factories

pytestmark = pytest.mark.django_db


def test_the_image_form_names_the_description_as_the_pictures_alt_text(client):
    picture = factories.image(title="The bridge at dawn")
    client.force_login(get_user_model().objects.create_superuser("chief", "chief@example.org", "pw"))
    page = BeautifulSoup(client.get(f"/admin/images/{picture.pk}/").content, "html.parser")
    field = page.select_one("#id_description")
    assert page.select_one(f"label[for={field['id']}]").get_text(strip=True).startswith("Alt text")
    assert "read out in its place" in page.get_text()


def editor_in(language, name="chief"):
    from wagtail.users.models import UserProfile

    editor = get_user_model().objects.create_superuser(name, f"{name}@example.org", "pw")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    return editor


def test_the_russian_article_editor_offers_to_choose_a_series_and_a_sponsor_in_good_russian(client):
    story = factories.article(title="Bridge reopens")
    client.force_login(editor_in("ru"))
    page = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "Выбрать серию" in page and "Выбрать спонсора" in page
    assert "Выбрать серия" not in page and "Выбрать спонсор<" not in page


def test_the_bodys_choosers_read_in_each_editors_language_whoever_opened_an_editor_first(client):
    """The blocks keep their widgets for the life of the process; their buttons must not keep the first editor's
    language."""
    article = factories.article()
    client.force_login(editor_in("en", "desk"))
    first = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "Choose an article" in first and "Choose a poll" in first
    client.force_login(editor_in("ru"))
    page = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    for russian in ["Выбрать статью", "Выбрать опрос"]:
        assert russian in page or json.dumps(russian)[1:-1] in page, russian
    assert "Choose an article" not in page and "Choose a page" not in page and "Choose a poll" not in page
