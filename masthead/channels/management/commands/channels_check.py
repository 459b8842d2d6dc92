from django.core.management.base import BaseCommand, CommandError

from masthead.channels.adapters import adapter_for
from masthead.channels.adapters.base import ChannelError
from masthead.channels.models import Channel


class Command(BaseCommand):
    help = (
        "Ask each channel's service whether its settings work, posting nothing (a webhook gets a signed ping), as "
        "the admin's Check does. Exits with status 1 when any check fails, so a deployment can stop on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Also the channels switched off.")

    def handle(self, *args, **options):
        channels = Channel.objects.all() if options["all"] else Channel.objects.filter(enabled=True)
        failed = 0
        for channel in channels:
            try:
                found = adapter_for(channel.kind).verify(channel=channel)
            except ChannelError as error:
                failed += 1
                self.stdout.write(self.style.ERROR(f"✗ {channel.name}: {error.message}"))
            else:
                self.stdout.write(self.style.SUCCESS(f"✓ {channel.name}: {found}"))
        if failed:
            raise CommandError(f"{failed} of {len(channels)} channels failed their check", returncode=1)
        if not channels:
            self.stdout.write("No channels to check.")
