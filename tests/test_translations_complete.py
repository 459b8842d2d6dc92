"""The interface is translated into Russian: every string in the catalogue, compiled into what Django loads."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "masthead" / "locale" / "ru" / "LC_MESSAGES"


def catalogue_entries():
    """(msgid, msgstr list, fuzzy) for each entry of the .po file, read without any gettext tooling."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        fuzzy = "#, fuzzy" in block
        strings = {}
        for key, body in re.findall(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', block, re.M):
            strings[key] = (
                "".join(re.findall(r'"(.*)"', body)).encode().decode("unicode_escape").encode("latin-1").decode()
            )
        if "msgid" in strings:
            entries.append((strings["msgid"], [v for k, v in strings.items() if k.startswith("msgstr")], fuzzy))
    return entries


def test_every_interface_string_has_a_russian_translation():
    entries = catalogue_entries()
    assert len(entries) > 250
    untranslated = [msgid for msgid, translations, fuzzy in entries if fuzzy or not all(translations)]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, translations, _fuzzy in catalogue_entries()
        if len(translations) == 1 and compiled.gettext(msgid) != translations[0]
    ]
    assert stale == []
