import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from masthead.newsroom.demo.builder import BASE_ARTICLES, DemoBuilder


class Command(BaseCommand):
    help = (
        "Load neutral demo content: sections, authors, tags and articles in English and Russian. "
        "Running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=BASE_ARTICLES,
            help=f"How many English articles to have in all (default {BASE_ARTICLES}); "
            "large numbers are created in bulk.",
        )

    def handle(self, *args, articles, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        started = time.monotonic()
        DemoBuilder(stdout=self.stdout, articles=articles).build()
        if articles > BASE_ARTICLES:
            from masthead.newsroom.demo.bulk import add_bulk_articles

            add_bulk_articles(total=articles, stdout=self.stdout)
            # Bulk articles skip Wagtail's publish signals: the archive and search indexes are built in one go.
            call_command("audience_rebuild_archive", verbosity=0)
            call_command("search", "rebuild", verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Demo content ready in {time.monotonic() - started:.1f} s."))
