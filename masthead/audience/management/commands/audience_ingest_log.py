from django.core.management.base import BaseCommand

from masthead.audience import conf
from masthead.audience.proxy_log import ingest


class Command(BaseCommand):
    help = "Count the views in the caching proxy's log written since the last run (the worker does it every 5 s)."

    def add_arguments(self, parser):
        parser.add_argument("log", nargs="?", help="the log's path (default: MASTHEAD_AUDIENCE_PROXY_LOG)")

    def handle(self, *args, log=None, **options):
        path = log or conf.proxy_log()
        if not path:
            self.stderr.write("No log given and MASTHEAD_AUDIENCE_PROXY_LOG is not set.")
            return
        counted, skipped = ingest(path)
        details = ", ".join(f"{reason} {number}" for reason, number in sorted(skipped.items())) or "none"
        self.stdout.write(f"{counted} views counted; not counted: {details}.")
