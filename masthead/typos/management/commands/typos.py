"""`masthead typos digest`: mail editors the typo reports that came in since the last digest."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Typo report tools. `digest` mails editors the new reports since the last digest (run it from cron)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["digest"])
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the digest for a background worker instead of sending now."
        )

    def handle(self, *args, action, enqueue, **options):
        from masthead.typos.notifications import digest_send
        from masthead.typos.tasks import send_digest

        if enqueue:
            result = send_digest.enqueue()
            self.stdout.write(f"Digest queued as task {result.id}.")
            return
        sent = digest_send()
        self.stdout.write(self.style.SUCCESS(f"Digest mailed to {sent} recipient(s).") if sent else "No new reports.")
