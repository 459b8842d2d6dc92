from django.core.management.base import BaseCommand

from masthead.audience.services import flush_view_counts


class Command(BaseCommand):
    help = (
        "Add the buffered article views to the view counts and per-day counts. The worker does this every "
        "MASTHEAD_AUDIENCE_FLUSH_INTERVAL seconds; run it by hand, or from cron where no worker runs."
    )

    def handle(self, *args, **options):
        added = flush_view_counts()
        if options["verbosity"]:
            self.stdout.write(f"Added {added} views.")
