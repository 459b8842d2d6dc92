"""Readers sign up with a display name and a verified email, and manage their account."""

import re

import pytest
from django.contrib.auth import get_user_model

from masthead.accounts.models import ReaderProfile

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def sign_up(client, **fields):
    data = {"email": "maria@example.org", "display_name": "Maria", "password1": PASSWORD, "password2": PASSWORD}
    data.update(fields)
    return client.post("/accounts/signup/", data)


def test_sign_up_sends_a_verification_mail_and_keeps_the_display_name(client, mailoutbox):
    response = sign_up(client)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="maria@example.org")
    assert user.reader_profile.display_name == "Maria"
    assert len(mailoutbox) == 1 and "maria@example.org" in mailoutbox[0].to
    assert re.search(r"/accounts/confirm-email/\S+", mailoutbox[0].body)


def test_login_is_refused_until_the_email_is_verified_then_allowed(client, mailoutbox):
    sign_up(client)
    client.logout()
    response = client.post("/accounts/login/", {"login": "maria@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mailoutbox[-1].body).group(1)
    client.post(f"/accounts/confirm-email/{key}/")
    response = client.post("/accounts/login/", {"login": "maria@example.org", "password": PASSWORD}, follow=True)
    assert response.context["user"].is_authenticated


def test_an_address_too_long_for_mail_is_refused_at_sign_up_not_cut(client, mailoutbox):
    address = "a" * 250 + "@example.org"
    response = sign_up(client, email=address)
    assert response.status_code == 200
    assert "An email address has at most 254 characters." in response.content.decode()
    assert get_user_model().objects.count() == 0 and mailoutbox == []


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200b", "\x00\x07"])
def test_display_name_must_have_visible_letters(client, name):
    response = sign_up(client, display_name=name)
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="maria@example.org").exists()


def test_display_name_loses_invisible_characters_and_stays_plain_text(client):
    sign_up(client, display_name="  <b>Ma\u200bria</b>  ")
    assert ReaderProfile.objects.get().display_name == "<b>Maria</b>"


def test_reader_changes_display_name_on_the_profile_page(client):
    user = get_user_model().objects.create_user(username="r", email="r@example.org", password=PASSWORD)
    client.force_login(user)
    response = client.post("/accounts/profile/", {"display_name": "New name"}, follow=True)
    assert "Your settings are saved." in response.content.decode()
    assert ReaderProfile.objects.get(user=user).display_name == "New name"


def test_reply_mails_are_off_until_the_reader_turns_them_on_and_off_again(client):
    sign_up(client)
    assert ReaderProfile.objects.get().reply_emails is False
    client.force_login(get_user_model().objects.get())
    client.post("/accounts/profile/", {"display_name": "Maria", "reply_emails": "on"})
    assert ReaderProfile.objects.get().reply_emails is True
    assert re.search(r'<input[^>]*name="reply_emails"[^>]*checked', client.get("/accounts/profile/").content.decode())
    client.post("/accounts/profile/", {"display_name": "Maria"})
    assert ReaderProfile.objects.get().reply_emails is False


def test_reader_can_ask_for_reply_mails_when_signing_up(client):
    sign_up(client, reply_emails="on")
    assert ReaderProfile.objects.get().reply_emails is True


@pytest.mark.parametrize("prefix, language", [("", "en"), ("/ru", "ru")])
def test_mails_speak_the_language_a_reader_signed_up_in_until_they_choose_another(client, prefix, language):
    data = {"email": "maria@example.org", "display_name": "Maria", "password1": PASSWORD, "password2": PASSWORD}
    client.post(f"{prefix}/accounts/signup/", data)
    profile = ReaderProfile.objects.get()
    assert profile.mail_language == language
    client.force_login(profile.user)
    page = client.get(f"{prefix}/accounts/profile/").content.decode()
    assert f'<option value="{language}" selected>' in page
    assert "Русский" in page and "English" in page  # each language in its own name
    client.post("/accounts/profile/", {"display_name": "Maria", "mail_language": "ru" if language == "en" else "en"})
    profile.refresh_from_db()
    assert profile.mail_language != language
    assert client.post("/accounts/profile/", {"display_name": "Maria", "mail_language": "xx"}).status_code == 200
    profile.refresh_from_db()
    assert profile.mail_language != language  # an unknown language is refused, the choice kept


def test_profile_needs_a_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_password_reset_mails_a_link_without_saying_whether_the_address_exists(client, mailoutbox):
    get_user_model().objects.create_user(username="r", email="r@example.org", password=PASSWORD)
    known = client.post("/accounts/password/reset/", {"email": "r@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [mail.to for mail in mailoutbox if "reset" in mail.body.lower()][0] == ["r@example.org"]


def test_repeated_failed_logins_are_throttled_even_with_the_right_password(client):
    get_user_model().objects.create_user(username="r", email="r@example.org", password=PASSWORD)
    answers = [
        client.post("/accounts/login/", {"login": "r@example.org", "password": f"wrong {n}"}).content.decode()
        for n in range(6)
    ]
    assert ["Too many failed login attempts" in html for html in answers] == [False] * 5 + [True]
    # Once throttled, even the right password waits: a brute-force run learns nothing.
    right = client.post("/accounts/login/", {"login": "r@example.org", "password": PASSWORD})
    assert right.status_code == 200 and "Too many failed login attempts" in right.content.decode()


@pytest.mark.parametrize(("prefix", "sections", "about"), [("", "Politics", "About us"), ("/ru", "Политика", "О нас")])
def test_account_pages_keep_the_sites_sections_and_footer_in_the_readers_language(client, prefix, sections, about):
    from bs4 import BeautifulSoup

    from masthead.newsroom.tests import factories

    for language, section, info in (("en", "Politics", "About us"), ("ru", "Политика", "О нас")):
        home = factories.home(language=language)
        factories.section(title=section, slug=f"politics-{language}", parent=home)
        factories.info_page(title=info, slug=f"about-{language}", parent=home)
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/profile/", "/accounts/password/change/"):
        if path == "/accounts/profile/":
            client.force_login(get_user_model().objects.create_user("reader", "reader@example.org", PASSWORD))
        response = client.get(prefix + path)
        assert response.status_code == 200, prefix + path
        page = BeautifulSoup(response.content, "html.parser")
        assert [a.get_text() for a in page.select(".sections-nav a")] == [sections], prefix + path
        assert [a.get_text() for a in page.select(".footer-nav a")] == [about], prefix + path


@pytest.mark.parametrize(("prefix", "other_prefix", "other_language"), [("", "/ru", "Русский"), ("/ru", "", "English")])
def test_account_pages_offer_the_same_page_in_the_other_language(client, prefix, other_prefix, other_language):
    from bs4 import BeautifulSoup

    from masthead.newsroom.tests import factories

    factories.home(language="en")
    factories.home(language="ru")
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/profile/"):
        if path == "/accounts/profile/":
            client.force_login(get_user_model().objects.create_user("reader", "reader@example.org", PASSWORD))
        page = BeautifulSoup(client.get(prefix + path).content, "html.parser")
        links = [(a.get_text(), a["href"], a["hreflang"]) for a in page.select(".language-switcher a")]
        assert links == [(other_language, other_prefix + path, other_prefix.strip("/") or "en")], prefix + path


def test_account_pages_of_a_second_site_link_home_to_that_site(client):
    """With two sites on one install, the header of a page that is not a Wagtail page leads to the home page of
    the site the reader is on, not to the first home page in their language."""
    from wagtail.models import Page, Site

    from masthead.newsroom.models import HomePage
    from masthead.newsroom.tests import factories

    first = factories.home()
    second = Page.get_first_root_node().add_child(
        instance=HomePage(title="Suburb Gazette", slug="suburb", locale=first.locale)
    )
    factories.publish(second)
    Site.objects.create(hostname="suburb.example", port=80, root_page=second, site_name="Suburb Gazette")
    page = client.get("/accounts/login/", HTTP_HOST="suburb.example").content.decode()
    assert re.search(r'class="masthead__name" href="/"', page)
    page = client.get("/accounts/login/").content.decode()
    assert re.search(r'class="masthead__name" href="/"', page)


def test_a_refused_login_names_the_error_in_the_title_and_ties_it_to_both_fields(client):
    from bs4 import BeautifulSoup

    get_user_model().objects.create_user("known", "known@example.org", "right horse battery")
    answer = client.post("/accounts/login/", {"login": "known@example.org", "password": "wrong"})
    page = BeautifulSoup(answer.content, "html.parser")
    assert page.title.get_text(" ", strip=True).startswith("Error:")
    summary = page.select_one("[data-form-errors]")
    assert "not correct" in summary.get_text() and summary["role"] == "alert"
    for name in ("login", "password"):
        field = page.select_one(f"input[name={name}]")
        assert field["aria-invalid"] == "true" and field["aria-describedby"] == summary["id"]
    assert page.select_one("script[src$='form_errors.js']") is not None  # which puts the focus on the summary


def test_the_password_rules_are_read_with_the_password_field_at_sign_up(client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/accounts/signup/").content, "html.parser")
    assert not page.title.get_text().startswith("Error:")
    field = page.select_one("input[name=password1]")
    rules = page.select_one("#" + field["aria-describedby"])
    assert rules.name == "div" and rules.select("li")  # the list inside what the field points at, not beside it


def test_account_mails_name_the_site_and_the_reader_as_they_know_them(client, mailoutbox):
    from masthead.newsroom.tests import factories

    factories.home()  # the site is "Test City News"
    sign_up(client)
    [mail] = mailoutbox
    assert mail.subject.startswith("[Test City News] ") and "testserver" not in mail.subject
    assert mail.from_email.startswith("Test City News <")
    assert "Maria" in mail.body and "maria@example.org" not in mail.body.split("\n")[0]


def test_signing_out_of_the_russian_edition_lands_on_its_front_page(client):
    from masthead.newsroom.tests import factories

    factories.home()
    factories.home(language="ru")
    client.force_login(get_user_model().objects.create_user("r", "r@example.org", PASSWORD))
    assert client.post("/ru/accounts/logout/")["Location"] == "/ru/"
    client.force_login(get_user_model().objects.get(username="r"))
    assert client.post("/accounts/logout/")["Location"] == "/"


def test_a_refused_change_of_display_name_marks_the_field_where_the_focus_goes(client):
    from bs4 import BeautifulSoup

    client.force_login(get_user_model().objects.create_user("reader", "reader@example.org", "right horse battery"))
    answer = client.post("/accounts/profile/", {"display_name": "N" * 300, "mail_language": ""})
    page = BeautifulSoup(answer.content, "html.parser")
    field = page.select_one("input[name=display_name]")
    assert field["aria-invalid"] == "true"
    assert page.select_one("script[src$='form_errors.js']") is not None  # which focuses the first invalid field


def test_an_account_that_never_chose_a_mail_language_is_shown_the_one_its_mails_use(client):
    from bs4 import BeautifulSoup

    client.force_login(get_user_model().objects.create_user("older", "older@example.org", "right horse battery"))
    page = BeautifulSoup(client.get("/ru/accounts/profile/").content, "html.parser")
    chosen = page.select_one("select[name=mail_language] option[selected]")
    assert chosen["value"] == "en"  # the site's language, which its mails are in; not the page's Russian


def test_signing_up_in_russian_is_answered_in_the_sites_own_russian(client, mailoutbox):
    from bs4 import BeautifulSoup

    from masthead.newsroom.tests import factories

    factories.home()
    factories.home(language="ru")
    data = {"email": "olga@example.org", "display_name": "Ольга", "password1": PASSWORD, "password2": PASSWORD}
    page = BeautifulSoup(client.post("/ru/accounts/signup/", data, follow=True).content, "html.parser")
    assert page.h1.get_text(strip=True) == "Подтвердите адрес электронной почты"
    assert "загляните в папку «Спам»" in page.get_text()
    [mail] = mailoutbox
    assert mail.subject.endswith("Подтвердите адрес электронной почты")
    assert mail.body.startswith("Здравствуйте, Ольга!")
