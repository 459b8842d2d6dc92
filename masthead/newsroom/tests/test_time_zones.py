"""Publication times are stored in UTC and shown in the site's zone, named in words or by offset."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from masthead.newsroom.timezones import time_zone_label

from . import factories

pytestmark = pytest.mark.django_db


def shown_time(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return " ".join(soup.select_one(".article__meta").get_text(" ", strip=True).split()), soup


@pytest.mark.parametrize(
    ("published_utc", "expected"),
    [
        # Berlin leaves winter time at 01:00 UTC on 27 March 2022: the same wall-clock hour moves by two.
        ((2022, 3, 27, 0, 30), ("27.03.2022 01:30", "+01:00")),
        ((2022, 3, 27, 1, 30), ("27.03.2022 03:30", "+02:00")),
        # ...and returns to it at 01:00 UTC on 30 October 2022.
        ((2022, 10, 30, 0, 30), ("30.10.2022 02:30", "+02:00")),
        ((2022, 10, 30, 1, 30), ("30.10.2022 02:30", "+01:00")),
    ],
)
def test_times_follow_daylight_saving_changes(client, settings, published_utc, expected):
    settings.TIME_ZONE = "Europe/Berlin"
    page = factories.article(published_at=factories.utc(*published_utc))
    text, soup = shown_time(client, page)
    assert text.startswith(f"{expected[0]} (Central European time)")
    assert soup.select_one("time")["datetime"].endswith(expected[1])


def test_site_in_utc_plus_five_shows_the_next_day_for_a_late_utc_story(client, settings):
    settings.TIME_ZONE = "Asia/Yekaterinburg"
    page = factories.article(published_at=factories.utc(2023, 12, 31, 21, 10), dateline="Yekaterinburg")
    text, _soup = shown_time(client, page)
    assert text.startswith("01.01.2024 02:10 (Yekaterinburg time), Yekaterinburg")


def test_zone_without_a_name_is_labelled_by_its_offset(client, settings):
    settings.TIME_ZONE = "Indian/Maldives"
    page = factories.article(published_at=factories.utc(2023, 6, 1, 7, 0))
    text, _soup = shown_time(client, page)
    assert text.startswith("01.06.2023 12:00 (UTC+05:00)")


def test_zone_label_is_translated():
    with translation.override("ru"):
        assert str(time_zone_label("Europe/Moscow")) == "московское время"


def test_editors_can_rename_the_zone(client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    factories.home()
    factories.site_texts(time_zone_label="MSK")
    page = factories.article(published_at=factories.utc(2022, 3, 5, 23, 45))
    text, _soup = shown_time(client, page)
    assert text.startswith("06.03.2022 02:45 (MSK)")


def test_editors_schedule_in_the_sites_zone_and_the_article_editor_says_so(client, django_user_model):
    from django.conf import settings as live_settings

    page = factories.article()
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "x"))
    account = client.get("/admin/account/").content.decode()
    assert "Current time zone" not in account  # no personal clock to schedule by
    editor = BeautifulSoup(client.get(f"/admin/pages/{page.pk}/edit/").content, "html.parser").get_text(" ")
    assert "Publishing times (the Status panel's schedule)" in editor
    assert f"({live_settings.TIME_ZONE})" in editor
