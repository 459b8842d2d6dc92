"""Readers send the newsroom tips, with files, anonymously if they wish; bad input is refused clearly and keeps
their text; files are never public."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from masthead.comments.tests.helpers import reader
from masthead.tips import services
from masthead.tips.models import Tip, TipFile

from .helpers import PDF, jpeg_bytes

pytestmark = pytest.mark.django_db

TEXT = "A water main burst on Harbour Street at 7 am; the road is closed and two shops are flooded."


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def send(client, text=TEXT, files=(), address="203.0.113.5", **fields):
    return client.post("/tips/", {"text": text, "files": list(files), **fields}, REMOTE_ADDR=address)


def form_of(response):
    return BeautifulSoup(response.content, "html.parser").select_one("form[data-tip-form]")


def test_an_anonymous_reader_sends_a_tip_and_is_thanked():
    client = Client()
    page = client.get("/tips/")
    assert page.status_code == 200 and form_of(page) is not None
    response = send(client)
    assert response.status_code == 302 and response["Location"] == "/tips/thanks/"
    assert "It reached our editors" in client.get("/tips/thanks/").content.decode()
    tip = Tip.objects.get()
    assert (tip.text, tip.name, tip.contact, tip.language, tip.reader) == (TEXT, "", "", "en", None)
    assert tip.status == Tip.Status.NEW
    assert "203.0.113.5" not in tip.sender_hash and len(tip.sender_hash) == 64  # a keyed hash, never the address


def test_a_tip_with_a_photo_and_a_pdf_keeps_them_privately_under_their_sniffed_types():
    client = Client()
    files = [upload("../../etc/street.jpg", jpeg_bytes(), "text/html"), upload("letter.pdf", PDF, "image/png")]
    assert send(client, files=files, name="Olga", contact="@olga_on_telegram").status_code == 302
    tip = Tip.objects.get()
    stored = {f.original_name: f for f in tip.files.all()}
    assert set(stored) == {"street.jpg", "letter.pdf"}
    assert stored["street.jpg"].content_type == "image/jpeg"  # by its bytes, not by what the browser said
    assert stored["letter.pdf"].content_type == "application/pdf"
    path = Path(stored["street.jpg"].file.path)
    assert path.is_file() and Path(settings.MEDIA_ROOT) not in path.parents
    assert path.suffix == ".jpg" and "street" not in path.name  # stored under a name of ours
    assert (tip.name, tip.contact) == ("Olga", "@olga_on_telegram")
    # No address on the site serves it, under the media address or anywhere else.
    assert client.get(settings.MEDIA_URL + stored["street.jpg"].file.name).status_code == 404
    assert client.get("/tips/" + stored["street.jpg"].file.name).status_code == 404


def test_a_file_named_with_nothing_a_disk_takes_is_kept_under_a_name_of_ours():
    assert send(Client(), files=[upload("<script>.jpg", jpeg_bytes()), upload(">", PDF)]).status_code == 302
    assert sorted(TipFile.objects.values_list("original_name", flat=True)) == ["file", "script.jpg"]


def test_a_signed_in_reader_s_tip_is_linked_to_their_account():
    client = Client()
    maria = reader("Maria")
    client.force_login(maria)
    send(client)
    assert Tip.objects.get().reader == maria


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "This field is required."),
        ("   \u200b\u200b \n\t ", "Please write what the tip is about."),
        ("x" * 10_001, "Ensure this value has at most 10000 characters"),
    ],
)
def test_an_empty_or_overlong_tip_is_refused_with_a_clear_message(text, message):
    response = send(Client(), text=text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Tip.objects.count() == 0


def test_control_and_invisible_characters_are_dropped_from_the_text_and_a_null_character_is_refused():
    send(Client(), text="Fire\x1b at the\u200b depot\u202e now", name="An\x07na")
    tip = Tip.objects.get()
    assert (tip.text, tip.name) == ("Fire at the depot now", "Anna")
    refused = send(Client(), text="Fire\x00 at the depot")
    assert refused.status_code == 400 and "Null characters are not allowed." in refused.content.decode()
    assert Tip.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("photo.jpg", b"\xff\xd8\xff" + b"not really a picture" * 10),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_a_file_that_is_not_a_picture_video_or_pdf_is_refused_and_the_text_is_kept(name, content):
    response = send(Client(), files=[upload(name, content, "image/jpeg")])
    assert response.status_code == 400
    page = response.content.decode()
    assert f"“{name}” is not a picture, video or PDF we can take." in page
    assert "Your text is kept below; please choose the files again." in page
    assert form_of(response).select_one("textarea[name=text]").get_text().strip() == TEXT
    assert Tip.objects.count() == 0 and TipFile.objects.count() == 0


def test_too_many_files_are_refused(settings):
    settings.MASTHEAD_TIPS_MAX_FILES = 2
    response = send(Client(), files=[upload(f"p{n}.jpg", jpeg_bytes()) for n in range(3)])
    assert response.status_code == 400
    assert "Send at most 2 files." in response.content.decode()
    assert Tip.objects.count() == 0


def test_a_file_over_the_size_limit_is_named_and_not_stored_while_the_text_is_kept(settings):
    settings.MASTHEAD_TIPS_MAX_FILE_MB = 1
    big = upload("video.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * (2 * 1024 * 1024))
    response = send(Client(), files=[big, upload("ok.jpg", jpeg_bytes())])
    assert response.status_code == 400
    page = response.content.decode()
    assert "“video.mp4” is larger than 1.0\xa0MB; it was not sent." in page
    assert form_of(response).select_one("textarea[name=text]").get_text().strip() == TEXT
    assert Tip.objects.count() == 0


def test_a_body_larger_than_every_limit_together_is_refused_before_it_is_read(settings):
    settings.MASTHEAD_TIPS_MAX_FILE_MB = 1
    settings.MASTHEAD_TIPS_MAX_FILES = 1
    huge = upload("huge.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * (3 * 1024 * 1024))
    response = send(Client(), files=[huge])
    assert response.status_code == 413
    assert "The files are too large to send together." in response.content.decode()
    assert Tip.objects.count() == 0


def test_a_flood_from_one_address_is_refused_with_the_text_kept_while_others_still_get_through(settings):
    settings.MASTHEAD_TIPS_PER_HOUR = 3
    client = Client()
    for _ in range(3):
        assert send(client).status_code == 302
    refused = send(client, text="One more thing")
    assert refused.status_code == 429
    assert "You have sent us 3 tips in the last hour, as many as we take" in refused.content.decode()
    assert form_of(refused).select_one("textarea[name=text]").get_text().strip() == "One more thing"
    assert send(client, address="198.51.100.7").status_code == 302
    assert Tip.objects.count() == 4


def test_the_form_needs_its_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert send(strict).status_code == 403
    page = strict.get("/tips/")
    token = form_of(page).select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert send(strict, csrfmiddlewaretoken=token).status_code == 302
    assert Tip.objects.count() == 1


def test_editors_named_in_the_settings_get_a_link_but_not_the_tip_s_words(settings, django_capture_on_commit_callbacks):
    settings.MASTHEAD_TIPS_NOTIFY = ["desk@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        send(Client(), files=[upload("street.jpg", jpeg_bytes())])
    [message] = mail.outbox
    tip = Tip.objects.get()
    assert message.to == ["desk@example.org"] and message.subject == f"New reader tip #{tip.pk}"
    assert f"/admin/tips/edit/{tip.pk}/" in message.body and "with 1 file" in message.body
    assert "Harbour Street" not in message.body


def test_nobody_is_mailed_when_nobody_is_named(settings, django_capture_on_commit_callbacks):
    settings.MASTHEAD_TIPS_NOTIFY = []
    with django_capture_on_commit_callbacks(execute=True):
        send(Client())
    assert mail.outbox == []


def test_sender_hashes_are_erased_after_the_retention_period(settings):
    from datetime import timedelta

    from django.utils import timezone

    send(Client())
    later = timezone.now() + timedelta(days=settings.MASTHEAD_ADDRESS_RETENTION_DAYS + 1)
    assert services.forget_old_addresses(now=later) == 1
    assert Tip.objects.get().sender_hash == ""


def test_every_page_links_to_the_tip_form():
    from masthead.newsroom.tests import factories

    soup = BeautifulSoup(Client().get(factories.home().url).content, "html.parser")
    assert soup.select_one('.site-footer a[href="/tips/"]').get_text(strip=True) == "Send us a tip"


def test_a_signed_in_reader_s_tips_are_in_their_data_and_stay_with_the_newsroom_when_they_leave():
    import json

    client = Client()
    maria = reader("Maria")
    client.force_login(maria)
    send(client, files=[upload("street.jpg", jpeg_bytes())])
    data = json.loads(client.get("/accounts/profile/data/").content)
    assert [(tip["text"], tip["files"]) for tip in data["tips"]] == [(TEXT, ["street.jpg"])]
    maria.delete()
    tip = Tip.objects.get()  # the newsroom's material: kept, no longer linked to anyone
    assert tip.reader is None and tip.files.count() == 1


def test_the_russian_edition_takes_tips_in_russian():
    from masthead.newsroom.tests import factories

    factories.home(language="ru")
    page = BeautifulSoup(Client().get("/ru/tips/").content, "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "Сообщить новость"
    refused = Client().post("/ru/tips/", {"text": "\u200b \u200b"})
    assert "Пожалуйста, напишите, о чём ваше сообщение." in refused.content.decode()
    Client().post("/ru/tips/", {"text": "Пожар на складе"}, REMOTE_ADDR="192.0.2.1")
    assert Tip.objects.get().language == "ru"


def test_a_database_hiccup_gives_the_words_back_to_send_again_and_leaves_no_file_behind(settings):
    from masthead.api.tests.faults import database_stops_answering

    client = Client()
    with database_stops_answering(from_statement='INSERT INTO "TIPS_TIPFILE"') as refused:
        response = send(client, files=[upload("street.jpg", jpeg_bytes())], name="Olga", contact="@olga")
    assert refused, "the file's row should have been refused"
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = BeautifulSoup(response.content, "html.parser")
    assert "database did not answer" in page.select_one("[role=alert]").get_text()
    assert "Choose your files again too" in page.select_one("[role=alert]").get_text()
    assert page.select_one("textarea[name=text]").get_text() == TEXT
    assert page.select_one("input[name=name]")["value"] == "Olga"
    assert Tip.objects.count() == 0 and TipFile.objects.count() == 0
    private = Path(TipFile._meta.get_field("file").storage.location)
    assert not any(path.is_file() for path in private.rglob("*")), "a file written before the refusal was left behind"
    # Sent again from that page, it is stored.
    form = page.select_one("form")
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    again = client.post(form["action"], {"text": TEXT, "name": "Olga", "csrfmiddlewaretoken": token})
    assert again.status_code == 302 and Tip.objects.get().name == "Olga"
