"""Wagtail's image form as the newsroom uses it (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class NewsroomImageForm(BaseImageForm):
    """The library's "description" is what pages read out in place of the picture (its `alt`): the form says so,
    as editors left it empty, and every picture in a story was announced as nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"].label = _("Alt text")
            self.fields["description"].help_text = _(
                "What the picture shows, for readers who cannot see it: read out in its place. "
                "Leave it empty only for a picture that is decoration."
            )
