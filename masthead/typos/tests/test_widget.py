"""The widget on the article page: small, labelled, translated, and every body block marked with its id."""

import gettext
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from masthead.newsroom.tests import factories

from . import helpers

APP = Path(__file__).resolve().parents[1]
WIDGET = APP / "static" / "typos" / "typos.js"


def test_widget_script_is_under_8_kilobytes_before_compression():
    assert WIDGET.stat().st_size < 8 * 1024


@pytest.mark.django_db
def test_article_page_marks_each_body_block_and_carries_a_labelled_dialog(client):
    article = helpers.article()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    blocks = soup.select("[data-typo-scope=body] > [data-block-id]")
    assert [block["data-block-id"] for block in blocks] == [block.id for block in article.body]
    dialog = soup.select_one("dialog[data-typo-dialog]")
    assert soup.select_one(f"#{dialog['aria-labelledby']}").get_text() == "Report an error"
    for field in dialog.select("input, textarea"):
        assert soup.select_one(f"label[for={field['id']}]") is not None
    assert dialog["data-endpoint"] == f"/api/v1/articles/{article.pk}/typos"
    texts = json.loads(soup.select_one("#typo-texts").string)
    assert texts["thanks"] == "Thank you! Now the editors are aware."


@pytest.mark.django_db
def test_logged_in_readers_are_not_asked_for_an_email(client):
    article = helpers.article()
    client.force_login(helpers.user())
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.select_one("#typo-email") is None


@pytest.mark.django_db
def test_russian_edition_speaks_russian(client):
    article = helpers.article()
    factories.home(language="ru")
    factories.translate(article.get_parent().specific, "ru")
    russian = factories.translate(article, "ru", title="Совет одобрил бюджет")
    soup = BeautifulSoup(client.get(russian.url).content, "html.parser")
    assert soup.select_one("#typo-dialog-title").get_text() == "Сообщить об ошибке"
    assert json.loads(soup.select_one("#typo-texts").string)["thanks"] == "Спасибо! Теперь редакция знает."


def test_every_string_of_the_app_has_a_compiled_russian_translation():
    source = (APP / "locale" / "ru" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in source
    assert not re.search(r'msgstr(\[\d\])? ""\n\n', source.split("\n\n", 1)[1] + "\n\n")
    with (APP / "locale" / "ru" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Thank you! Now the editors are aware.") == "Спасибо! Теперь редакция знает."
    assert compiled.ngettext("%(counter)s reader", "%(counter)s readers", 5) == "%(counter)s читателей"
