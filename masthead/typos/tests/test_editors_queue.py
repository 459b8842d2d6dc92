"""Editors work the queue in the admin: see each report in its context, filter, act in one click; the dashboard
shows new reports and a digest mails them."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories
from masthead.typos.models import Correction, TypoReport

from . import helpers

pytestmark = pytest.mark.django_db

QUEUE = "/admin/typos/reports/"


@pytest.fixture
def reported(client):
    """An article with two reports: one with a suggestion in the second paragraph, one in the headline."""
    article = helpers.article()
    helpers.post_report(client, article.pk, {**helpers.place(article, "teh", block_index=2), "suggestion": "the"})
    helpers.post_report(client, article.pk, helpers.place(article, "teh", scope="headline"), REMOTE_ADDR="192.0.2.5")
    return article


def test_queue_shows_the_selection_highlighted_in_its_context_with_count_and_a_link_to_the_editor(client, reported):
    client.force_login(helpers.chief())
    soup = BeautifulSoup(client.get(QUEUE).content, "html.parser")
    rows = soup.select("table.listing tbody tr")
    assert len(rows) == 2
    row = next(row for row in rows if "Critics said" in row.get_text())
    assert row.select_one("mark").get_text() == "teh"
    assert "Critics said " in row.select_one(".typo-context").get_text()
    assert row.select_one(f'a[href="/admin/pages/{reported.pk}/edit/"]').get_text() == reported.title
    assert "the" in [cell.get_text(strip=True) for cell in row.select("td")]
    assert row.select_one('button[value="apply"]') is not None


def test_queue_filters_by_status_and_article(client, reported):
    other = helpers.article(title="Another story")
    helpers.post_report(client, other.pk, helpers.place(other, "Whta", block_index=1))
    TypoReport.objects.filter(article=reported, scope="headline").update(status=TypoReport.Status.DISMISSED)
    client.force_login(helpers.chief())

    def shown(query):
        soup = BeautifulSoup(client.get(QUEUE + query).content, "html.parser")
        return sorted(mark.get_text() for mark in soup.select("table.listing tbody mark"))

    assert shown("") == ["Whta", "teh"]  # opens on new reports
    assert shown("?status=dismissed") == ["teh"]
    assert shown(f"?status=&article={reported.pk}") == ["teh", "teh"]
    assert shown(f"?article={other.pk}") == ["Whta"]


def test_one_click_apply_from_the_queue_publishes_the_fix(client, reported):
    client.force_login(helpers.chief())
    report = TypoReport.objects.get(scope="body")
    response = client.post(f"{QUEUE}edit/{report.pk}/", {"action": "apply", "next": QUEUE}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "Fixed and published" in response.content.decode()
    assert "the plan" in ArticlePage.objects.get(pk=reported.pk).body[2].value.source


def test_a_refused_apply_says_why_and_changes_nothing(client, reported):
    client.force_login(helpers.chief())
    report = TypoReport.objects.get(scope="body")
    TypoReport.objects.filter(pk=report.pk).update(offset=3)
    response = client.post(f"{QUEUE}edit/{report.pk}/", {"action": "apply"}, follow=True)
    assert "changed since the report" in response.content.decode()
    assert TypoReport.objects.get(pk=report.pk).status == "new"


def test_review_page_marks_fixed_with_a_correction_and_dismisses(client, reported):
    client.force_login(helpers.chief())
    body, headline = TypoReport.objects.get(scope="body"), TypoReport.objects.get(scope="headline")
    page = client.get(f"{QUEUE}edit/{body.pk}/").content.decode()
    assert "Apply and publish" in page and "<mark>teh</mark>" in page
    client.post(
        f"{QUEUE}edit/{body.pk}/",
        {"action": "fixed", "is_correction": "on", "correction": "The plan was approved in June, not May."},
    )
    client.post(f"{QUEUE}edit/{headline.pk}/", {"action": "dismiss"})
    assert dict(TypoReport.objects.values_list("scope", "status")) == {"body": "fixed", "headline": "dismissed"}
    assert Correction.objects.get().text == "The plan was approved in June, not May."


def test_apply_as_a_draft_with_a_correction_publishes_nothing_and_says_when_it_will(client, reported):
    client.force_login(helpers.editor())
    report = TypoReport.objects.get(scope="body")
    review = f"{QUEUE}edit/{report.pk}/"
    assert "Apply as a draft" in client.get(review).content.decode()
    written = "The plan was approved in June, not May."
    response = client.post(
        review, {"action": "apply", "is_correction": "on", "correction": written, "next": review}, follow=True
    )
    page = response.content.decode()
    assert "Fixed in a new draft" in page and "when the draft is published" in page
    assert "Saved in a draft" in page and written in page
    assert Correction.objects.count() == 0
    assert TypoReport.objects.get(pk=report.pk).status == "new"


def test_a_correction_needs_its_text(client, reported):
    client.force_login(helpers.chief())
    report = TypoReport.objects.get(scope="body")
    response = client.post(f"{QUEUE}edit/{report.pk}/", {"action": "fixed", "is_correction": "on", "correction": ""})
    assert "Write the correction readers will see." in response.content.decode()
    assert TypoReport.objects.get(pk=report.pk).status == "new"


def test_editors_see_and_act_only_on_their_sections_reports(client, reported):
    sport = factories.section(title="Sport")
    match = helpers.article(parent=sport, title="Teh match")
    helpers.post_report(client, match.pk, helpers.place(match, "Teh", scope="headline"))
    desk = helpers.section_editor(sport)
    client.force_login(desk)
    soup = BeautifulSoup(client.get(QUEUE).content, "html.parser")
    assert [mark.get_text() for mark in soup.select("table.listing tbody mark")] == ["Teh"]
    foreign = TypoReport.objects.filter(article=reported).first()
    assert client.get(f"{QUEUE}edit/{foreign.pk}/").status_code == 404
    assert client.post(f"{QUEUE}edit/{foreign.pk}/", {"action": "dismiss"}).status_code == 404
    assert TypoReport.objects.get(pk=foreign.pk).status == "new"
    assert client.get(f"{QUEUE}history/{foreign.pk}/").status_code == 404


def test_readers_without_admin_access_never_see_the_queue(client, reported):
    client.force_login(helpers.user())
    assert client.get(QUEUE).status_code in {302, 403}


def test_dashboard_shows_new_reports(client, reported):
    client.force_login(helpers.editor())
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.select_one("#typo-reports-section")
    assert panel is not None
    assert "2 reports wait for an editor." in panel.get_text(" ", strip=True)
    assert len(panel.select("tbody tr")) == 2


def test_digest_mails_each_editor_the_new_reports_once(client, reported, mailoutbox):
    helpers.chief(email="chief@example.org")
    helpers.user(groups=["Editors"], email="")  # an editor without an address gets nothing
    call_command("typos", "digest")
    to_chief = [mail for mail in mailoutbox if mail.to == ["chief@example.org"]]
    assert len(to_chief) == 1
    assert to_chief[0].subject == "2 new typo reports"
    assert "[teh]" in to_chief[0].body and "/admin/typos/reports/edit/" in to_chief[0].body
    assert len({tuple(mail.to) for mail in mailoutbox}) == len(mailoutbox)  # one mail per recipient
    count = len(mailoutbox)
    call_command("typos", "digest")
    assert len(mailoutbox) == count  # nothing new, nothing sent


def test_digest_goes_to_the_extra_addresses_in_the_settings(client, reported, mailoutbox):
    from wagtail.models import Site

    from masthead.typos.models import TypoSettings

    settings = TypoSettings.for_site(Site.objects.get(is_default_site=True))
    settings.digest_to_editors = False
    settings.digest_recipients = "desk@example.org\ncopy@example.org"
    settings.save()
    call_command("typos", "digest")
    assert sorted(mail.to[0] for mail in mailoutbox) == ["copy@example.org", "desk@example.org"]


# --- the corrections page --------------------------------------------------------------------------------------


def test_corrections_page_lists_corrections_in_its_language_newest_first_and_paginates(client, settings):
    from masthead.typos import services

    settings.MASTHEAD_PAGE_SIZE = 2
    chief = helpers.chief()
    stories = [helpers.article(title=f"Story {n}") for n in range(3)]
    for story in stories:
        services.correction_add(article=story, text=f"Correction for {story.title}.", editor=chief)
    first = BeautifulSoup(client.get("/corrections/").content, "html.parser")
    assert [h2.get_text(strip=True) for h2 in first.select(".corrections-page__item h2")] == ["Story 2", "Story 1"]
    second = BeautifulSoup(client.get("/corrections/?page=2").content, "html.parser")
    assert [h2.get_text(strip=True) for h2 in second.select(".corrections-page__item h2")] == ["Story 0"]
    assert client.get("/corrections/?page=9").status_code == 404
    factories.home(language="ru")
    russian = BeautifulSoup(client.get("/ru/corrections/").content, "html.parser")
    assert russian.select(".corrections-page__item") == []
    assert russian.select_one("html")["lang"] == "ru"


def test_an_editor_writes_a_correction_by_hand_and_it_shows_at_once(client):
    article = helpers.article()
    others = [factories.article(parent=article.get_parent(), title=f"Unrelated story {n}") for n in range(3)]
    client.get(article.url)  # the article's (empty) corrections are cached now
    client.force_login(helpers.chief())
    form = client.get("/admin/typos/corrections/new/")
    assert form.status_code == 200
    # The article is picked in the page chooser, not from a drop-down of the archive (at 100,000 articles the
    # form was 47 MB and took 40 seconds); nor does the list of corrections offer every article as a filter.
    assert not any(other.title in form.content.decode() for other in others)
    assert not any(other.title in client.get("/admin/typos/corrections/").content.decode() for other in others)
    response = client.post(
        "/admin/typos/corrections/new/",
        {"article": article.pk, "text": "The vote was on Tuesday.", "published_at": "2026-11-20 10:00"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Correction.objects.get().text == "The vote was on Tuesday."
    client.logout()
    assert "The vote was on Tuesday." in client.get(article.url).content.decode()


def test_a_section_editor_cannot_write_corrections_on_other_sections(client):
    article = helpers.article()
    desk = helpers.section_editor(factories.section(title="Sport"))
    client.force_login(desk)
    response = client.post(
        "/admin/typos/corrections/new/",
        {"article": article.pk, "text": "Not my story.", "published_at": "2026-11-20 10:00"},
    )
    assert response.status_code == 200
    assert "You may not edit this article." in response.content.decode()
    assert not Correction.objects.exists()


def test_the_queues_one_click_buttons_carry_a_token_the_csrf_check_accepts(reported):
    from django.test import Client

    editor = Client(enforce_csrf_checks=True)
    editor.force_login(helpers.chief())
    soup = BeautifulSoup(editor.get(QUEUE).content, "html.parser")
    form = soup.select_one("form.typo-actions__form")
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    response = editor.post(form["action"], {**fields, "action": "dismiss"})
    assert response.status_code == 302
    assert TypoReport.objects.filter(status="dismissed").count() == 1


def test_a_refused_apply_keeps_the_correction_the_editor_wrote(client, reported):
    client.force_login(helpers.chief())
    report = TypoReport.objects.get(scope="body")
    TypoReport.objects.filter(pk=report.pk).update(offset=3)
    written = "The plan was approved in June, not May."
    response = client.post(
        f"{QUEUE}edit/{report.pk}/",
        {"action": "apply", "replacement": "the", "is_correction": "on", "correction": written},
    )
    assert response.status_code == 200 and "changed since the report" in response.content.decode()
    form = BeautifulSoup(response.content, "html.parser")
    assert form.select_one("textarea[name=correction]").get_text().strip() == written
    assert form.select_one("input[name=is_correction]").has_attr("checked")
    assert Correction.objects.count() == 0


def test_the_page_chooser_of_a_correction_speaks_the_editors_language(client):
    from wagtail.users.models import UserProfile

    editor = helpers.chief()
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "ru"
    profile.save()
    client.force_login(editor)
    page = BeautifulSoup(client.get("/admin/typos/corrections/new/").content, "html.parser")
    assert page.html["lang"] == "ru"
    assert "Choose a page" not in page.get_text()
