"""Editors preview the next digest, follow a digest's progress and see subscribers, but cannot subscribe anyone."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from masthead.newsletter import services
from masthead.newsletter.models import Digest, Subscriber

from .test_digests import reader, story_of_yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_preview_shows_the_next_digest_as_html_and_text(editor):
    story_of_yesterday("Bridge reopens after repairs", views=10)
    response = editor.get(reverse("newsletter_preview:index") + "?kind=daily&language=en")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Bridge reopens after repairs" in soup.select_one("iframe")["srcdoc"]
    assert "Bridge reopens after repairs" in soup.select_one("pre").get_text()
    assert "Subject: Test City News: the news of" in text_of(response)


def test_preview_of_an_empty_period_shows_the_latest_stories_instead(editor):
    from masthead.newsroom.tests import factories

    factories.article(title="An old story", published_at=factories.utc(2020, 1, 1))
    response = editor.get(reverse("newsletter_preview:index") + "?kind=weekly&language=en")
    assert "No stories in this digest's period yet" in text_of(response)
    assert "An old story" in BeautifulSoup(response.content, "html.parser").select_one("pre").get_text()


def test_preview_needs_permission(client):
    user = get_user_model().objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(user)
    assert client.get(reverse("newsletter_preview:index")).status_code in {302, 403}


def test_digest_list_and_page_show_progress_and_deliveries_by_status(editor, smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    for n in range(3):
        reader(f"reader{n}@example.org")
    smtp_server.refuse("reader2@example.org", "550 5.1.1 No such mailbox")
    services.send_due()
    digest = Digest.objects.get(kind="daily", language="en")
    assert "100%: 2 of 3 sent, 1 failed, 0 skipped" in text_of(editor.get(reverse("newsletter_digests:list")))
    page = text_of(editor.get(reverse("newsletter_digests:inspect", args=[digest.pk])))
    assert "Sent: 2" in page and "Refused by the recipient's server: 1" in page


def test_subscribers_cannot_be_added_or_confirmed_by_hand(editor):
    pending = reader("waiting@example.org", status=Subscriber.Status.PENDING)
    assert editor.get(reverse("newsletter_subscribers:add")).status_code in {302, 403}
    edit = reverse("newsletter_subscribers:edit", args=[pending.pk])
    response = editor.post(edit, {"language": "en", "frequency": "daily", "status": "confirmed"})
    assert "Only the address's owner can confirm" in text_of(response)
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING
    editor.post(edit, {"language": "en", "frequency": "weekly", "status": "unsubscribed"})
    pending.refresh_from_db()
    assert (pending.status, pending.frequency) == (Subscriber.Status.UNSUBSCRIBED, "weekly")


def test_wagtail_editors_may_preview_but_not_see_subscribers(client):
    from django.contrib.auth.models import Group

    writer = get_user_model().objects.create_user("writer", "writer@example.org", "pw")
    writer.groups.add(Group.objects.get(name="Editors"))
    client.force_login(writer)
    assert client.get(reverse("newsletter_preview:index")).status_code == 200
    assert client.get(reverse("newsletter_subscribers:list")).status_code in {302, 403}


def test_an_editor_sends_the_preview_to_their_own_address_marked_as_a_test(editor):
    from django.core import mail

    story_of_yesterday("Bridge reopens after repairs", views=10)
    url = reverse("newsletter_preview:index")
    page = BeautifulSoup(editor.get(url + "?kind=daily&language=en").content, "html.parser")
    assert "Send this preview to editor@example.org" in page.select_one("form[method=post] button").get_text()
    response = editor.post(url, {"kind": "daily", "language": "en"}, follow=True)
    assert response.redirect_chain[-1][0] == url + "?kind=daily&language=en"
    assert "The preview was sent to editor@example.org." in text_of(response)
    [message] = mail.outbox
    assert message.to == ["editor@example.org"] and message.subject.startswith("[Test] Test City News")
    html = message.alternatives[0][0]
    assert "Bridge reopens after repairs" in html and "unsubscribe.invalid" not in html and "#unsubscribe" not in html
    assert not Subscriber.objects.exists()  # nobody was subscribed, nothing else went out


def test_test_mails_are_limited_to_ten_an_hour_and_need_an_address(client):
    from django.core import mail

    person = get_user_model().objects.create_superuser("noaddress", "", "pw")
    client.force_login(person)
    url = reverse("newsletter_preview:index")
    assert "no email address" in text_of(client.post(url, {"kind": "daily", "language": "en"}, follow=True))
    assert mail.outbox == []
    person.email = "desk@example.org"
    person.save()
    for _ in range(10):
        client.post(url, {"kind": "daily", "language": "en"})
    refused = client.post(url, {"kind": "daily", "language": "en"}, follow=True)
    assert "ten test mails this hour" in text_of(refused)
    assert len(mail.outbox) == 10


def test_a_subscribers_page_shows_a_dash_for_what_has_not_happened_not_none(editor):
    pending = reader("waiting@example.org", status=Subscriber.Status.PENDING)
    page = BeautifulSoup(
        editor.get(reverse("newsletter_subscribers:inspect", args=[pending.pk])).content, "html.parser"
    )
    values = [value.get_text(strip=True) for value in page.select("dd")]
    assert "None" not in values and "—" in values
