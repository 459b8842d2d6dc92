"""The interface is translated into Russian: every string in the catalogue, compiled into what Django loads."""

import gettext
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "masthead"
# The project's catalogue, and those apps keep of their own (Django reads every installed app's locale folder).
CATALOGUES = sorted(path.parent for path in PACKAGE.glob("**/locale/ru/LC_MESSAGES/django.po"))


def catalogue_entries(folder):
    """(msgid, msgstr list, fuzzy, context or None) for each entry of the .po file, read without any gettext
    tooling."""
    text = (folder / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        fuzzy = "#, fuzzy" in block
        strings = {}
        for key, body in re.findall(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', block, re.M):
            strings[key] = (
                "".join(re.findall(r'"(.*)"', body)).encode().decode("unicode_escape").encode("latin-1").decode()
            )
        if "msgid" in strings:
            translations = [v for k, v in strings.items() if k.startswith("msgstr")]
            entries.append((strings["msgid"], translations, fuzzy, strings.get("msgctxt")))
    return entries


def test_the_project_catalogue_is_among_those_checked():
    assert PACKAGE / "locale" / "ru" / "LC_MESSAGES" in CATALOGUES
    assert len(catalogue_entries(PACKAGE / "locale" / "ru" / "LC_MESSAGES")) > 250


@pytest.mark.parametrize("folder", CATALOGUES, ids=lambda folder: str(folder.relative_to(PACKAGE)))
def test_every_interface_string_has_a_russian_translation(folder):
    entries = catalogue_entries(folder)
    untranslated = [msgid for msgid, translations, fuzzy, _context in entries if fuzzy or not all(translations)]
    assert untranslated == []


@pytest.mark.parametrize("folder", CATALOGUES, ids=lambda folder: str(folder.relative_to(PACKAGE)))
def test_compiled_catalogue_matches_the_source(folder):
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, translations, _fuzzy, context in catalogue_entries(folder)
        if len(translations) == 1
        and (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)) != translations[0]
    ]
    assert stale == []


def test_our_russian_words_do_not_replace_wagtails_own_in_the_admin():
    """The project's catalogue is read before Wagtail's, so a bare msgid of ours renames Wagtail's word everywhere:
    "Reports" became the comment reports' "Жалобы" in the admin's menu, a live page's status "Онлайн" (live
    coverage). Words with another meaning here carry a context."""
    from django.utils import translation

    with translation.override("ru"):
        assert translation.gettext("Reports") == "Отчеты"
        assert translation.gettext("Live") == "Опубликовано"
        assert translation.gettext("Published") == "Опубликовано"
        assert translation.pgettext("live coverage", "Live") == "Онлайн"
        assert translation.pgettext("readers' reports of a comment", "Reports") == "Жалобы"
        assert translation.pgettext("comment status", "Published") == "Опубликован"
