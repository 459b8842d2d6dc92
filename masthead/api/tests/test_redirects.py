"""Editors' redirects move pages; the JSON API's addresses are never redirected, so its 404s skip the lookup."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


def test_a_redirect_an_editor_made_still_moves_an_old_page_address(client):
    factories.home()
    Redirect.objects.create(old_path="/old-story", redirect_link="/new-story/", site=Site.objects.get())
    response = client.get("/old-story/")
    assert (response.status_code, response.headers["Location"]) == (301, "/new-story/")


def test_an_api_address_is_answered_404_in_the_apis_own_shape_without_looking_among_redirects(
    client, django_assert_num_queries
):
    factories.home()
    missing = "/api/v1/articles/999999/comments"
    Redirect.objects.create(old_path=missing, redirect_link="/elsewhere/", site=Site.objects.get())
    with django_assert_num_queries(1):  # the article; no site or redirect lookup
        response = client.get(missing)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("address", ["/api/v1/nothing-here", "/api/v1/articles/12/nonsense/deeper", "/api/v1/x.php"])
def test_an_address_the_api_does_not_have_is_a_404_in_its_error_shape_and_language(client, address):
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["message"] == "В API нет такого адреса."
