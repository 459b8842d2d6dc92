"""Daily and weekly digests reach confirmed readers once each, in their language, through a real SMTP server."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from masthead.audience.models import DailyViews
from masthead.newsletter import services
from masthead.newsletter.digests import DIGESTS
from masthead.newsletter.models import Digest, DigestDelivery, Subscriber
from masthead.newsletter.tests.conftest import free_port
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


def reader(email, *, language="en", frequency="daily", status=Subscriber.Status.CONFIRMED):
    return Subscriber.objects.create(email=email, language=language, frequency=frequency, status=status)


def yesterday():
    """The (site-time) day the daily digest sent now covers, and its start."""
    start, _end = DIGESTS["daily"].period(now=timezone.now())
    return timezone.localtime(start).date(), start


def read(story, views, *, day=None):
    """Views counted for a story on a day (yesterday by default), as the audience app records them."""
    DailyViews.objects.create(
        article=story, day=day or yesterday()[0], language=story.locale.language_code, views=views
    )


def story_of_yesterday(title, *, views=0, hours=10, parent=None, **fields):
    """A story first published inside the period the daily digest sent now covers, read `views` times then."""
    _day, start = yesterday()
    story = factories.article(title=title, published_at=start + timedelta(hours=hours), parent=parent, **fields)
    if views:
        read(story, views)
    return story


def body(message, kind):
    return message.get_body(preferencelist=(kind,)).get_content()


def run_schedule():
    return services.send_due()


def test_daily_digest_reaches_confirmed_daily_readers_of_its_language_only(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    reader("daily@example.org")
    reader("weekly@example.org", frequency="weekly")
    reader("waiting@example.org", status=Subscriber.Status.PENDING)
    reader("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    reader("russian@example.org", language="ru")
    run_schedule()
    assert [message["To"] for message in smtp_server.messages] == ["daily@example.org"]
    english = Digest.objects.get(kind="daily", language="en")
    assert (english.status, english.recipients, english.sent_count) == (Digest.Status.SENT, 1, 1)
    # No Russian story yesterday: the Russian digest is recorded as empty and nobody gets an empty mail.
    assert Digest.objects.get(kind="daily", language="ru").status == Digest.Status.EMPTY


def test_digest_has_html_and_text_with_most_read_first_and_a_one_click_unsubscribe(smtp_server):
    section = factories.section(title="City")
    story_of_yesterday("Quiet story", views=3, hours=9, parent=section)
    story_of_yesterday("Popular story", views=900, hours=8, parent=section, lead="Everyone read this <one>.")
    story_of_yesterday("Unread story", views=0, hours=11, parent=section)
    reader("daily@example.org")
    run_schedule()
    [mail] = smtp_server.messages
    assert mail["Subject"].startswith("Test City News: the news of ")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["List-Id"] == "Test City News <daily.newsletter.127.0.0.1>"
    html, text = body(mail, "html"), body(mail, "plain")
    most_read, more = text.split("Most read", 1)[1].split("More new stories")
    assert most_read.index("Popular story") < most_read.index("Quiet story")
    assert "Unread story" in more and "Popular story" not in more
    assert "Everyone read this &lt;one&gt;." in html and "Everyone read this <one>." in text
    for title in ("Popular story", "Quiet story", "Unread story"):
        url = ArticlePage.objects.get(title=title).full_url
        assert url.startswith("http://") and url in text and f'href="{url}"' in html
    unsubscribe = mail["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe in text and f'href="{unsubscribe}"' in html
    Client().post(unsubscribe.removeprefix("http://127.0.0.1:8000"), {"List-Unsubscribe": "One-Click"})
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_most_read_counts_the_periods_views_whenever_the_story_was_published(smtp_server):
    section = factories.section(title="City")
    story_of_yesterday("New and little read", views=2, parent=section)
    old = factories.article(title="Old but read yesterday", parent=section, published_at=factories.utc(2020, 1, 1))
    read(old, 500)
    famous = factories.article(title="Famous long ago", parent=section, published_at=factories.utc(2020, 1, 2))
    ArticlePage.objects.filter(pk=famous.pk).update(view_count=10**6)
    read(famous, 10**6, day=yesterday()[0] - timedelta(days=3))
    reader("daily@example.org")
    run_schedule()
    text = body(smtp_server.messages[0], "plain")
    most_read = text.split("Most read", 1)[1].split("More new stories")[0]
    assert most_read.index("Old but read yesterday") < most_read.index("New and little read")
    assert "Famous long ago" not in text


def test_digest_comes_in_the_readers_language(smtp_server):
    russian_home = factories.home(language="ru", title="Новости города")
    section = factories.translate(factories.section(title="Город"), "ru")
    assert russian_home.locale.language_code == "ru"
    story_of_yesterday("Мост открыли после ремонта", views=5, parent=section)
    reader("russian@example.org", language="ru")
    run_schedule()
    [mail] = smtp_server.messages
    assert "новости" in mail["Subject"].lower()
    text = body(mail, "plain")
    assert "Самое читаемое" in text and "Мост открыли после ремонта" in text
    assert re.search(r"http://127\.0\.0\.1:8000/ru/newsletter/unsubscribe/\S+/", text)


def test_a_period_without_new_stories_sends_nothing_however_much_was_read(smtp_server):
    read(factories.article(title="Old story", published_at=factories.utc(2020, 1, 1)), 300)
    reader("daily@example.org")
    run_schedule()
    assert smtp_server.messages == []
    assert Digest.objects.get(kind="daily", language="en").status == Digest.Status.EMPTY


def test_running_the_schedule_again_never_mails_a_digest_twice(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    for n in range(3):
        reader(f"reader{n}@example.org")
    run_schedule()
    run_schedule()
    services.digest_send_some(digest_id=Digest.objects.get(kind="daily", language="en").pk)
    assert sorted(message["To"] for message in smtp_server.messages) == [f"reader{n}@example.org" for n in range(3)]
    assert Digest.objects.filter(kind="daily", language="en").count() == 1


def test_deliveries_a_vanished_worker_had_claimed_are_written_off_not_sent_again(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    claimed, waiting = reader("claimed@example.org"), reader("waiting@example.org")
    digest, _created = services.digest_prepare(kind="daily", language="en")
    # A worker took this delivery, may have handed it to the server, and died before writing that down.
    DigestDelivery.objects.filter(subscriber=claimed).update(
        status=DigestDelivery.Status.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    run_schedule()
    assert [message["To"] for message in smtp_server.messages] == [waiting.email]
    assert DigestDelivery.objects.get(subscriber=claimed).status == DigestDelivery.Status.INTERRUPTED
    digest.refresh_from_db()
    assert (digest.status, digest.sent_count, digest.failed_count) == (Digest.Status.SENT, 1, 1)


def test_a_451_is_tried_again_later_and_delivered_once(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    busy = reader("busy@example.org")
    smtp_server.refuse(busy.email, "451 4.2.1 Mailbox busy, try later")
    run_schedule()
    delivery = DigestDelivery.objects.get()
    assert smtp_server.messages == []
    assert (delivery.status, delivery.attempts) == (DigestDelivery.Status.PENDING, 1)
    assert delivery.next_attempt_at > timezone.now() and "451" in delivery.last_error
    run_schedule()  # not due yet: nothing happens
    assert smtp_server.messages == []
    DigestDelivery.objects.update(next_attempt_at=timezone.now())  # the retry's time has come
    run_schedule()
    assert [message["To"] for message in smtp_server.messages] == [busy.email]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DigestDelivery.Status.SENT, 2)
    assert Digest.objects.get(kind="daily", language="en").status == Digest.Status.SENT


def test_a_550_marks_the_address_bounced_and_it_gets_no_more_digests(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    gone, fine = reader("gone@example.org"), reader("fine@example.org")
    smtp_server.refuse(gone.email, "550 5.1.1 No such mailbox", times=5)
    run_schedule()
    assert [message["To"] for message in smtp_server.messages] == [fine.email]
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED and "550" in gone.last_error
    assert DigestDelivery.objects.get(subscriber=gone).status == DigestDelivery.Status.BOUNCED
    digest = Digest.objects.get(kind="daily", language="en")
    assert (digest.status, digest.sent_count, digest.failed_count) == (Digest.Status.SENT, 1, 1)


def test_when_the_mail_server_is_down_everything_waits_and_nobody_is_bounced(smtp_server, settings):
    story_of_yesterday("Bridge reopens after repairs")
    readers = [reader(f"reader{n}@example.org") for n in range(3)]
    real_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # nothing listens there
    run_schedule()
    assert set(DigestDelivery.objects.values_list("status", flat=True)) == {DigestDelivery.Status.PENDING}
    assert all(s.status == Subscriber.Status.CONFIRMED for s in Subscriber.objects.all())
    assert Digest.objects.get(kind="daily", language="en").status == Digest.Status.SENDING
    settings.EMAIL_PORT = real_port
    DigestDelivery.objects.update(next_attempt_at=timezone.now())
    run_schedule()
    assert sorted(message["To"] for message in smtp_server.messages) == [r.email for r in readers]


def test_sending_goes_in_batches_over_one_connection_each_and_records_progress(smtp_server, settings):
    settings.MASTHEAD_NEWSLETTER_BATCH_SIZE = 2
    settings.MASTHEAD_NEWSLETTER_TASK_TIME_BUDGET = 0  # every batch ends its task, which queues the next
    story_of_yesterday("Bridge reopens after repairs")
    for n in range(5):
        reader(f"reader{n}@example.org")
    connections = []

    async def count_connections(server, session, envelope, hostname, responses):
        connections.append(hostname)
        session.host_name = hostname  # a handler that answers EHLO must also remember the greeting
        return responses

    smtp_server.handle_EHLO = count_connections
    run_schedule()
    assert len(smtp_server.messages) == 5
    assert len(connections) == 3  # 2 + 2 + 1
    digest = Digest.objects.get(kind="daily", language="en")
    assert (digest.recipients, digest.sent_count, digest.progress_percent) == (5, 5, 100)


def test_a_reader_who_unsubscribes_while_the_digest_waits_is_skipped(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    leaving, staying = reader("leaving@example.org"), reader("staying@example.org")
    services.digest_prepare(kind="daily", language="en")
    Subscriber.objects.filter(pk=leaving.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    run_schedule()
    assert [message["To"] for message in smtp_server.messages] == [staying.email]
    assert Digest.objects.get(kind="daily", language="en").skipped_count == 1


def moscow(*args):
    return datetime(*args, tzinfo=ZoneInfo("Europe/Moscow"))


def test_periods_are_whole_days_and_monday_to_sunday_weeks_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    daily, weekly = DIGESTS["daily"], DIGESTS["weekly"]
    # Wednesday 25 November 2026: before the send hour (7:00) yesterday's digest is not due yet.
    assert daily.period(now=moscow(2026, 11, 25, 6, 59)) == (moscow(2026, 11, 23), moscow(2026, 11, 24))
    assert daily.period(now=moscow(2026, 11, 25, 7, 0)) == (moscow(2026, 11, 24), moscow(2026, 11, 25))
    assert weekly.period(now=moscow(2026, 11, 25, 9, 0)) == (moscow(2026, 11, 16), moscow(2026, 11, 23))
    # Monday morning, before and after the send hour.
    assert weekly.period(now=moscow(2026, 11, 30, 6, 0)) == (moscow(2026, 11, 16), moscow(2026, 11, 23))
    assert weekly.period(now=moscow(2026, 11, 30, 7, 0)) == (moscow(2026, 11, 23), moscow(2026, 11, 30))


def test_a_digests_title_names_its_days_once_in_the_readers_language(settings):
    from django.utils import translation

    settings.TIME_ZONE = "Europe/Moscow"
    daily, weekly = DIGESTS["daily"], DIGESTS["weekly"]

    def subject(digest, start, end, language):
        with translation.override(language):
            return digest.subject(site_name="City News", start=start, end=end)

    week = (moscow(2026, 11, 16), moscow(2026, 11, 23))
    assert subject(weekly, *week, "en") == "City News: the week's news, 16–22 November 2026"
    assert subject(weekly, *week, "ru") == "City News: новости недели, 16–22 ноября 2026 г."
    across = (moscow(2026, 11, 30), moscow(2026, 12, 7))
    assert subject(weekly, *across, "ru") == "City News: новости недели, 30 ноября – 6 декабря 2026 г."
    day = (moscow(2026, 11, 26), moscow(2026, 11, 27))
    assert subject(daily, *day, "ru") == "City News: новости за 26 ноября 2026 г."


def test_prepared_bytes_carry_the_same_mail_as_one_built_by_django():
    import email
    import email.policy

    from masthead.newsletter.digests import render_digest, site_name
    from masthead.newsletter.mail import PreparedDigest, subscriber_digest_message, unsubscribe_url

    story_of_yesterday("Bridge reopens after repairs", views=4)
    subscriber = reader("o'brien+news@example.org")
    digest, _created = services.digest_prepare(kind="daily", language="en")
    rendered, name = render_digest(digest), site_name()
    prepared = PreparedDigest(rendered, name=name)
    fast = prepared.bytes_for(address=subscriber.email, unsubscribe=unsubscribe_url(subscriber))
    built = subscriber_digest_message(rendered, subscriber, name=name).message().as_bytes(linesep="\r\n")
    fast_mail, built_mail = (email.message_from_bytes(raw, policy=email.policy.default) for raw in (fast, built))
    varying = {"Date", "Message-ID", "Content-Type"}  # the type's boundary is random in each
    assert fast_mail.get_content_type() == built_mail.get_content_type() == "multipart/alternative"
    assert [(k, v.strip()) for k, v in fast_mail.items() if k not in varying] == [
        (k, v.strip()) for k, v in built_mail.items() if k not in varying
    ]
    for kind in ("plain", "html"):
        assert body(fast_mail, kind) == body(built_mail, kind)
    assert fast_mail["Message-ID"] != built_mail["Message-ID"]


def test_an_address_the_prepared_bytes_cannot_carry_is_mailed_the_ordinary_way(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    reader("leser@bücher.example")
    reader("plain@example.org")
    run_schedule()
    assert sorted(message["To"] for message in smtp_server.messages) == [
        "leser@xn--bcher-kva.example",
        "plain@example.org",
    ]
    assert len({body(message, "plain").split("Unsubscribe in one click")[0] for message in smtp_server.messages}) == 1


def test_per_address_rows_of_an_old_digest_are_dropped_and_its_totals_kept(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    reader("reader@example.org")
    run_schedule()
    digest = Digest.objects.get(kind="daily", language="en")
    Digest.objects.filter(pk=digest.pk).update(finished_at=timezone.now() - timedelta(days=31))
    run_schedule()
    assert DigestDelivery.objects.count() == 0
    digest.refresh_from_db()
    assert (digest.status, digest.recipients, digest.sent_count) == (Digest.Status.SENT, 1, 1)
    assert len(smtp_server.messages) == 1


def test_a_mail_in_flight_when_the_line_broke_is_not_sent_again(smtp_server):
    story_of_yesterday("Bridge reopens after repairs")
    first, cut, last = reader("a@example.org"), reader("b@example.org"), reader("c@example.org")
    smtp_server.hang_up_after(cut.email)
    run_schedule()
    assert DigestDelivery.objects.get(subscriber=cut).status == DigestDelivery.Status.INTERRUPTED
    assert DigestDelivery.objects.get(subscriber=last).status == DigestDelivery.Status.PENDING  # untried, later
    DigestDelivery.objects.filter(status=DigestDelivery.Status.PENDING).update(next_attempt_at=timezone.now())
    run_schedule()
    assert [message["To"] for message in smtp_server.messages] == [first.email, cut.email, last.email]
    digest = Digest.objects.get(kind="daily", language="en")
    assert (digest.status, digest.sent_count, digest.failed_count) == (Digest.Status.SENT, 2, 1)
