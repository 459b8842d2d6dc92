from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock


class PollBlock(SnippetChooserBlock):
    """A reader poll in the body: its question and answers, voted on in place (or on the poll's own page)."""

    def __init__(self, **kwargs):
        super().__init__("polls.Poll", **kwargs)

    class Meta:
        icon = "list-ul"
        label = _("Poll")
        template = "polls/block.html"
