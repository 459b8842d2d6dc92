from django.core.management.base import BaseCommand

from masthead.audience.services import archive_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the archive's index (each live article filed under its local publication day): after a "
        "bulk import that bypassed Wagtail's publishing, or after a change of TIME_ZONE."
    )

    def handle(self, *args, **options):
        filed = archive_rebuild()
        if options["verbosity"]:
            self.stdout.write(f"Filed {filed} articles.")
