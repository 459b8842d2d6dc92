"""Readers who asked for it get one mail a day of yesterday's new stories on what they follow, and only then."""

import smtplib
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client

from masthead.accounts.services import reader_profile_save
from masthead.comments.tests.helpers import reader
from masthead.following import round_ups, services
from masthead.following.models import RoundUp
from masthead.newsroom.tests import factories
from masthead.site_time import local_midnight

pytestmark = pytest.mark.django_db

YESTERDAY = datetime(2026, 3, 9).date()
TODAY_AFTER_SEND_HOUR = local_midnight(YESTERDAY + timedelta(days=1)) + timedelta(hours=8)
TODAY_BEFORE_SEND_HOUR = local_midnight(YESTERDAY + timedelta(days=1)) + timedelta(hours=5)


def yesterday_at(hour):
    return local_midnight(YESTERDAY) + timedelta(hours=hour)


def wanting_round_ups(name="Maria", *, language="en", **choices):
    person = reader(name)
    reader_profile_save(user=person, display_name=name, following_emails=True, mail_language=language, **choices)
    return person


def test_a_reader_gets_yesterdays_stories_on_what_they_follow_once_after_the_send_hour():
    maria = wanting_round_ups()
    floods, anna = factories.tag("Floods"), factories.author(name="Anna Petrova")
    services.follow(reader=maria, tag=floods)
    services.follow(reader=maria, author=anna)
    factories.article(title="River rises", tags=[floods], published_at=yesterday_at(9))
    factories.article(title="Anna on the budget", authors=[anna], published_at=yesterday_at(15))
    factories.article(title="Not followed", published_at=yesterday_at(10))
    factories.article(title="Day before", tags=[floods], published_at=yesterday_at(-2))

    assert round_ups.send_due(now=TODAY_BEFORE_SEND_HOUR) == {"interrupted": 0}
    assert mail.outbox == []
    assert round_ups.send_due(now=TODAY_AFTER_SEND_HOUR)["sent"] == 1
    assert round_ups.send_due(now=TODAY_AFTER_SEND_HOUR + timedelta(hours=3)).get("sent", 0) == 0
    [message] = mail.outbox
    assert message.to == [maria.email]
    assert "2 new stories on what you follow, 9 March 2026" in message.subject
    body = message.body
    assert body.index("Anna on the budget") < body.index("River rises")
    assert "Not followed" not in body and "Day before" not in body
    assert f"{settings.BASE_URL.rstrip('/')}/" in body
    stop = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/accounts/mails/stop/following/" in stop and stop in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert RoundUp.objects.get(reader=maria, day=YESTERDAY).status == RoundUp.Status.SENT


def test_no_mail_on_a_day_with_nothing_new_nor_to_readers_who_did_not_ask_or_follow_nothing():
    quiet = wanting_round_ups("Quiet")
    services.follow(reader=quiet, tag=factories.tag("Quiet topic"))
    wanting_round_ups("Follows nothing")
    unasked = reader("Did not ask")
    floods = factories.tag("Floods")
    services.follow(reader=unasked, tag=floods)
    factories.article(tags=[floods], published_at=yesterday_at(9))
    assert round_ups.send_due(now=TODAY_AFTER_SEND_HOUR) == {"interrupted": 0, "nothing": 1}
    assert mail.outbox == []
    assert RoundUp.objects.get(reader=quiet).status == RoundUp.Status.NOTHING_NEW


def test_a_russian_reader_gets_the_russian_editions_stories_in_russian():
    maria = wanting_round_ups(language="ru")
    floods = factories.tag("Floods")
    services.follow(reader=maria, tag=floods)
    ru_section = factories.section(title="Город", parent=factories.home(language="ru"))
    factories.article(title="Река поднялась", tags=[floods], parent=ru_section, published_at=yesterday_at(9))
    factories.article(title="River rises", tags=[floods], published_at=yesterday_at(9))
    round_ups.send_due(now=TODAY_AFTER_SEND_HOUR)
    [message] = mail.outbox
    assert "Река поднялась" in message.body and "River rises" not in message.body
    assert "1 новый материал" in message.subject and "9 марта 2026" in message.subject


def test_a_long_day_lists_the_newest_and_links_to_the_rest(monkeypatch):
    monkeypatch.setattr(round_ups, "STORIES_SHOWN", 3)
    maria = wanting_round_ups()
    floods = factories.tag("Floods")
    services.follow(reader=maria, tag=floods)
    for hour in range(5):
        factories.article(title=f"Story at {hour}", tags=[floods], published_at=yesterday_at(hour + 1))
    round_ups.send_due(now=TODAY_AFTER_SEND_HOUR)
    [message] = mail.outbox
    assert "5 new stories" in message.subject
    assert "Story at 4" in message.body and "Story at 1" not in message.body
    assert "And 2 more on your page:" in message.body and "/accounts/following/" in message.body
    assert RoundUp.objects.get().stories == 5


def test_the_stop_link_stops_the_round_ups_without_signing_in():
    maria = wanting_round_ups()
    floods = factories.tag("Floods")
    services.follow(reader=maria, tag=floods)
    factories.article(tags=[floods], published_at=yesterday_at(9))
    round_ups.send_due(now=TODAY_AFTER_SEND_HOUR)
    stop = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1].split("/", 1)[1]
    anonymous = Client(enforce_csrf_checks=True)
    asked = anonymous.get("/" + stop)
    assert "round-ups of new stories" in asked.content.decode()
    assert anonymous.post("/" + stop, {"List-Unsubscribe": "One-Click"}).status_code == 200
    maria.reader_profile.refresh_from_db()
    assert maria.reader_profile.following_emails is False


def test_a_refused_mail_is_tried_again_later_and_given_up_after_three_attempts(monkeypatch):
    maria = wanting_round_ups()
    floods = factories.tag("Floods")
    services.follow(reader=maria, tag=floods)
    factories.article(tags=[floods], published_at=yesterday_at(9))

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    now = TODAY_AFTER_SEND_HOUR
    assert round_ups.send_due(now=now)["failed"] == 1
    assert round_ups.send_due(now=now + timedelta(minutes=1)).get("failed", 0) == 0  # not yet: waits RETRY_AFTER
    for _attempt in (2, 3):
        now += round_ups.RETRY_AFTER + timedelta(seconds=1)
        assert round_ups.send_due(now=now)["failed"] == 1
    now += round_ups.RETRY_AFTER + timedelta(seconds=1)
    assert round_ups.send_due(now=now).get("failed", 0) == 0
    round_up = RoundUp.objects.get()
    assert (round_up.status, round_up.attempts) == (RoundUp.Status.FAILED, 3)
    assert "Connection unexpectedly closed" in round_up.error
    monkeypatch.undo()
    # The next day's round-up is a new mail: the failures of one day do not stop the next.
    factories.article(tags=[floods], published_at=yesterday_at(33))
    assert round_ups.send_due(now=TODAY_AFTER_SEND_HOUR + timedelta(days=1))["sent"] == 1


def test_a_day_the_workers_missed_until_midnight_is_skipped_not_sent_late():
    maria = wanting_round_ups()
    floods = factories.tag("Floods")
    services.follow(reader=maria, tag=floods)
    factories.article(tags=[floods], published_at=yesterday_at(9))
    next_day_early = TODAY_BEFORE_SEND_HOUR + timedelta(days=1)
    assert round_ups.send_due(now=next_day_early) == {"interrupted": 0}
    assert round_ups.send_due(now=next_day_early + timedelta(hours=3)).get("sent", 0) == 0
    assert mail.outbox == []


def test_a_send_a_worker_left_unfinished_is_written_off_not_sent_twice():
    maria = wanting_round_ups()
    floods = factories.tag("Floods")
    services.follow(reader=maria, tag=floods)
    factories.article(tags=[floods], published_at=yesterday_at(9))
    RoundUp.objects.create(reader=maria, day=YESTERDAY, claimed_at=TODAY_AFTER_SEND_HOUR)  # that worker died
    later = TODAY_AFTER_SEND_HOUR + round_ups.SENDING_FOR_AT_MOST + timedelta(seconds=1)
    assert round_ups.send_due(now=later)["interrupted"] == 1
    assert mail.outbox == []
    assert RoundUp.objects.get().status == RoundUp.Status.INTERRUPTED


def test_a_second_worker_cannot_claim_a_mail_the_first_claimed():
    maria = wanting_round_ups()
    assert round_ups.claim(maria, YESTERDAY) is not None
    assert round_ups.claim(maria, YESTERDAY) is None


def test_a_batch_sends_at_most_its_size_and_the_next_call_goes_on():
    floods = factories.tag("Floods")
    factories.article(tags=[floods], published_at=yesterday_at(9))
    for number in range(5):
        services.follow(reader=wanting_round_ups(f"Reader {number}"), tag=floods)
    assert round_ups.send_due(now=TODAY_AFTER_SEND_HOUR, batch=3)["sent"] == 3
    assert round_ups.send_due(now=TODAY_AFTER_SEND_HOUR, batch=3)["sent"] == 2
    assert len(mail.outbox) == 5 and len({message.to[0] for message in mail.outbox}) == 5


def test_readers_choose_the_round_up_on_their_account_page(client):
    maria = reader("Maria")
    client.force_login(maria)
    response = client.post(
        "/accounts/profile/", {"display_name": "Maria", "following_emails": "on", "mail_language": "en"}
    )
    assert response.status_code == 302
    maria.reader_profile.refresh_from_db()
    assert maria.reader_profile.following_emails is True


def test_editors_see_per_day_what_round_ups_went_out_and_which_failed_and_why():
    from bs4 import BeautifulSoup
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from masthead.comments.tests.helpers import moderator
    from masthead.typos.tests.helpers import editor

    today = timezone.localdate()
    maria, pavel, olga = wanting_round_ups("Maria"), wanting_round_ups("Pavel"), wanting_round_ups("Olga")
    sent = RoundUp.Status.SENT
    RoundUp.objects.create(reader=maria, day=today - timedelta(days=1), status=sent, stories=3)
    RoundUp.objects.create(reader=pavel, day=today - timedelta(days=1), status=sent, stories=2)
    RoundUp.objects.create(reader=olga, day=today - timedelta(days=1), status=RoundUp.Status.NOTHING_NEW)
    RoundUp.objects.create(
        reader=olga, day=today - timedelta(days=2), status=RoundUp.Status.FAILED, attempts=3, error="550 No such user"
    )
    client = Client()
    client.force_login(editor())
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/round-ups/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "3 readers ask for the daily round-up" in soup.get_text()
    yesterday = soup.select_one(f'[data-round-up-day="{today - timedelta(days=1):%Y-%m-%d}"]')
    # Day, sent, stories in them, nothing new, failed, interrupted, being sent.
    assert [cell.get_text() for cell in yesterday.select("td")][1:] == ["2", "5", "1", "0", "0", "0"]
    [failure] = soup.select("[data-round-up-failure]")
    assert "Olga" in failure.get_text() and "550 No such user" in failure.get_text()

    for number in range(5):  # more days and failures: the same queries
        RoundUp.objects.create(
            reader=wanting_round_ups(f"Reader {number}"), day=today - timedelta(days=3 + number), status="failed"
        )
    with CaptureQueriesContext(connection) as more:
        client.get("/admin/round-ups/")
    assert len(more) == len(captured)

    outsider = Client()
    outsider.force_login(moderator())
    assert outsider.get("/admin/round-ups/").status_code in (302, 403)
