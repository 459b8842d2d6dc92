from django.core.management.base import BaseCommand

from masthead.channels.services import deliver_due


class Command(BaseCommand):
    help = (
        "Queue every channel post whose time has come, retries included. "
        "The worker's schedule runs this every few seconds; run it by hand to nudge posting along."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"queued: {deliver_due()}")
