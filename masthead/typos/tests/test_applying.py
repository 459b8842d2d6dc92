"""An editor applies a reader's suggestion: the fix lands at exactly the reported place, or is refused with a
reason; readers who asked are told; a correction of fact shows under the article."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText

from masthead.newsroom.models import ArticlePage
from masthead.typos import services
from masthead.typos.models import Correction, TypoReport, TypoReporter

from . import helpers

pytestmark = pytest.mark.django_db


def report_of(client, article, selection, suggestion, **place):
    response = helpers.post_report(
        client, article.pk, {**helpers.place(article, selection, **place), "suggestion": suggestion}
    )
    assert response.status_code in {200, 201}, response.content
    return TypoReport.objects.latest("pk")


def live(article):
    return ArticlePage.objects.get(pk=article.pk)


def paragraph_sources(article):
    return [block.value.source for block in live(article).body if block.block_type == "paragraph"]


def test_apply_changes_the_published_text_at_that_place_only(client, django_capture_on_commit_callbacks):
    article = helpers.article()
    report = report_of(client, article, "teh", "the", block_index=2)
    with django_capture_on_commit_callbacks(execute=True):
        applied = services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert applied.published
    # The second paragraph is fixed; the same typo in the first paragraph, the headline and the quote is not.
    assert paragraph_sources(article) == [
        helpers.PARAGRAPH,
        "<p>Critics said the plan ignores the riverside &amp; the old port.</p>",
    ]
    page = live(article)
    assert page.title == "Council approves teh winter budget"
    assert page.body[3].value["text"] == "We will not give up teh port."
    assert page.live_revision_id == applied.revision.pk
    report.refresh_from_db()
    assert (report.status, report.fix_revision_id, report.resolved_by_id) == (
        "fixed",
        applied.revision.pk,
        applied.revision.user_id,
    )
    assert PageLogEntry.objects.filter(page=article, action="typos.apply_suggestion").exists()
    assert "the plan ignores" in client.get(article.url).content.decode()


def test_apply_refuses_when_the_text_moved(client):
    article = helpers.article()
    report = report_of(client, article, "teh", "the", block_index=0)
    # An editor rewrites the start of the paragraph: "teh" is still there, but not at the reported offset.
    draft = live(article)
    draft.body[0].value.source = "<p>Yesterday the city council approved teh budget on <b>Monday</b>.</p>"
    draft.save_revision().publish()
    with pytest.raises(services.ReportRefused) as refused:
        services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert refused.value.code == "moved"
    assert "changed since the report" in refused.value.message
    assert "approved teh budget" in paragraph_sources(article)[0]
    report.refresh_from_db()
    assert report.status == "new"


def test_apply_refuses_when_the_selection_is_not_unique_in_its_block(client):
    article = helpers.article(body=[("paragraph", RichText("<p>We saw teh port and teh river.</p>"))])
    report = report_of(client, article, "teh", "the", block_index=0, occurrence=1)
    with pytest.raises(services.ReportRefused) as refused:
        services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert refused.value.code == "not_unique"
    assert paragraph_sources(article) == ["<p>We saw teh port and teh river.</p>"]


def test_apply_refuses_a_selection_across_formatting(client):
    article = helpers.article()
    report = report_of(client, article, "on Monday", "on Tuesday", block_index=0)
    with pytest.raises(services.ReportRefused) as refused:
        services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert refused.value.code == "formatting"


def test_apply_fixes_the_headline_the_lead_a_heading_and_a_quote(client):
    article = helpers.article()
    chief = helpers.chief()
    for selection, suggestion, place in [
        ("teh", "the", {"scope": "headline"}),
        ("debat", "debate", {"scope": "lead"}),
        ("Whta", "What", {"block_index": 1}),
        ("teh", "the", {"block_index": 3}),
    ]:
        services.report_apply_suggestion(
            report=report_of(client, article, selection, suggestion, **place), editor=chief
        )
    page = live(article)
    assert page.title == "Council approves the winter budget"
    assert page.lead == "The city council approved the budget after a three-hour debate."
    assert page.body[1].value["text"] == "What comes next"
    assert page.body[3].value["text"] == "We will not give up the port."
    assert page.body[3].value["attribution"] == "Mayor Petrov"


def test_entities_in_rich_text_map_back_to_their_source(client):
    article = helpers.article()
    report = report_of(client, article, "riverside & the", "riverside and the", block_index=2)
    services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert paragraph_sources(article)[1] == "<p>Critics said teh plan ignores the riverside and the old port.</p>"


def test_replacement_text_is_escaped_into_rich_text(client):
    article = helpers.article()
    report = report_of(client, article, "teh", "<script>x</script>", block_index=0)
    services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert "&lt;script&gt;x&lt;/script&gt; budget" in paragraph_sources(article)[0]


def test_editor_without_publish_permission_gets_a_draft(client):
    article = helpers.article()
    report = report_of(client, article, "teh", "the", block_index=2)
    applied = services.report_apply_suggestion(report=report, editor=helpers.editor())
    assert not applied.published
    assert "may not publish" in applied.reason_not_published
    assert "teh plan" in paragraph_sources(article)[1]  # the live text is unchanged
    draft = live(article).get_latest_revision_as_object()
    assert "the plan" in draft.body[2].value.source
    assert live(article).has_unpublished_changes


def test_editor_of_another_section_may_not_act(client):
    article = helpers.article()
    from masthead.newsroom.tests import factories

    outsider = helpers.section_editor(factories.section(title="Sport"))
    report = report_of(client, article, "teh", "the", block_index=2)
    for act in (
        lambda: services.report_apply_suggestion(report=report, editor=outsider),
        lambda: services.report_resolve(report=report, editor=outsider, status=TypoReport.Status.DISMISSED),
    ):
        with pytest.raises(services.ReportRefused) as refused:
            act()
        assert refused.value.status == 403


def test_a_closed_report_cannot_be_applied_again(client):
    article = helpers.article()
    report = report_of(client, article, "teh", "the", block_index=2)
    services.report_resolve(report=report, editor=helpers.chief(), status=TypoReport.Status.DISMISSED)
    with pytest.raises(services.ReportRefused) as refused:
        services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert refused.value.code == "closed"


# --- closing the loop ---------------------------------------------------------------------------------------------


def test_readers_who_asked_are_told_once_when_it_is_fixed(client, mailoutbox, django_capture_on_commit_callbacks):
    article = helpers.article()
    payload = {**helpers.place(article, "teh", block_index=2), "suggestion": "the"}
    helpers.post_report(client, article.pk, {**payload, "email": "anna@example.org"}, REMOTE_ADDR="203.0.113.1")
    helpers.post_report(client, article.pk, payload, REMOTE_ADDR="203.0.113.2")  # left no email: not told
    member = helpers.user(email="member@example.org")
    client.force_login(member)
    helpers.post_report(client, article.pk, payload, REMOTE_ADDR="203.0.113.3")
    report = TypoReport.objects.get()
    assert report.count == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert sorted(mail.to[0] for mail in mailoutbox) == ["anna@example.org", "member@example.org"]
    mail = mailoutbox[0]
    assert mail.subject == "The error you reported is fixed"
    assert "“teh”" in mail.body and article.title in mail.body and "http://testserver/" in mail.body
    # The address is erased once used, and nobody is told twice.
    assert not TypoReporter.objects.exclude(email="").exists()
    from masthead.typos.notifications import reporters_notify

    assert reporters_notify(report_id=report.pk) == 0


def test_a_dismissed_report_tells_nobody(client, mailoutbox, django_capture_on_commit_callbacks):
    article = helpers.article()
    helpers.post_report(client, article.pk, {**helpers.place(article, "teh", block_index=2), "email": "a@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        services.report_resolve(report=TypoReport.objects.get(), editor=helpers.chief(), status="dismissed")
    assert mailoutbox == []


# --- a fix saved as a draft -----------------------------------------------------------------------------------------

CORRECTION = "An earlier version said the plan ignores the old port; it includes it."


def report_with_email(client, article):
    helpers.post_report(
        client,
        article.pk,
        {**helpers.place(article, "teh", block_index=2), "suggestion": "the", "email": "anna@example.org"},
    )
    return TypoReport.objects.get()


def corrections_shown(client, article):
    note = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".corrections")
    return note.get_text() if note else ""


def test_a_fix_applied_as_a_draft_shows_no_correction_and_leaves_the_report_open(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    article = helpers.article()
    report = report_with_email(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        applied = services.report_apply_suggestion(report=report, editor=helpers.editor(), correction=CORRECTION)
    assert not applied.published
    # Readers still see "teh plan": a note saying it was corrected, or a mail saying so, would be untrue.
    assert corrections_shown(client, article) == ""
    assert not Correction.objects.exists()
    report.refresh_from_db()
    assert (report.status, report.fix_revision_id, report.resolved_at) == ("new", applied.revision.pk, None)
    assert mailoutbox == []


def test_publishing_the_drafted_fix_shows_its_correction_closes_the_report_and_tells_the_reader_once(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    article = helpers.article()
    report = report_with_email(client, article)
    applied = services.report_apply_suggestion(report=report, editor=helpers.editor(), correction=CORRECTION)
    with django_capture_on_commit_callbacks(execute=True):
        applied.revision.publish(user=helpers.chief())
    assert "the plan ignores" in paragraph_sources(article)[1]
    assert CORRECTION in corrections_shown(client, article)
    report.refresh_from_db()
    assert (report.status, report.resolved_by_id) == ("fixed", applied.revision.user_id)
    assert Correction.objects.get().report_id == report.pk
    assert [mail.to for mail in mailoutbox] == [["anna@example.org"]]
    # The next publication of the article neither repeats the correction nor mails the reader again.
    with django_capture_on_commit_callbacks(execute=True):
        live(article).save_revision().publish()
    assert Correction.objects.count() == 1
    assert len(mailoutbox) == 1


def test_fixes_drafted_one_after_another_close_when_a_later_revision_is_published(client):
    article = helpers.article()
    second_paragraph = report_of(client, article, "teh", "the", block_index=2)
    heading = report_of(client, article, "Whta", "What", block_index=1)
    editor = helpers.editor()
    services.report_apply_suggestion(report=second_paragraph, editor=editor, correction=CORRECTION)
    services.report_apply_suggestion(report=heading, editor=editor)
    assert set(TypoReport.objects.values_list("status", flat=True)) == {"new"}
    # A chief editor reads the draft, changes the lead too, and publishes: the revision carries both fixes.
    draft = live(article).get_latest_revision_as_object()
    draft.lead = "The council approved the budget after a three-hour debate."
    draft.save_revision(user=helpers.chief()).publish()
    assert set(TypoReport.objects.values_list("status", flat=True)) == {"fixed"}
    assert CORRECTION in corrections_shown(client, article)


def test_publishing_an_older_revision_leaves_the_drafted_fix_waiting(client):
    article = helpers.article()
    report = report_of(client, article, "teh", "the", block_index=2)
    services.report_apply_suggestion(report=report, editor=helpers.editor(), correction=CORRECTION)
    live(article).live_revision.publish(user=helpers.chief())
    report.refresh_from_db()
    assert report.status == "new"
    assert corrections_shown(client, article) == ""


def test_apply_and_publish_shows_the_correction_and_tells_the_reader_at_once(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    article = helpers.article()
    report = report_with_email(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        applied = services.report_apply_suggestion(report=report, editor=helpers.chief(), correction=CORRECTION)
    assert applied.published
    assert CORRECTION in corrections_shown(client, article)
    report.refresh_from_db()
    assert report.status == "fixed"
    assert [mail.to for mail in mailoutbox] == [["anna@example.org"]]


# --- corrections --------------------------------------------------------------------------------------------------


def test_a_fix_marked_as_a_correction_shows_dated_under_the_article_and_on_the_corrections_page(client):
    article = helpers.article()
    report = report_of(client, article, "teh", "the", block_index=2)
    services.report_resolve(
        report=report,
        editor=helpers.chief(),
        status=TypoReport.Status.FIXED,
        correction="An earlier version said the port would close in May; it closes in June.",
    )
    correction = Correction.objects.get()
    assert (correction.article_id, correction.report_id) == (article.pk, report.pk)
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    note = soup.select_one(".corrections")
    assert note is not None
    assert "it closes in June" in note.get_text()
    assert note.select_one("time")["datetime"].startswith(correction.published_at.date().isoformat()[:4])
    page = BeautifulSoup(client.get("/corrections/").content, "html.parser")
    assert article.title in page.select_one(".corrections-page__list").get_text()


def test_corrections_add_no_query_to_a_warm_article_page(client):
    plain, corrected = helpers.article(), helpers.article(title="Corrected story")
    services.correction_add(article=corrected, text="We misspelt the mayor's name.", editor=helpers.chief())

    def warm_queries(url):
        # The fewest of three warm requests: another test run sharing the Redis database may clear it meanwhile.
        counts = []
        for _attempt in range(3):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return min(counts)

    assert warm_queries(corrected.url) == warm_queries(plain.url)
    # A new correction is shown at once: saving forgets the cached list.
    services.correction_add(article=corrected, text="And the date of the vote.", editor=helpers.chief())
    assert "And the date of the vote." in client.get(corrected.url).content.decode()


def test_two_fixes_in_one_caption_apply_one_after_the_other_and_borrowed_text_is_refused(client):
    from masthead.newsroom.tests import factories

    other = factories.article(title="Earlier storry", lead="What happened before.")
    article = helpers.article(
        body=[
            ("image", {"image": factories.image(), "caption": "The harbur at dawn", "credit": "Anna Petrova"}),
            ("related_story", {"article": other, "label": ""}),
        ]
    )
    caption = report_of(client, article, "harbur", "harbour", block_index=0)
    credit = report_of(client, article, "Petrova", "Petrov", block_index=0)
    borrowed = report_of(client, article, "storry", "story", block_index=1)
    chief = helpers.chief()
    services.report_apply_suggestion(report=caption, editor=chief)
    services.report_apply_suggestion(report=credit, editor=chief)
    image = live(article).body[0].value
    assert (image["caption"], image["credit"]) == ("The harbour at dawn", "Anna Petrov")
    with pytest.raises(services.ReportRefused) as refused:
        services.report_apply_suggestion(report=borrowed, editor=chief)
    assert refused.value.code == "borrowed"


def test_an_article_with_other_unpublished_changes_gets_the_fix_as_a_draft(client):
    article = helpers.article()
    report = report_of(client, article, "teh", "the", block_index=2)
    draft = live(article)
    draft.lead = "A lead an editor is still working on."
    draft.save_revision()
    applied = services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert not applied.published
    assert "other unpublished changes" in applied.reason_not_published
    latest = live(article).get_latest_revision_as_object()
    assert (latest.lead, "the plan" in latest.body[2].value.source) == ("A lead an editor is still working on.", True)
    assert "teh plan" in paragraph_sources(article)[1]


def test_an_article_locked_by_another_editor_is_not_changed(client):
    article = helpers.article()
    report = report_of(client, article, "teh", "the", block_index=2)
    ArticlePage.objects.filter(pk=article.pk).update(locked=True, locked_by=helpers.chief())
    with pytest.raises(services.ReportRefused) as refused:
        services.report_apply_suggestion(report=report, editor=helpers.chief())
    assert refused.value.code == "locked"
    assert "teh plan" in paragraph_sources(article)[1]
