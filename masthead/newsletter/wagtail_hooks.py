"""The newsletter in the Wagtail admin: subscribers, digests with their progress, and a preview of the next digest.

Screens decide nothing: the preview renders through the same code that sends, and subscribers cannot be added or
confirmed here, because only an address's owner may subscribe it (double opt-in).
"""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from masthead.admin_inspect import InspectView

from . import conf, digests, selectors
from .mail import digest_message
from .models import Digest, DigestDelivery, Frequency, Subscriber

# --- permissions: rows the site writes itself ------------------------------------------------------------------


class SiteWrittenPermissionPolicy(ModelPermissionPolicy):
    """Editors may look at (and, where allowed, change or delete) these rows, but never add them by hand."""

    forbidden = frozenset({"add"})

    def user_has_permission(self, user, action):
        return action not in self.forbidden and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.forbidden]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


class DigestPermissionPolicy(SiteWrittenPermissionPolicy):
    forbidden = frozenset({"add", "change"})


register_permission_policy(Subscriber, SiteWrittenPermissionPolicy(Subscriber))
register_permission_policy(Digest, DigestPermissionPolicy(Digest))


# --- subscribers --------------------------------------------------------------------------------------------------


class SubscriberForm(WagtailAdminModelForm):
    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Subscriber.Status.CONFIRMED and self.instance.status != Subscriber.Status.CONFIRMED:
            raise forms.ValidationError(
                _("Only the address's owner can confirm, with the link in the confirmation mail.")
            )
        return status


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Subscribers")
    menu_name = "newsletter_subscribers"
    url_prefix = "newsletter/subscribers"
    admin_url_namespace = "newsletter_subscribers"
    search_fields = ["email"]
    list_filter = ["status", "language", "frequency"]
    list_per_page = 50
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = InspectView
    list_display = [
        "email",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column("frequency", label=_("Frequency"), accessor="get_frequency_display"),
        Column("created_at", label=_("Subscribed")),
        Column("confirmed_at", label=_("Confirmed")),
        Column("last_error", label=_("Last mail error")),
    ]
    edit_handler = ObjectList(
        [FieldPanel("language"), FieldPanel("frequency"), FieldPanel("status")], base_form_class=SubscriberForm
    )


# --- digests ---------------------------------------------------------------------------------------------------------


class ProgressColumn(Column):
    def get_value(self, instance):
        if instance.status == Digest.Status.EMPTY:
            return "—"
        return _("%(percent)s%%: %(sent)s of %(total)s sent, %(failed)s failed, %(skipped)s skipped") % {
            "percent": instance.progress_percent,
            "sent": number_format(instance.sent_count, force_grouping=True),
            "total": number_format(instance.recipients, force_grouping=True),
            "failed": number_format(instance.failed_count, force_grouping=True),
            "skipped": number_format(instance.skipped_count, force_grouping=True),
        }


class DigestInspectView(InspectView):
    """A digest's fields, then how many of its deliveries are in each state."""

    def get_fields(self):
        return [*super().get_fields(), "deliveries_by_status"]

    def get_field_label(self, field_name, field):
        if field_name == "deliveries_by_status":
            return _("Deliveries by status")
        return super().get_field_label(field_name, field)

    def get_deliveries_by_status_display_value(self):
        counts = selectors.delivery_counts(digest=self.object)
        labels = dict(DigestDelivery.Status.choices)
        return (
            "; ".join(
                f"{labels[status]}: {number_format(count, force_grouping=True)}"
                for status, count in counts.items()
                if count
            )
            or "—"
        )


class DigestViewSet(SnippetViewSet):
    model = Digest
    icon = "mail"
    menu_label = _("Digests")
    menu_name = "newsletter_digests"
    url_prefix = "newsletter/digests"
    admin_url_namespace = "newsletter_digests"
    list_filter = ["kind", "language", "status"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "kind",
        "language",
        "period_start",
        "period_end",
        "status",
        "recipients",
        "sent_count",
        "failed_count",
        "skipped_count",
        "created_at",
        "finished_at",
    ]
    list_display = [
        "subject",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        ProgressColumn("progress", label=_("Progress")),
        Column("created_at", label=_("Prepared")),
        Column("finished_at", label=_("Finished")),
    ]

    inspect_view_class = DigestInspectView


# --- preview -----------------------------------------------------------------------------------------------------


class PreviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Digest"), choices=Frequency.choices, initial=Frequency.DAILY)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE)


def preview_rendered(kind, language, *, unsubscribe_url="#unsubscribe"):
    """The next digest of this kind and language as it would go out now (or with the latest stories standing in when
    its period is empty), and whether they stand in."""
    start, end = digests.DIGESTS[kind].period(now=timezone.now())
    new_ids, most_read_ids = digests.choose_stories(language=language, start=start, end=end)
    stand_in = not (new_ids or most_read_ids)
    if stand_in:
        # Nothing in the period: show the template with the latest stories so there is something to judge.
        latest = selectors.stories_of_period(since=start - timedelta(days=3650), until=end, language=language)
        new_ids = list(latest.order_by("-first_published_at").values_list("pk", flat=True)[:5])
    rendered = digests.render(
        kind=kind,
        language=language,
        start=start,
        end=end,
        new_story_ids=new_ids,
        most_read_ids=most_read_ids,
        unsubscribe_url=unsubscribe_url,
    )
    return rendered, stand_in


# An editor checks a digest in their own mail program a few times while working on it, not more.
TEST_MAILS_PER_HOUR = "10/h"


def send_preview_to_editor(request, rendered):
    """The preview, as a mail to the editor's own address: how their mail program shows it is what readers see.
    Marked a test in its subject; its unsubscribe link leads to the site's home page."""
    if is_ratelimited(request, group="newsletter.test_mail", key="user", rate=TEST_MAILS_PER_HOUR, increment=True):
        messages.error(request, _("You have sent yourself ten test mails this hour; please wait a while."))
        return
    name = digests.site_name()
    test = replace(rendered, subject=_("[Test] %(subject)s") % {"subject": rendered.subject})
    home = conf.base_url() + "/"
    digest_message(test, address=request.user.email, unsubscribe=home, name=name).send()
    messages.success(request, _("The preview was sent to %(address)s.") % {"address": request.user.email})


def preview_view(request):
    """The next digest as it would go out now, HTML and text, or the latest stories when its period is empty; a POST
    sends it to the editor's own address."""
    if not request.user.has_perm("newsletter.view_digest"):
        raise PermissionDenied
    form = PreviewForm(request.POST if request.method == "POST" else request.GET or None)
    kind, language = (
        (form.cleaned_data["kind"], form.cleaned_data["language"])
        if form.is_valid()
        else (Frequency.DAILY, settings.LANGUAGE_CODE)
    )
    if request.method == "POST":
        if request.user.email:
            # With the placeholder, which the mail replaces with its own unsubscribe link.
            send_preview_to_editor(request, preview_rendered(kind, language, unsubscribe_url=None)[0])
        else:
            messages.error(request, _("Your account has no email address to send the preview to."))
        return redirect(f"{request.path}?{urlencode({'kind': kind, 'language': language})}")
    rendered, stand_in = preview_rendered(kind, language)
    return TemplateResponse(
        request,
        "newsletter/admin/preview.html",
        {
            "form": form if form.is_bound else PreviewForm(),
            "kind": kind,
            "language": language,
            "rendered": rendered,
            "stand_in": stand_in,
            "page_title": _("Digest preview"),
            "header_icon": "view",
        },
    )


class DigestPreviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.view_digest")  # as the view asks: no entry that only refuses


class DigestPreviewViewSet(ViewSet):
    menu_item_class = DigestPreviewMenuItem
    name = "newsletter_preview"
    url_prefix = "newsletter/preview"
    icon = "view"
    menu_label = _("Digest preview")

    def get_urlpatterns(self):
        return [path("", preview_view, name="index")]


class NewsletterGroup(SnippetViewSetGroup):
    items = (SubscriberViewSet, DigestViewSet, DigestPreviewViewSet)
    menu_icon = "mail"
    menu_label = _("Newsletter")
    menu_name = "newsletter"


register_snippet(NewsletterGroup)
