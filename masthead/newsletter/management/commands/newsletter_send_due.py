from django.core.management.base import BaseCommand

from masthead.newsletter.services import send_due


class Command(BaseCommand):
    help = (
        "Prepare the digests whose time has come and queue the sending of every unfinished one. "
        "The worker's schedule runs this every few seconds; run it by hand to nudge sending along."
    )

    def handle(self, *args, **options):
        summary = send_due()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in summary.items()))
