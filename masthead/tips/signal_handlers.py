"""A tip's files leave storage with their rows (the tip deleted, or the file alone)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import TipFile


@receiver(post_delete, sender=TipFile)
def delete_stored_file(sender, instance, **kwargs):
    if instance.file:
        # After the commit: a rolled-back delete must not lose the file.
        transaction.on_commit(lambda: instance.file.storage.delete(instance.file.name))
