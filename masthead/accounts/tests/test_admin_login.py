"""The admin's sign-in takes no more guesses than the readers' and lets in only the newsroom's people."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def counts_start_at_zero():
    cache.clear()


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_newsrooms_people_sign_in_to_the_admin(client):
    get_user_model().objects.create_superuser("chief", "chief@example.org", "right horse battery")
    assert sign_in(client, "chief", "right horse battery").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_guessing_a_staff_password_is_stopped_after_a_few_failures_even_with_the_right_one(client):
    get_user_model().objects.create_superuser("chief", "chief@example.org", "right horse battery")
    answers = [sign_in(client, "chief", f"guess {n}").status_code for n in range(5)]
    assert answers == [200] * 5  # each refused with the form again; five in five minutes, as on the site
    stopped = sign_in(client, "Chief", "right horse battery")  # the account's name in any case
    assert stopped.status_code == 429 and "_auth_user_id" not in client.session


def test_a_reader_is_not_signed_in_through_the_admins_form_nor_told_the_password_was_right(client):
    get_user_model().objects.create_user("reader", "reader@example.org", "right horse battery")
    right, wrong = sign_in(client, "reader", "right horse battery"), sign_in(client, "reader", "a guess")
    assert right.status_code == wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    def refusal(answer):
        return (
            BeautifulSoup(answer.content, "html.parser")
            .select_one(".help-critical, .error-message, form")
            .get_text(" ", strip=True)
        )

    assert refusal(right) == refusal(wrong)  # the right password gives nothing away
