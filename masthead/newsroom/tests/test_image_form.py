"""Editors are told that a picture's description is its alt text, read out in the picture's place."""

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
