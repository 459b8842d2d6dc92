"""Rate limits and bans see each reader's own address, also behind the site's reverse proxy."""

from django.test import RequestFactory

from masthead.network import client_address


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_a_forged_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_address(request_from("203.0.113.7", "10.9.9.9")) == "203.0.113.7"


def test_behind_one_proxy_each_reader_has_their_own_address(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request_from("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert client_address(request_from("127.0.0.1", "198.51.100.2")) == "198.51.100.2"


def test_behind_a_proxy_an_address_the_client_made_up_is_not_taken(settings):
    # The reader sent "X-Forwarded-For: 10.9.9.9"; the proxy appended the address it really saw.
    settings.TRUSTED_PROXIES = 1
    assert client_address(request_from("127.0.0.1", "10.9.9.9, 203.0.113.7")) == "203.0.113.7"


def test_a_request_that_skipped_the_proxies_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_address(request_from("192.0.2.1", "203.0.113.7")) == "192.0.2.1"


def test_a_server_that_gives_no_address_still_gets_one_shared_address(settings):
    # A WSGI server on a Unix socket with no proxy in front leaves REMOTE_ADDR empty; rate limits parse the address.
    settings.TRUSTED_PROXIES = 0
    assert client_address(request_from("")) == "0.0.0.0"


def test_a_forwarded_entry_that_is_no_address_is_not_taken(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request_from("127.0.0.1", "203.0.113.7, unknown")) == "127.0.0.1"


def test_newsletter_form_from_a_server_without_addresses_answers_instead_of_failing(client, db):
    response = client.post(
        "/api/v1/newsletter/subscriptions",
        {"email": "reader@example.org"},
        content_type="application/json",
        REMOTE_ADDR="",
    )
    assert response.status_code == 202
