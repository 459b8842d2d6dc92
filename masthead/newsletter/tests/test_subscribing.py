"""A reader subscribes from the sidebar, confirms by mail and unsubscribes in one click; strangers learn nothing."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from masthead.newsletter.models import Subscriber
from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db

THANK_YOU = "Thank you! Check your inbox to confirm."


@pytest.fixture
def post_and_run(django_capture_on_commit_callbacks):
    """POST as a browser would, then run what the request queued after its commit (the mail tasks)."""

    def post(client, path, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return post


def subscribe(post_and_run, client, email, *, prefix="", frequency="daily"):
    return post_and_run(client, f"{prefix}/newsletter/subscribe/", {"email": email, "frequency": frequency})


def links_in(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.findall(r"http://127\.0\.0\.1:8000(/\S+)", text)


def unsubscribe_path(message):
    # Long header values are folded onto a second line; unfolding leaves the leading space.
    return message["List-Unsubscribe"].strip().strip("<>").removeprefix("http://127.0.0.1:8000")


def page_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_sidebar_form_on_an_article_subscribes_without_javascript_and_says_thank_you(client, post_and_run, smtp_server):
    article = factories.article()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    form = soup.select_one("[data-newsletter] form")
    assert form["action"] == "/newsletter/subscribe/"
    assert soup.select_one("label[for=newsletter-email]").get_text(strip=True) == "Your email"
    assert "Subscribe to Test City News news" in soup.select_one("#newsletter-title").get_text()

    response = subscribe(post_and_run, client, "reader@example.org")
    assert response.status_code == 302
    thanks = page_text(client.get(response["Location"]))
    assert THANK_YOU in thanks and thanks.count("Thank you!") == 1  # said once, under a heading naming the step
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert len(smtp_server.to("reader@example.org")) == 1


def test_confirmation_mail_has_text_and_html_a_signed_link_and_one_click_unsubscribe(client, post_and_run, smtp_server):
    factories.home()
    subscribe(post_and_run, client, "reader@example.org")
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Confirm your subscription to Test City News news"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<(http://127\.0\.0\.1:8000/newsletter/unsubscribe/\S+/)>", mail["List-Unsubscribe"].strip()
    )
    assert unsubscribe
    html = mail.get_body(preferencelist=("html",)).get_content()
    confirm = [link for link in links_in(mail) if link.startswith("/newsletter/confirm/")]
    assert len(confirm) == 1
    assert f'href="http://127.0.0.1:8000{confirm[0]}"' in html
    assert unsubscribe.group(1) in mail.get_body(preferencelist=("plain",)).get_content()


def test_confirmation_link_confirms_once_and_a_second_click_says_the_same(client, post_and_run, smtp_server):
    factories.home()
    subscribe(post_and_run, client, "reader@example.org")
    confirm = next(link for link in links_in(smtp_server.messages[0]) if "/confirm/" in link)
    first, second = client.get(confirm), client.get(confirm)
    assert first.status_code == second.status_code == 200
    assert "Your subscription is confirmed." in page_text(first)
    assert page_text(first) == page_text(second)
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_expired_confirmation_link_asks_to_subscribe_again(client, post_and_run, smtp_server, settings):
    factories.home()
    subscribe(post_and_run, client, "reader@example.org")
    confirm = next(link for link in links_in(smtp_server.messages[0]) if "/confirm/" in link)
    settings.MASTHEAD_NEWSLETTER_CONFIRM_MAX_AGE = -1  # every link is now older than allowed
    response = client.get(confirm)
    assert response.status_code == 400
    assert "This confirmation link has expired. Please subscribe again" in page_text(response)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_forged_and_misused_links_are_refused_with_a_clear_message(client, post_and_run, smtp_server):
    factories.home()
    subscribe(post_and_run, client, "reader@example.org")
    links = links_in(smtp_server.messages[0])
    confirm = next(link for link in links if "/confirm/" in link)
    unsubscribe = next(link for link in links if "/unsubscribe/" in link)
    forged = confirm[:-3] + ("A" if confirm[-3] != "A" else "B") + confirm[-2:]
    misused = "/newsletter/confirm/" + unsubscribe.split("/unsubscribe/")[1]
    for link in (forged, misused, "/newsletter/confirm/1.abc:def/", "/newsletter/unsubscribe/nonsense/"):
        response = client.get(link)
        assert response.status_code == 400, link
        assert "This link does not work" in page_text(response)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_subscribing_twice_answers_the_same_and_mails_one_confirmation(client, post_and_run, smtp_server):
    factories.home()
    first = subscribe(post_and_run, client, "reader@example.org")
    second = subscribe(post_and_run, client, "Reader@Example.ORG")
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert Subscriber.objects.count() == 1
    assert len(smtp_server.messages) == 1  # the second ask came within the interval between confirmation mails


def test_a_confirmed_address_gets_the_same_answer_and_no_mail(client, post_and_run, smtp_server):
    factories.home()
    subscribe(post_and_run, client, "reader@example.org")
    client.get(next(link for link in links_in(smtp_server.messages[0]) if "/confirm/" in link))
    stranger = Client()
    unknown = subscribe(post_and_run, stranger, "someone-else@example.org")
    known = subscribe(post_and_run, stranger, "reader@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(smtp_server.to("reader@example.org")) == 1
    assert Subscriber.objects.with_address("reader@example.org").get().status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize(
    "address", ["not-an-address", "reader@", "@example.org", "a b@example.org", "x" * 250 + "@e.org"]
)
def test_invalid_address_is_refused_with_a_clear_message_and_nothing_is_kept(
    client, post_and_run, smtp_server, address
):
    factories.home()
    response = subscribe(post_and_run, client, address)
    assert response.status_code == 400
    assert "Please enter a valid email address" in page_text(response)
    assert Subscriber.objects.count() == 0
    assert smtp_server.messages == []


def test_an_empty_post_is_answered_with_the_form_and_a_message_not_an_error(client, post_and_run, smtp_server):
    factories.home()
    response = post_and_run(client, "/newsletter/subscribe/", {})
    assert response.status_code == 400
    assert "Please enter a valid email address" in page_text(response)
    assert "This field is required." not in page_text(response)  # one message for one problem
    assert Subscriber.objects.count() == 0


def test_one_click_unsubscribe_asks_on_get_and_unsubscribes_on_post_without_a_session(
    client, post_and_run, smtp_server
):
    factories.home()
    subscribe(post_and_run, client, "reader@example.org")
    mail = smtp_server.messages[0]
    client.get(next(link for link in links_in(mail) if "/confirm/" in link))
    address = unsubscribe_path(mail)

    asked = client.get(address)  # link checkers open links in mails: a GET must not unsubscribe
    assert asked.status_code == 200
    assert "Stop sending the Test City News newsletter to reader@example.org?" in page_text(asked)
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    mail_program = Client(enforce_csrf_checks=True)  # as RFC 8058 posts: no cookies, no CSRF token
    first = mail_program.post(address, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    second = mail_program.post(address, {"List-Unsubscribe": "One-Click"})
    assert first.status_code == second.status_code == 200
    assert "You are unsubscribed" in page_text(first)
    assert page_text(first) == page_text(second)
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_forged_unsubscribe_post_changes_nothing(client, post_and_run, smtp_server):
    factories.home()
    subscribe(post_and_run, client, "reader@example.org")
    address = unsubscribe_path(smtp_server.messages[0])
    response = Client(enforce_csrf_checks=True).post(address.replace("/unsubscribe/", "/unsubscribe/9") + "x/")
    assert response.status_code in {400, 404}
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_unsubscribed_reader_can_subscribe_again_and_must_confirm_again(client, post_and_run, smtp_server, settings):
    settings.MASTHEAD_NEWSLETTER_CONFIRMATION_INTERVAL = 0
    factories.home()
    subscribe(post_and_run, client, "reader@example.org")
    unsubscribe = unsubscribe_path(smtp_server.messages[0])
    client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    subscribe(post_and_run, client, "reader@example.org")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert len(smtp_server.messages) == 2


def test_a_reader_who_confirmed_and_left_gets_a_new_confirmation_at_once_when_they_return(
    client, post_and_run, smtp_server
):
    factories.home()  # the flood guard's interval as shipped: a confirmation per address per 15 minutes
    subscribe(post_and_run, client, "reader@example.org")
    first = smtp_server.messages[0]
    client.get(next(link for link in links_in(first) if "/confirm/" in link))
    client.post(unsubscribe_path(first), {"List-Unsubscribe": "One-Click"})
    subscribe(post_and_run, client, "reader@example.org")  # a minute later: told to check the inbox...
    assert len(smtp_server.to("reader@example.org")) == 2  # ...where a new link is
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_too_many_subscriptions_from_one_network_are_slowed_down(client, post_and_run, smtp_server, settings):
    settings.MASTHEAD_NEWSLETTER_SUBSCRIBE_RATE = "2/m"
    factories.home()
    answers = [subscribe(post_and_run, client, f"reader{n}@example.org").status_code for n in range(3)]
    assert answers == [302, 302, 429]
    assert len(smtp_server.messages) == 2


def test_failed_confirmation_mail_lets_the_reader_ask_again_at_once(client, post_and_run, smtp_server):
    factories.home()
    smtp_server.refuse("reader@example.org", "451 4.3.0 Mailbox busy, try later")
    subscribe(post_and_run, client, "reader@example.org")
    assert smtp_server.messages == []
    assert "451" in Subscriber.objects.get().last_error
    subscribe(post_and_run, client, "reader@example.org")
    assert len(smtp_server.to("reader@example.org")) == 1


def test_russian_edition_subscribes_to_the_russian_digest_with_russian_links(client, post_and_run, smtp_server):
    factories.home(language="ru", title="Новости города")
    response = subscribe(post_and_run, client, "chitatel@example.org", prefix="/ru", frequency="weekly")
    assert response["Location"] == "/ru/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.language, subscriber.frequency) == ("ru", "weekly")
    [mail] = smtp_server.messages
    assert mail["Subject"].strip().startswith("Подтвердите подписку")
    assert any(link.startswith("/ru/newsletter/confirm/") for link in links_in(mail))


def test_json_endpoint_answers_like_the_form_and_in_one_error_shape(
    client, django_capture_on_commit_callbacks, smtp_server
):
    factories.home()

    def ask(email, language="en"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/api/v1/newsletter/subscriptions",
                {"email": email, "frequency": "weekly", "language": language},
                content_type="application/json",
            )

    new, again = ask("reader@example.org"), ask("reader@example.org")
    assert new.status_code == again.status_code == 202
    assert new.json() == again.json() == {"message": THANK_YOU}
    assert ask("reader@example.org", language="ru").json() == {
        "message": "Спасибо! Проверьте почту и подтвердите подписку."
    }
    bad = ask("nobody")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_email"
    assert bad.json()["error"]["fields"]["email"]
    assert len(smtp_server.messages) == 1
