"""A picture's credit reads "Photo: <name>" once, whether or not the editor typed "Photo:" in the credit field."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from masthead.newsroom.models.blocks import CaptionedImageBlock

from . import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        ("en", "Photo: Staff", "Photo: Staff"),
        ("en", "Staff", "Photo: Staff"),
        ("ru", "Фото: ТАСС", "Фото: ТАСС"),
        ("ru", "photo:ТАСС", "Фото: ТАСС"),
        ("en", "Photographer unknown", "Photo: Photographer unknown"),
    ],
)
def test_the_credit_is_headed_photo_once(language, typed, shown):
    block = CaptionedImageBlock()
    value = block.to_python({"image": factories.image().pk, "caption": "The bridge at dawn", "credit": typed})
    with translation.override(language):
        html = block.render(value)
    assert BeautifulSoup(html, "html.parser").select_one(".credit").get_text() == shown
