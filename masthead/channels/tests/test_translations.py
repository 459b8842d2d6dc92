"""Every reader- and editor-facing string of this app has a Russian translation, compiled into what Django loads."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "ru" / "LC_MESSAGES"


def test_every_string_has_a_russian_translation_and_the_compiled_catalogue_matches():
    source = polib.pofile(str(CATALOGUE / "django.po"))
    assert source.untranslated_entries() == [] and source.fuzzy_entries() == []
    compiled = {entry.msgid: entry for entry in polib.mofile(str(CATALOGUE / "django.mo"))}
    stale = [
        entry.msgid
        for entry in source
        if compiled.get(entry.msgid) is None or compiled[entry.msgid].msgstr != entry.msgstr
    ]
    assert stale == []
