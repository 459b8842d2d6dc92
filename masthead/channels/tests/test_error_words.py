"""A post's error is stored in the worker's English and shown in the editor's language, the service's own words kept."""

import pytest
from django.utils import translation

from masthead.channels.adapters import http
from masthead.channels.adapters.base import TransientError
from masthead.channels.error_words import in_editors_words


def error_of(url):
    with pytest.raises(TransientError) as raised:
        http.post(url, b"{}", headers={}, timeout=2)
    return raised.value.message


def in_russian(text):
    with translation.override("ru"):
        return in_editors_words(text)


def test_a_service_that_cannot_be_found_or_reached_is_told_in_russian():
    assert in_russian(error_of("http://nonexistent.invalid/")) == (
        "Адрес сервиса не найден: здесь нет сети или адрес неверен."
    )
    assert in_russian(error_of("http://127.0.0.1:9/")) == "Сервис отказал в соединении."


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("Gave up after 3 attempts. No answer within 10 s", "Больше не пытаемся: попыток было 3. Нет ответа за 10 с"),
        ("The article is no longer published.", "Статья больше не опубликована."),
        (
            "Telegram error 400: Bad Request: chat not found",
            "Telegram отказал (ошибка 400): Bad Request: chat not found",
        ),
        ("VK answered HTTP 502", "VK ответил HTTP 502"),
        ("The webhook answered HTTP 404: no such hook", "Вебхук ответил HTTP 404: no such hook"),
    ],
)
def test_our_own_sentences_are_translated_and_the_services_words_kept(stored, shown):
    assert in_russian(stored) == shown


def test_english_editors_read_the_stored_sentences_as_they_are():
    with translation.override("en"):
        for stored in ["Telegram error 401: Unauthorized", "VK answered HTTP 502", "No answer within 10 s"]:
            assert in_editors_words(stored) == stored


def test_text_that_fits_no_pattern_is_shown_as_stored():
    assert in_russian("Something new happened") == "Something new happened"
    assert in_russian("") == ""
