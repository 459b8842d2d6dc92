"""The editors' admin loads nothing from other sites: no editor's address is sent elsewhere, and it works offline."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model


@pytest.mark.django_db
def test_admin_pages_load_no_resource_from_another_site(client):
    editor = get_user_model().objects.create_superuser("editor", "editor@newsroom.example", "a-long-password-1")
    client.force_login(editor)
    for path in ("/admin/", "/admin/account/", "/admin/users/"):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        sources = [tag.get("src") for tag in soup.select("img[src], script[src], iframe[src]")]
        sources += [tag.get("href") for tag in soup.select("link[href]") if "stylesheet" in (tag.get("rel") or [])]
        elsewhere = [source for source in sources if urlsplit(source).netloc]
        assert elsewhere == [], f"{path} loads {elsewhere}"
        assert soup.select(".avatar img"), f"{path} should still show the editor's avatar"
