"""Every operation of the generated OpenAPI document, fuzzed against the running code (schemathesis).

Schemathesis reads the document the site serves and sends what it allows and what it does not: odd ids, long and
strange strings, missing and extra fields, wrong types, no session or a forged one. Each answer must be one the
document promises, in its shape, and never a server error. Half the generated ids are swapped for a real article or
comment, so the fuzzing reaches past "not found" into the comment, like, typo and subscription code of a signed-in
reader.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from masthead.api.api import api
from masthead.comments.services import comment_submit
from masthead.comments.tests.helpers import article, policy, reader

pytestmark = pytest.mark.django_db

# A schema-valid request may still be refused with 400 by a rule the schema cannot state: the comment policy (an
# empty text once invisible characters are dropped, the site's length limit, links), a typo report's selection
# rules, an address that is not one. A 5xx is never accepted, and every other check keeps its defaults.
ACCEPTED = ["2xx", "400", "401", "403", "404", "409", "429"]
SITE_RULES = {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}}

# The document the site serves at /api/v1/openapi.json (test_openapi.py reads it there), sent to the application in
# process.
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1/"), config=SchemathesisConfig.from_dict(SITE_RULES)
)
schema.app = get_wsgi_application()

# What the current test signed in with, and the real ids it may aim at: filled by the `signed_in_reader` fixture.
current = {}


@schema.auth(refresh_interval=None)
class ReaderSession:
    """The reader's session cookie.

    Given as schemathesis auth, so that its checks also send each request without it, or with a forged one, and
    expect a refusal where the document says a session is required.
    """

    def get(self, case, context):
        # Schemathesis also asks while collecting the tests, before any test has signed in.
        return dict(current) if current else None

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), "sessionid": data["session"]}


@pytest.fixture(autouse=True)
def connection_kept_open_between_requests():
    """Django's own test client keeps the test's connection open across requests by disconnecting this handler;
    requests through the plain WSGI application need the same, or the first one closes the test database."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def signed_in_reader(db, settings):
    # Limits high enough that the fuzzing reaches past them; the floods themselves are tested where each lives.
    settings.MASTHEAD_TYPOS_RATES = ["10000/m"]
    settings.MASTHEAD_NEWSLETTER_SUBSCRIBE_RATE = "10000/m"
    policy()  # no checks: the comment to aim at is published, so likes and replies reach their own code
    story = article(title="Fuzzed story")
    published = comment_submit(
        article=story, author=reader("Other reader"), text="A comment to like and to reply to.", ip_hash=""
    )
    client = Client()
    client.force_login(reader("Fuzzing reader"))
    current.update(
        session=client.cookies["sessionid"].value,
        csrf=get_random_string(32),
        article_id=story.pk,
        comment_id=published.pk,
    )
    yield current
    current.clear()


def aim_at_real_objects(case, ids):
    """Swap the generated ids of about half the cases for real ones, keeping the rest of the generated request."""
    for name in ("article_id", "comment_id"):
        value = (case.path_parameters or {}).get(name)
        if isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = ids[name]
    if isinstance(case.body, dict) and isinstance(case.body.get("parent"), int) and case.body["parent"] % 2 == 0:
        case.body["parent"] = ids["comment_id"]


@schema.parametrize()
# In CI the same examples every run, so a failure there is one anyone can replay; elsewhere new ones each time.
@settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=bool(os.environ.get("CI"))
)
def test_every_operation_answers_as_documented_whatever_it_is_sent(case, signed_in_reader):
    aim_at_real_objects(case, signed_in_reader)
    # What a browser on the site's own page sends with every request: the CSRF cookie and header that unsafe
    # requests need (typo reports too, which need no session), and the site's own origin, which Django compares.
    csrf = signed_in_reader["csrf"]
    browser = {"Host": "localhost", "Origin": "http://localhost", "Referer": "http://localhost/", "X-CSRFToken": csrf}
    response = case.call_and_validate(headers=browser, cookies={"csrftoken": csrf})
    # The one error shape for every refusal, also those the document cannot describe per operation: the shared
    # handlers', and a method the address does not take.
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"] and isinstance(error["fields"], dict), response.content
