"""Mail about typo reports: the editors' digest of new reports, and the reader's "it is fixed" note.

The digest is declared like a feed: its subject and templates are attributes, and the logic sits in small
hook methods (`items`, `recipients`), so another digest can change one part without copying the rest.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.permission_policies.pages import PagePermissionPolicy

from masthead.newsroom.addresses import site_sender

from .models import TypoReport, TypoSettings
from .selectors import reports_awaiting_digest


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def review_url(report):
    return admin_url(reverse("typo_reports:edit", args=[report.pk]))


def preferred_language(user):
    from wagtail.users.models import UserProfile

    return UserProfile.get_for_user(user).get_preferred_language() or settings.LANGUAGE_CODE


class ReportDigest:
    """New reports since the last digest, one mail per recipient with the reports they can act on."""

    text_template = "typos/mail/digest.txt"

    def subject(self, count):
        return ngettext("%(count)d new typo report", "%(count)d new typo reports", count) % {"count": count}

    def items(self):
        return list(reports_awaiting_digest().select_for_update(of=("self",)))

    def settings_for(self, article):
        site = article.get_site()
        return TypoSettings.for_site(site) if site else TypoSettings()

    def recipients(self, reports):
        """{(email, language): [reports]}: editors get the reports on articles they can edit; the addresses in
        the site's settings get all of them."""
        pages = PagePermissionPolicy()
        by_recipient = defaultdict(list)
        by_article = defaultdict(list)
        for report in reports:
            by_article[report.article_id].append(report)
        for article_reports in by_article.values():
            article = article_reports[0].article
            site_settings = self.settings_for(article)
            addresses = [(address, settings.LANGUAGE_CODE) for address in site_settings.extra_recipients()]
            if site_settings.digest_to_editors:
                editors = pages.users_with_permission_for_instance("change", article).exclude(email="")
                addresses += [(editor.email, preferred_language(editor)) for editor in editors]
            for address in dict(addresses).items():
                by_recipient[address] += article_reports
        return by_recipient

    def send(self, *, now=None):
        now = now or timezone.now()
        with transaction.atomic():
            reports = self.items()
            if not reports:
                return 0
            sent = 0
            for (address, language), their_reports in sorted(self.recipients(reports).items()):
                with translation.override(language):
                    body = render_to_string(
                        self.text_template,
                        {
                            "reports": [(report, review_url(report)) for report in their_reports],
                            "queue_url": admin_url(reverse("typo_reports:index")),
                        },
                    )
                    send_mail(self.subject(len(their_reports)), body, None, [address])
                sent += 1
            if sent:
                TypoReport.objects.filter(pk__in=[report.pk for report in reports]).update(digested_at=now)
        return sent


def digest_send(*, now=None):
    return ReportDigest().send(now=now)


def reporters_notify(*, report_id, now=None):
    """Mail each reader behind a fixed report once, in the article's language, then forget their email."""
    from .services import tell_reporters_enabled

    report = TypoReport.objects.select_related("article").filter(pk=report_id).first()
    if report is None or report.status != TypoReport.Status.FIXED or not tell_reporters_enabled(report.article):
        return 0
    now = now or timezone.now()
    told = 0
    for reader in report.reporters.filter(notified_at__isnull=True).select_related("user"):
        address = (reader.user.email if reader.user_id else "") or reader.email
        if address:
            with translation.override(reader.language or settings.LANGUAGE_CODE):
                send_mail(
                    _("The error you reported is fixed"),
                    render_to_string(
                        "typos/mail/fixed.txt", {"report": report, "article_url": report.article.full_url or ""}
                    ),
                    site_sender(),
                    [address],
                )
            told += 1
        reader.notified_at, reader.email = now, ""
        reader.save(update_fields=["notified_at", "email"])
    return told
