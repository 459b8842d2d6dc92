"""Editors read and handle tips in the admin and download their files; nobody else can."""

import itertools

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masthead.comments.tests.helpers import moderator as comment_moderator
from masthead.comments.tests.helpers import reader, xss_payloads
from masthead.tips import services
from masthead.tips.files import EXTENSIONS
from masthead.tips.models import Tip, TipFile
from masthead.typos.tests.helpers import chief, editor

from .helpers import jpeg_bytes

pytestmark = pytest.mark.django_db


_senders = itertools.count(1)


def a_tip(text="The bridge has a crack", **fields):
    return services.tip_submit(text=text, language="en", address=f"203.0.113.{next(_senders)}", **fields)


def with_file(tip, name="street.jpg", content=None, kind="image/jpeg"):
    content = content or jpeg_bytes()
    stored = TipFile(tip=tip, original_name=name, content_type=kind, size=len(content))
    stored.file.save("stored" + EXTENSIONS[kind], ContentFile(content), save=True)
    return stored


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def test_an_editor_reads_the_queue_opens_a_tip_and_sets_its_status():
    tip = a_tip(name="Olga", contact="+7 900 000-00-00")
    with_file(tip)
    person = editor()
    client = signed_in(person)
    queue = BeautifulSoup(client.get("/admin/tips/").content, "html.parser")
    assert "The bridge has a crack" in queue.get_text()
    page = client.get(f"/admin/tips/edit/{tip.pk}/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert "+7 900 000-00-00" in soup.get_text()
    link = soup.select_one(f'a[href="/admin/tips/files/{tip.files.get().pk}/"]')
    assert link.get_text(strip=True) == "street.jpg"
    response = client.post(f"/admin/tips/edit/{tip.pk}/", {"status": "checking", "editor_note": "Called her back"})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert (tip.status, tip.editor_note, tip.assignee) == ("checking", "Called her back", person)
    assert tip.text == "The bridge has a crack"  # read only: the reader's words are never edited


def test_the_queue_filters_by_status_and_costs_the_same_queries_for_many_tips():
    client = signed_in(editor())
    for number in range(3):
        a_tip(text=f"Tip {number}")
    Tip.objects.filter(text="Tip 0").update(status="spam")
    listed = BeautifulSoup(client.get("/admin/tips/?status=new").content, "html.parser").get_text()
    assert "Tip 1" in listed and "Tip 0" not in listed

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/admin/tips/")
        return len(captured)

    few = queries()
    for number in range(20):
        with_file(a_tip(text=f"More {number}"))
    assert queries() == few


def test_files_download_as_attachments_that_the_browser_will_not_run():
    tip = a_tip()
    stored = with_file(tip, name="report.pdf", content=b"%PDF-1.4 fake", kind="application/pdf")
    response = signed_in(editor()).get(f"/admin/tips/files/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 fake"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and "report.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_readers_comment_moderators_and_strangers_can_neither_list_tips_nor_download_files():
    stored = with_file(a_tip())
    for client in (Client(), signed_in(reader()), signed_in(comment_moderator())):
        assert client.get("/admin/tips/").status_code in (302, 403)
        assert client.get(f"/admin/tips/files/{stored.pk}/").status_code in (302, 403)


def test_only_moderators_delete_a_tip_and_its_files_leave_storage(django_capture_on_commit_callbacks):
    tip = a_tip()
    stored = with_file(tip)
    storage, name = stored.file.storage, stored.file.name
    assert signed_in(editor()).post(f"/admin/tips/delete/{tip.pk}/").status_code in (302, 403)
    assert Tip.objects.filter(pk=tip.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in(chief()).post(f"/admin/tips/delete/{tip.pk}/").status_code == 302
    assert not Tip.objects.filter(pk=tip.pk).exists()
    assert not storage.exists(name)


def test_nobody_adds_tips_in_the_admin():
    assert signed_in(chief()).get("/admin/tips/new/").status_code in (302, 403)


def test_xss_payloads_as_a_tip_s_text_name_and_file_name_are_shown_as_text_in_the_admin():
    payloads = [line for line in xss_payloads()[::60] if "<" in line][:25]
    assert payloads
    client = signed_in(editor())
    for payload in payloads:
        tip = a_tip(text=payload, name=payload[:120], contact=payload[:200])
        with_file(tip, name=payload[:200])
        html = client.get(f"/admin/tips/edit/{tip.pk}/").content.decode()
        assert payload not in html, payload
        listing = client.get("/admin/tips/").content.decode()
        assert payload[:80] not in listing, payload
        tip.delete()


def test_the_dashboard_shows_new_tips_to_editors_and_nothing_to_others():
    for number in range(7):
        a_tip(text=f"New tip {number}")
    Tip.objects.filter(text="New tip 0").update(status="used")
    dashboard = BeautifulSoup(signed_in(editor()).get("/admin/").content, "html.parser")
    panel = dashboard.select_one("#new-tips-section")
    assert "6 new tips wait for an editor." in panel.get_text(" ", strip=True)
    assert [a.get_text(strip=True) for a in panel.select("td.title a")] == [f"New tip {n}" for n in (6, 5, 4, 3, 2)]
    assert panel.select_one('a[href="/admin/tips/?status=new"]') is not None
    other = BeautifulSoup(signed_in(comment_moderator()).get("/admin/").content, "html.parser")
    assert other.select_one("#new-tips-section") is None


def test_the_queue_shows_how_many_files_and_messages_each_tip_brought():
    tip = a_tip(text="Photos of the crack")
    with_file(tip)
    with_file(tip, name="second.jpg")
    services.message_from_sender(tip=tip, text="One more detail")
    services.answer_sender(tip=tip, text="Thank you", user=None)
    a_tip(text="Just words")
    soup = BeautifulSoup(signed_in(editor()).get("/admin/tips/").content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    files, messages = headers.index("Files"), headers.index("Messages from the sender")
    rows = {row.select("td")[0].get_text(strip=True): row.select("td") for row in soup.select("tbody tr")}
    photos = next(cells for text, cells in rows.items() if "Photos of the crack" in text)
    words = next(cells for text, cells in rows.items() if "Just words" in text)
    assert (photos[files].get_text(strip=True), photos[messages].get_text(strip=True)) == ("2", "1")
    assert (words[files].get_text(strip=True), words[messages].get_text(strip=True)) == ("0", "0")
