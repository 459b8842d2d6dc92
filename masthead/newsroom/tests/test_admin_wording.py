"""The admin speaks to editors plainly: what a picture's description is for, and choosers named in good Russian."""

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


def test_the_russian_article_editor_offers_to_choose_a_series_and_a_sponsor_in_good_russian(client):
    from wagtail.users.models import UserProfile

    story = factories.article(title="Bridge reopens")
    chief = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    profile = UserProfile.get_for_user(chief)
    profile.preferred_language = "ru"
    profile.save()
    client.force_login(chief)
    page = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "Выбрать серию" in page and "Выбрать спонсора" in page
    assert "Выбрать серия" not in page and "Выбрать спонсор<" not in page
