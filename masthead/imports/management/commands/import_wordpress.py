"""`masthead import_wordpress export.xml`: a WordPress site's posts, authors, categories, tags and comments."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import get_supported_language_variant
from tqdm import tqdm

from masthead.imports.services import ImportRefused, WordPressImport
from masthead.imports.wxr import ExportError, read_export


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export → All content, WXR 1.0-1.2): posts become articles in sections "
        "named after their first category, with their authors, tags, comments and original dates; old addresses "
        "redirect to the new ones. Running it again imports only what is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file WordPress exported")
        parser.add_argument(
            "--language",
            help="the edition to import into (a language code of the site); by default the export's own language",
        )
        parser.add_argument(
            "--uploads", help="a copy of the old site's wp-content/uploads folder, to bring the pictures over"
        )

    def handle(self, *args, **options):
        try:
            export = read_export(options["export"])
        except ExportError as error:
            raise CommandError(str(error)) from error
        language = options["language"] or edition_language(export.language)
        try:
            importer = WordPressImport(export, language=language, uploads=options["uploads"])
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{export.title or export.link}: {export.item_count} items, importing into the {language!r} edition."
        )
        progress = tqdm(
            importer.posts(),
            total=export.item_count,
            unit="item",
            disable=options["verbosity"] < 1,
            file=sys.stderr,
        )
        for post, reason in progress:
            if reason is None:
                importer.import_post(post)
            elif reason:
                importer.skip(reason)
        importer.finish()
        for line in importer.report.lines():
            self.stdout.write(line)


def edition_language(code):
    """ "en-US" → "en" when the site has English; the site's default language otherwise."""
    try:
        return get_supported_language_variant((code or "").lower())
    except LookupError:
        return get_supported_language_variant(settings.LANGUAGE_CODE)
