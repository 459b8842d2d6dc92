"""`masthead search rebuild`: index every live, public article again (after a restore, an import or the demo data)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class Command(BaseCommand):
    help = "Search index tools. `rebuild` empties the index and indexes every live article, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--batch-size", type=int, default=500, help="Articles indexed per transaction.")

    def handle(self, *args, action, batch_size, **options):
        if batch_size < 1:
            # Checked before anything is touched: the rebuild empties the index first.
            raise CommandError("--batch-size must be 1 or more.")
        from masthead.newsroom.models import ArticlePage
        from masthead.newsroom.privacy import public
        from masthead.search.services import index_rebuild

        started = time.monotonic()
        total = public(ArticlePage.objects.live()).count()
        with tqdm(total=total, unit="article", file=sys.stderr, disable=options["verbosity"] == 0) as bar:
            indexed = index_rebuild(batch_size=batch_size, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} articles in {time.monotonic() - started:.1f} s."))
