"""What the comment policy's page in the admin shows beside the settings: how asking writers to look again works out,
where the newsroom decides whether to ask (the score block's *Ask the writer to reconsider first*)."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.panels import Panel


class SecondLookPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            from .selectors import second_look_summary

            summary = second_look_summary()
            if not summary["asked"]:
                text = ngettext(
                    "No writer was asked to look again at their comment in the last %(days)d day.",
                    "No writer was asked to look again at their comment in the last %(days)d days.",
                    summary["days"],
                ) % {"days": summary["days"]}
                return format_html("<p data-second-look>{}</p>", text)
            period = ngettext("In the last %(days)d day:", "In the last %(days)d days:", summary["days"]) % {
                "days": summary["days"]
            }
            asked = ngettext(
                "writers were asked to look again at %(asked)d comment the score would hold or reject.",
                "writers were asked to look again at %(asked)d comments the score would hold or reject.",
                summary["asked"],
            ) % {"asked": summary["asked"]}
            sent = ngettext(
                "%(sent)d comment was sent as it was (the queue's filter “Sent despite the filter's warning” "
                "lists them),",
                "%(sent)d comments were sent as they were (the queue's filter “Sent despite the filter's warning” "
                "lists them),",
                summary["sent_anyway"],
            ) % {"sent": summary["sent_anyway"]}
            changed = ngettext(
                "%(changed)d was changed and then sent,", "%(changed)d were changed and then sent,", summary["changed"]
            ) % {"changed": summary["changed"]}
            not_sent = ngettext("%(not_sent)d was not sent.", "%(not_sent)d were not sent.", summary["not_sent"]) % {
                "not_sent": summary["not_sent"]
            }
            note = _(
                "A writer asked again about the same comment counts once; a comment counts as changed when its writer "
                "sends another on the same article within a day of the question."
            )
            return format_html(
                "<p data-second-look>{} {} {} {} {}</p><p>{}</p>", period, asked, sent, changed, not_sent, note
            )
