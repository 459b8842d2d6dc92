"""The newsroom's reactions to saves elsewhere, connected from `apps.ready()` only."""

from django.db.models.signals import post_delete, post_save


def forget_site_texts(sender, instance, **kwargs):
    instance.site_settings.forget_cached_texts()


def forget_site_texts_of_settings(sender, instance, **kwargs):
    instance.forget_cached_texts()


def connect():
    from .models import NewsroomSettings, SiteTexts

    post_save.connect(forget_site_texts, sender=SiteTexts, dispatch_uid="newsroom-texts-saved")
    post_delete.connect(forget_site_texts, sender=SiteTexts, dispatch_uid="newsroom-texts-deleted")
    post_save.connect(
        forget_site_texts_of_settings,
        sender=NewsroomSettings,
        dispatch_uid="newsroom-settings-saved",
    )
