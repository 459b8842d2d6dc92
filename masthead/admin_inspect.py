"""The inspect page of the project's snippets in the admin."""

from wagtail.snippets.views.snippets import InspectView as SnippetInspectView


class InspectView(SnippetInspectView):
    """A field with nothing in it reads as a dash: Wagtail printed "None" for a time not reached yet (a subscriber's
    unsubscribed date, a post's posted time) and for an empty link, in every language."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value
