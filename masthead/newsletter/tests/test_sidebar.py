"""The sidebar form is on every page, costs no database query, and is labelled for every reader."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


def test_sidebar_form_needs_no_query():
    # The site's name comes from the page's context (the context processor every page runs anyway).
    # The form's address depends on the active language; an English page is meant here, whatever ran before.
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        html = render_to_string("newsletter/sidebar_form.html", {"site_name": "Test City News"})
    assert len(queries) == 0
    assert 'action="/newsletter/subscribe/"' in html


def test_sidebar_form_is_on_listing_pages_too_and_every_control_has_a_label(client):
    section = factories.section(title="City")
    factories.article(parent=section)
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    block = soup.select_one("aside [data-newsletter]")
    assert block is not None
    for control in block.select("input:not([type=radio])"):
        assert block.select_one(f"label[for={control['id']}]") is not None
    for radio in block.select("input[type=radio]"):
        assert radio.find_parent("label") is not None
    assert block.select_one("fieldset legend").get_text(strip=True) == "How often"


def test_russian_pages_post_to_the_russian_address():
    with translation.override("ru"):
        html = render_to_string("newsletter/sidebar_form.html", {"site_name": "Новости"})
    assert 'action="/ru/newsletter/subscribe/"' in html
