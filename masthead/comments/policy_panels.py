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
                "writers were asked %(asked)d time to look again at a comment the score would hold or reject.",
                "writers were asked %(asked)d times to look again at a comment the score would hold or reject.",
                summary["asked"],
            ) % {"asked": summary["asked"]}
            sent = ngettext(
                "%(sent)d such comment was sent as it was (the queue's filter “Sent despite the filter's warning” "
                "lists them); the others were changed or not sent.",
                "%(sent)d such comments were sent as they were (the queue's filter “Sent despite the filter's "
                "warning” lists them); the others were changed or not sent.",
                summary["sent_anyway"],
            ) % {"sent": summary["sent_anyway"]}
            note = _("A writer asked twice about one comment counts twice.")
            return format_html("<p data-second-look>{} {} {} {}</p>", period, asked, sent, note)
