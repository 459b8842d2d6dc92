"""Shared test set-up: every test gets its own media folder (and its own folder of tip files), so uploaded files
never leak between runs."""

import pytest


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    from masthead.tips.models import TipFile

    settings.MEDIA_ROOT = tmp_path / "media"
    # The tips' storage is the field's own, made when the model loaded: replaced on the field itself.
    private = FileSystemStorage(location=tmp_path / "private" / "tips", base_url=None)
    monkeypatch.setattr(TipFile._meta.get_field("file"), "storage", private)


@pytest.fixture(autouse=True)
def fresh_cache():
    """An empty cache, and no comment policy remembered in memory from a test whose data was rolled back."""
    from django.core.cache import cache

    from masthead.comments.policy import CommentPolicy
    from masthead.pagecache.lookup import forget_local_entries

    cache.clear()
    CommentPolicy.forget()
    forget_local_entries()
    yield
    cache.clear()
    CommentPolicy.forget()
    forget_local_entries()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language. A request activates its reader's language for the rest
    of the thread (Django resets it only at the next request), so a test after a Russian page would otherwise
    read Russian where it expects English, and pass or fail by the order tests run in."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction around a whole test module, so data built once per module is rolled back after it.

    Tests still get their own savepoint through `db`, so what one test writes never reaches the next.
    """
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def pytest_collection_modifyitems(items):
    """Mark every test that empties the database at its end (transactional tests and the live server's).

    Django reloads what migrations created only when the next such test starts, so a plain test running after one
    would find no tree root and no content types. `make test` runs these in a pass of their own, after the rest.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and (
            marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")
        )
        if transactional or fixtures & {"transactional_db", "live_server", "django_db_serialized_rollback"}:
            item.add_marker(pytest.mark.flushes_database)
