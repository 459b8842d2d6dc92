from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock


class PollBlock(SnippetChooserBlock):
    """A reader poll in the body: its question and answers, voted on in place (or on the poll's own page)."""

    def __init__(self, **kwargs):
        super().__init__("polls.Poll", **kwargs)

    @cached_property
    def widget(self):
        """The block keeps its widget for the life of the process; Wagtail's own puts its button texts together
        once, in the language of whoever opened an editor first. These stay lazy and read in each editor's."""
        from wagtail.snippets.widgets import AdminSnippetChooser

        return AdminSnippetChooser(
            self.target_model,
            choose_one_text=_("Choose a poll"),
            choose_another_text=_("Choose another poll"),
            link_to_chosen_text=_("Edit this poll"),
        )

    def get_context(self, value, parent_context=None):
        """A closed poll shows its results in the story itself (the same for every reader, so the stored page
        may carry them), from the answers the page loaded already."""
        from .selectors import shares

        context = super().get_context(value, parent_context=parent_context)
        if value and not value.is_open():
            context["closed_total"], context["closed_results"] = shares(value.options.all())
        return context

    class Meta:
        icon = "list-ul"
        label = _("Poll")
        template = "polls/block.html"
