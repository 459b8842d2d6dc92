"""After a tip, its sender and the newsroom talk on the sender's private page: the sender opens it with the key they
were given (or signed in), writes again, and reads the editors' answers, which editors write in the admin. The key
travels in forms only, never in an address, where logs, history and synced bookmarks would keep it."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from masthead.comments.tests.helpers import reader
from masthead.tips import services
from masthead.tips.models import Tip, TipMessage
from masthead.typos.tests.helpers import editor

pytestmark = pytest.mark.django_db

TEXT = "Trucks dump waste into the river behind the old mill at night."


REPLY = "/tips/reply/"


def send_tip(client, text=TEXT, address="203.0.113.7"):
    """Send a tip through the form; returns the key the thanks page gives. The sending browser has the tip open."""
    assert client.post("/tips/", {"text": text}, REMOTE_ADDR=address).status_code == 302
    thanks = BeautifulSoup(client.get("/tips/thanks/").content, "html.parser")
    key = thanks.select_one("[data-tip-key]")
    assert key is not None, "the thanks page should give the key"
    return key.get_text(strip=True)


def open_tip(client, key, path=REPLY):
    """Another browser opens the tip with its key."""
    response = client.post(path, {"key": key})
    assert (response.status_code, response["Location"]) == (302, path)


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return BeautifulSoup(response.content, "html.parser")


def textarea(soup):
    # A newline right after <textarea> is dropped by HTML parsers (Django writes one); the browser shows the rest.
    return soup.select_one("textarea[name=text]").get_text().removeprefix("\n")


def shown(soup):
    return [message.select("p")[1].get_text(strip=True) for message in soup.select("[data-tip-message]")]


def answer_in_admin(person, tip, text, **fields):
    client = Client()
    client.force_login(person)
    return client.post(
        f"/admin/tips/edit/{tip.pk}/", {"status": tip.status, "editor_note": "", "answer": text, **fields}
    )


def test_the_sender_reads_the_newsrooms_questions_and_answers_them_on_their_private_page(
    settings, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_TIPS_NOTIFY = ["desk@example.org"]
    sender = Client()
    with django_capture_on_commit_callbacks(execute=True):
        key = send_tip(sender)
    tip = Tip.objects.get()
    soup = page(sender, REPLY)
    assert soup.select_one("blockquote.tip-text").get_text(strip=True) == TEXT
    assert soup.select_one("[data-tip-status]").get_text() == "Received"
    assert "No messages yet" in soup.select_one(".empty-state").get_text()

    answered = answer_in_admin(editor(), tip, "Which night did you see them? Do you have a photo?", status="checking")
    assert answered.status_code == 302
    elsewhere = Client()  # any browser, given the key
    open_tip(elsewhere, key)
    soup = page(elsewhere, REPLY)
    assert shown(soup) == ["Which night did you see them? Do you have a photo?"]
    assert soup.select_one("[data-tip-status]").get_text() == "Being checked"
    assert soup.select_one(".tip-message--newsroom strong").get_text() == "The newsroom"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wrote = sender.post(REPLY, {"text": "Tuesday, around 2 am.\nNo photo, but the plates began with AB."})
    assert wrote.status_code == 302 and wrote["Location"] == REPLY
    soup = page(sender, REPLY)
    assert shown(soup)[-1] == "Tuesday, around 2 am.No photo, but the plates began with AB."  # a line break kept
    assert "Your message reached the newsroom." in soup.select_one("[role=status]").get_text()
    tip.refresh_from_db()
    assert tip.awaiting_answer  # the queue shows who waits
    [notice] = mail.outbox
    assert notice.subject == f"The sender of tip #{tip.pk} wrote again" and "plates" not in notice.body


def test_a_key_opens_only_its_own_tip_and_is_not_kept():
    first, second = Client(), Client()
    key = send_tip(first)
    send_tip(second, text="Another tip", address="203.0.113.8")
    assert len(key) >= 40
    assert not Tip.objects.filter(reply_key_hash=key).exists()
    assert TEXT not in page(second, REPLY).get_text()  # the second browser has its own tip open
    open_tip(second, f"  {key[:20]}\n{key[20:]} ")  # pasted with a line break and spaces around
    assert TEXT in page(second, REPLY).get_text()
    wrong = Client().post(REPLY, {"key": key[:-4] + "xxxx"})
    assert wrong.status_code == 404 and "No tip has this key" in wrong.content.decode()
    empty = Client().post(REPLY, {"key": "  "})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()


def test_the_key_is_shown_once_and_then_the_site_keeps_only_its_hash():
    from django.contrib.sessions.models import Session

    sender = Client()
    key = send_tip(sender)  # the thanks page, once
    again = BeautifulSoup(sender.get("/tips/thanks/").content, "html.parser")
    assert again.select_one("[data-tip-key]") is None and key not in str(again)
    assert "Your key was shown once" in again.get_text()
    assert again.select_one("a.tip-address__link")["href"] == REPLY  # this browser still has the tip open
    assert TEXT in page(sender, REPLY).get_text()
    assert not [row for row in Session.objects.all() if key in str(row.get_decoded())]


def test_the_key_is_never_in_an_address_the_sender_is_sent_to_or_given():
    sender = Client()
    assert sender.post("/tips/", {"text": TEXT}).status_code == 302
    thanks = sender.get("/tips/thanks/")
    key = BeautifulSoup(thanks.content, "html.parser").select_one("[data-tip-key]").get_text(strip=True)
    other = Client()
    answers = [thanks, other.post(REPLY, {"key": key}), other.get(REPLY), other.post(REPLY, {"text": "More"})]
    for response in answers:
        soup = BeautifulSoup(response.content, "html.parser")
        addresses = [tag.get("href") or tag.get("action") or "" for tag in soup.select("[href], [action]")]
        assert not [address for address in addresses if key in address]
        assert key not in response.get("Location", "")
    assert "To come back, open http://testserver/tips/reply/ and enter the key." in thanks.content.decode()


def test_closing_the_tip_in_a_shared_browser_asks_for_the_key_again():
    sender = Client()
    key = send_tip(sender)
    assert page(sender, REPLY).select_one("button[name=close]") is not None
    closed = sender.post(REPLY, {"close": "1"})
    assert (closed.status_code, closed["Location"]) == (302, REPLY)
    soup = page(sender, REPLY)
    assert soup.select_one("h1").get_text(strip=True) == "Open your tip"
    assert "Your tip was closed in this browser" in soup.select_one("[role=status]").get_text()
    assert TEXT not in soup.get_text()
    assert BeautifulSoup(sender.get("/tips/thanks/").content, "html.parser").select_one("[data-tip-key]") is None
    refused = sender.post(REPLY, {"text": "One more thing"})
    assert refused.status_code == 403 and TipMessage.objects.count() == 0
    open_tip(sender, key)
    assert TEXT in page(sender, REPLY).get_text()


def test_trying_key_after_key_is_refused_for_a_while():
    send_tip(Client())
    guesser = Client(REMOTE_ADDR="198.51.100.9")
    answers = [guesser.post(REPLY, {"key": f"guess-{n}"}).status_code for n in range(31)]
    assert answers == [404] * 30 + [429]
    assert "Too many tries" in guesser.post(REPLY, {"key": "guess"}).content.decode()
    assert Client(REMOTE_ADDR="198.51.100.10").post(REPLY, {"key": "guess"}).status_code == 404  # others still may


def test_an_address_with_the_key_from_earlier_versions_opens_the_tip_and_leaves_the_key_behind():
    key = services.tip_submit(text=TEXT, language="en", address="203.0.113.9").reply_key
    browser = Client()
    response = browser.get(f"/tips/reply/{key}/")
    assert (response.status_code, response["Location"]) == (302, REPLY)
    assert TEXT in page(browser, REPLY).get_text()
    assert Client().get(f"/tips/reply/{key[:-4]}xxxx/").status_code == 404
    assert Client().get("/tips/reply/x/").status_code == 404


def test_the_private_page_is_never_stored_indexed_or_named_to_other_sites():
    sender = Client()
    send_tip(sender)
    for response in (sender.get(REPLY), sender.get("/tips/thanks/"), Client().get(REPLY)):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "This field is required."), ("\u200b \u200b", "Please write your message."), ("x" * 5001, "at most 5000")],
)
def test_an_empty_or_overlong_message_is_refused_and_the_words_are_kept(text, message):
    sender = Client()
    send_tip(sender)
    response = sender.post(REPLY, {"text": text})
    assert response.status_code == 400 and message in response.content.decode()
    if text.strip("\u200b "):
        assert textarea(BeautifulSoup(response.content, "html.parser")) == text
    assert TipMessage.objects.count() == 0


def test_a_flood_of_messages_is_refused_with_the_words_kept(settings):
    settings.MASTHEAD_TIPS_MESSAGES_PER_HOUR = 2
    sender = Client()
    send_tip(sender)
    assert [sender.post(REPLY, {"text": f"Detail {n}"}).status_code for n in range(2)] == [302, 302]
    refused = sender.post(REPLY, {"text": "Detail 3"})
    assert refused.status_code == 429
    soup = BeautifulSoup(refused.content, "html.parser")
    assert "2 messages in the last hour" in soup.select_one("[role=alert]").get_text()
    assert textarea(soup) == "Detail 3"
    assert TipMessage.objects.count() == 2


def test_writing_needs_the_pages_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/tips/", {"text": TEXT}).status_code == 403
    key = services.tip_submit(text=TEXT, language="en", address="203.0.113.9").reply_key
    assert strict.post(REPLY, {"key": key}).status_code == 403
    token = page(strict, REPLY).select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert strict.post(REPLY, {"key": key, "csrfmiddlewaretoken": token}).status_code == 302
    assert strict.post(REPLY, {"text": "More"}).status_code == 403
    token = page(strict, REPLY).select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert strict.post(REPLY, {"text": "More", "csrfmiddlewaretoken": token}).status_code == 302
    assert strict.post(REPLY, {"close": "1"}).status_code == 403


def test_a_signed_in_sender_is_mailed_that_an_answer_waits_and_reads_it_on_their_account(
    django_capture_on_commit_callbacks,
):
    maria, other = reader("Maria"), reader("Pavel")
    client = Client()
    client.force_login(maria)
    send_tip(client)
    tip = Tip.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        answer_in_admin(editor(), tip, "Could you call us at the desk?")
    [notice] = mail.outbox
    assert notice.to == [maria.email] and notice.subject == "The newsroom answered your tip"
    assert f"/tips/yours/{tip.pk}/" in notice.body and "call us" not in notice.body
    assert shown(page(client, f"/tips/yours/{tip.pk}/")) == ["Could you call us at the desk?"]
    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(f"/tips/yours/{tip.pk}/").status_code == 404
    assert Client().get(f"/tips/yours/{tip.pk}/").status_code == 302  # to sign in


def test_the_editors_answer_is_logged_under_their_name_and_clears_the_wait():
    tip = services.tip_submit(text=TEXT, language="en", address="203.0.113.10")
    services.message_from_sender(tip=tip, text="One more thing")
    person = editor()
    answer_in_admin(person, tip, "Thank you, we are on it.")
    tip.refresh_from_db()
    assert not tip.awaiting_answer
    entry = ModelLogEntry.objects.get(action="tips.answer")
    assert (entry.user, entry.object_id) == (person, str(tip.pk))
    client = Client()
    client.force_login(person)
    soup = BeautifulSoup(client.get(f"/admin/tips/edit/{tip.pk}/").content, "html.parser")
    text = soup.get_text()
    assert "One more thing" in text and "Thank you, we are on it." in text


def test_words_in_messages_are_shown_as_text(xss_payload="<script>alert(1)</script><img src=x onerror=alert(2)>"):
    sender = Client()
    send_tip(sender)
    sender.post(REPLY, {"text": xss_payload})
    html = sender.get(REPLY).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_the_conversation_costs_the_same_queries_however_long_it_is():
    sender = Client()
    send_tip(sender)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            sender.get(REPLY)
        return len(captured)

    tip = Tip.objects.get()
    services.message_from_sender(tip=tip, text="First")
    few = queries()
    for n in range(5):
        services.answer_sender(tip=tip, text=f"Answer {n}", user=None)
        services.message_from_sender(tip=tip, text=f"Detail {n}")
    assert queries() == few


def test_a_database_hiccup_gives_the_message_back_to_send_again():
    from masthead.api.tests.faults import database_stops_answering

    sender = Client()
    send_tip(sender)
    with database_stops_answering(from_statement='INSERT INTO "TIPS_TIPMESSAGE"') as refused:
        response = sender.post(REPLY, {"text": "The mill's gate code is 1234."})
    assert refused and response.status_code == 503
    soup = BeautifulSoup(response.content, "html.parser")
    assert textarea(soup) == "The mill's gate code is 1234."
    assert TipMessage.objects.count() == 0


def test_the_russian_sender_reads_their_page_in_russian():
    from masthead.newsroom.tests import factories

    factories.home(language="ru")
    sender = Client()
    assert sender.post("/ru/tips/", {"text": "Свалка у реки"}, REMOTE_ADDR="192.0.2.3").status_code == 302
    thanks = BeautifulSoup(sender.get("/ru/tips/thanks/").content, "html.parser")
    assert thanks.select_one("a.tip-address__link")["href"] == "/ru/tips/reply/"
    soup = page(sender, "/ru/tips/reply/")
    assert soup.select_one("h1").get_text(strip=True) == "Ваше сообщение"
    assert soup.select_one("[data-tip-status]").get_text() == "Получено"


def test_a_signed_in_senders_account_page_lists_their_tips_with_the_newsrooms_answers():
    maria = reader("Maria")
    client = Client()
    client.force_login(maria)
    assert "Your tips" not in client.get("/accounts/profile/").content.decode()  # nothing to show: no heading
    send_tip(client)
    tip = Tip.objects.get()
    services.answer_sender(tip=tip, text="Call us?", user=None)
    services.message_from_sender(tip=tip, text="Tomorrow")
    soup = page(client, "/accounts/profile/")
    [entry] = [item for item in soup.select("li") if item.select_one(f'a[href="/tips/yours/{tip.pk}/"]')]
    assert entry.select_one(".comment-status").get_text(strip=True) == "Received · 1 answer from the newsroom"


def test_the_dashboard_counts_senders_waiting_for_an_answer_and_the_queue_filters_them():
    waiting = services.tip_submit(text="The mayor's car again", language="en", address="203.0.113.20")
    services.tip_submit(text="Quiet one", language="en", address="203.0.113.21")
    Tip.objects.update(status=Tip.Status.CHECKING)  # none is new: the panel shows for the waiting sender alone
    services.message_from_sender(tip=waiting, text="Here is the plate number.")
    client = Client()
    client.force_login(editor())
    panel = BeautifulSoup(client.get("/admin/").content, "html.parser").select_one("#new-tips-section")
    line = panel.select_one("[data-tips-waiting]")
    assert "1 sender wrote again and waits for an answer." in line.get_text(" ", strip=True)
    queue = client.get(line.select_one("a")["href"]).content.decode()
    assert "The mayor&#x27;s car again" in queue or "The mayor's car again" in queue
    assert "Quiet one" not in queue


def test_a_message_sent_twice_in_a_row_is_stored_once():
    sender = Client()
    send_tip(sender)
    for _ in range(2):
        assert sender.post(REPLY, {"text": "The gate is on Mill Lane."}).status_code == 302
    assert TipMessage.objects.count() == 1
    sender.post(REPLY, {"text": "And the van is white."})
    assert TipMessage.objects.count() == 2


def test_a_ten_megabyte_message_is_refused_before_it_is_read_and_nothing_is_stored():
    sender = Client()
    send_tip(sender)
    response = sender.post(REPLY, {"text": "x" * (10 * 1024 * 1024)})
    assert response.status_code in {400, 413}
    assert TipMessage.objects.count() == 0


def test_a_signed_in_senders_data_download_holds_the_conversation():
    import json

    maria = reader("Maria")
    client = Client()
    client.force_login(maria)
    send_tip(client)
    tip = Tip.objects.get()
    services.answer_sender(tip=tip, text="Who else saw it?", user=editor())
    services.message_from_sender(tip=tip, text="The night guard.")
    [exported] = json.loads(client.get("/accounts/profile/data/").content)["tips"]
    assert [(entry["from"], entry["text"]) for entry in exported["conversation"]] == [
        ("newsroom", "Who else saw it?"),
        ("you", "The night guard."),
    ]


def test_a_tip_from_before_private_pages_cannot_be_answered_where_its_sender_would_never_read_it():
    tip = services.tip_submit(text=TEXT, language="en", address="203.0.113.30")
    Tip.objects.filter(pk=tip.pk).update(reply_key_hash="")
    person = editor()
    answer_in_admin(person, tip, "Hello?")
    assert TipMessage.objects.count() == 0
    client = Client()
    client.force_login(person)
    page = BeautifulSoup(client.get(f"/admin/tips/edit/{tip.pk}/").content, "html.parser")
    assert page.select_one("textarea[name=answer]").has_attr("disabled")


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_sender_sends_more_files_with_a_message_and_editors_download_them_under_it(
    settings, django_capture_on_commit_callbacks
):
    from masthead.tips.models import TipFile

    from .helpers import PDF, jpeg_bytes

    settings.MASTHEAD_TIPS_NOTIFY = ["desk@example.org"]
    sender = Client()
    send_tip(sender)
    files = [upload("gate.jpg", jpeg_bytes()), upload("invoice.pdf", PDF)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wrote = sender.post(REPLY, {"text": "Here is the photo and the invoice.", "files": files})
    assert wrote.status_code == 302
    [notice] = mail.outbox
    assert "wrote to the newsroom again, with 2 files." in notice.body and "invoice" not in notice.body
    message = TipMessage.objects.get()
    stored = {f.original_name: f for f in TipFile.objects.filter(message=message)}
    assert {name: f.content_type for name, f in stored.items()} == {
        "gate.jpg": "image/jpeg",
        "invoice.pdf": "application/pdf",
    }
    assert all(f.tip_id == message.tip_id for f in stored.values())
    soup = page(sender, REPLY)
    [item] = soup.select("[data-tip-message]")
    assert "Files: gate.jpg, invoice.pdf" in item.get_text(" ", strip=True)
    assert soup.select_one("form[data-tip-form]")["enctype"] == "multipart/form-data"

    person = editor()
    desk = Client()
    desk.force_login(person)
    admin_page = BeautifulSoup(desk.get(f"/admin/tips/edit/{message.tip_id}/").content, "html.parser")
    links = [a["href"] for a in admin_page.select("a[download]")]
    assert links == [f"/admin/tips/files/{stored[name].pk}/" for name in ("gate.jpg", "invoice.pdf")]
    download = desk.get(links[1])
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_a_wrong_or_oversized_file_with_a_message_is_refused_and_the_words_are_kept(settings):
    from masthead.tips.models import TipFile

    settings.MASTHEAD_TIPS_MAX_FILE_MB = 1
    sender = Client()
    send_tip(sender)
    script = sender.post(REPLY, {"text": "See the file.", "files": [upload("note.html", b"<script>alert(1)</script>")]})
    assert script.status_code == 400
    assert "“note.html” is not a picture, video or PDF we can take." in script.content.decode()
    assert textarea(BeautifulSoup(script.content, "html.parser")) == "See the file."
    big = upload("clip.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * (2 * 1024 * 1024))
    too_big = sender.post(REPLY, {"text": "And the video.", "files": [big]})
    assert too_big.status_code == 400 and "“clip.mp4” is larger than 1.0\xa0MB" in too_big.content.decode()
    settings.MASTHEAD_TIPS_MAX_FILES = 1
    huge = upload("huge.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * (3 * 1024 * 1024))
    unread = sender.post(REPLY, {"text": "All of it.", "files": [huge]})
    assert unread.status_code == 413 and "The files are too large to send together." in unread.content.decode()
    assert TipMessage.objects.count() == 0 and TipFile.objects.filter(message__isnull=False).count() == 0


def test_a_message_sent_again_with_files_it_lacked_the_first_time_is_stored_again():
    from .helpers import jpeg_bytes

    sender = Client()
    send_tip(sender)
    assert sender.post(REPLY, {"text": "The photo."}).status_code == 302
    assert sender.post(REPLY, {"text": "The photo.", "files": [upload("gate.jpg", jpeg_bytes())]}).status_code == 302
    assert [m.files.count() for m in TipMessage.objects.order_by("pk")] == [0, 1]


def test_a_database_hiccup_with_files_leaves_no_file_behind_and_asks_for_them_again():
    from pathlib import Path

    from masthead.api.tests.faults import database_stops_answering
    from masthead.tips.models import TipFile

    from .helpers import jpeg_bytes

    sender = Client()
    send_tip(sender)
    private = Path(TipFile._meta.get_field("file").storage.location)
    before = {path for path in private.rglob("*") if path.is_file()}
    with database_stops_answering(from_statement='INSERT INTO "TIPS_TIPFILE"') as refused:
        response = sender.post(REPLY, {"text": "The gate.", "files": [upload("gate.jpg", jpeg_bytes())]})
    assert refused and response.status_code == 503
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Choose your files again too" in soup.select_one("[role=alert]").get_text()
    assert textarea(soup) == "The gate."
    assert TipMessage.objects.count() == 0
    assert {path for path in private.rglob("*") if path.is_file()} == before


def test_a_signed_in_sender_writes_with_a_file_on_their_accounts_page_of_the_tip_and_it_needs_the_token():
    from .helpers import jpeg_bytes

    maria = reader("Maria")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(maria)
    tip = services.tip_submit(text=TEXT, language="en", reader=maria, address="203.0.113.40")
    address = f"/tips/yours/{tip.pk}/"
    assert strict.post(address, {"text": "The gate."}).status_code == 403
    token = page(strict, address).select_one("input[name=csrfmiddlewaretoken]")["value"]
    sent = strict.post(
        address, {"text": "The gate.", "files": [upload("gate.jpg", jpeg_bytes())], "csrfmiddlewaretoken": token}
    )
    assert (sent.status_code, sent["Location"]) == (302, address)
    assert [f.original_name for f in TipMessage.objects.get().files.all()] == ["gate.jpg"]
    assert page(strict, address).select_one("button[name=close]") is None  # the account's page, nothing to close


def test_the_answer_mails_date_reads_as_one_sentence_in_russian():
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    tip = SimpleNamespace(created_at=datetime(2026, 11, 28, 10, 0, tzinfo=UTC))
    with translation.override("ru"):
        body = render_to_string("tips/mail/answered.txt", {"tip": tip, "url": "https://example.org/"})
    assert "28 ноября 2026." in body and "г.." not in body  # the Russian date format's own "г." made a double stop
