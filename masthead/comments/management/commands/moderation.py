"""`masthead moderation train`: retrain the abuse and spam score from this site's own moderator decisions."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from masthead.comments.models import Comment


def moderator_decisions():
    """(text, was_rejected) for every comment a moderator approved, rejected or deleted."""
    decided = Comment.objects.filter(moderated_at__isnull=False).only("text", "status")
    for comment in decided.iterator(chunk_size=2000):
        yield comment.text, comment.status != Comment.Status.PUBLISHED


class Command(BaseCommand):
    help = "Moderation tools. `train` retrains the abuse and spam score from moderator decisions."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["train"])
        parser.add_argument(
            "--min-decisions", type=int, default=20, help="Refuse to train on fewer decisions than this (20)."
        )

    def handle(self, *args, action, min_decisions, **options):
        from masthead.comments.moderation.classifier import train_from_decisions

        decisions = list(moderator_decisions())
        rejected = sum(1 for _text, bad in decisions if bad)
        self.stdout.write(
            f"Moderator decisions: {len(decisions)} ({rejected} rejected, {len(decisions) - rejected} approved)"
        )
        if len(decisions) < min_decisions:
            raise CommandError(
                f"Only {len(decisions)} moderator decisions; need at least {min_decisions} to learn from. "
                "The shipped model stays in use."
            )
        started = time.monotonic()
        classifier = train_from_decisions(decisions)
        path = settings.DATA_DIR / "moderation-model"
        classifier.save(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Trained in {time.monotonic() - started:.1f} s; saved to {path}. Workers load it on start."
            )
        )
