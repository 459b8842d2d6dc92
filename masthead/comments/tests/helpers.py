"""Builders for comment tests: readers, moderators, a policy with just the checks a test names."""

import itertools
import threading
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import close_old_connections, connection
from wagtail.models import Site

from masthead.accounts.services import reader_profile_save
from masthead.comments.policy import CommentPolicy
from masthead.comments.services import comment_submit
from masthead.newsroom.tests import factories

_numbers = itertools.count(1)


def reader(name="Reader", *, email=None):
    number = next(_numbers)
    user = get_user_model().objects.create_user(
        username=f"reader{number}", email=email or f"reader{number}@example.org", password="correct horse"
    )
    reader_profile_save(user=user, display_name=name)
    return user


def moderator():
    user = get_user_model().objects.create_user(
        username=f"moderator{next(_numbers)}", email="mod@example.org", password="correct horse"
    )
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


def policy(*checks, **fields):
    """Set the default site's comment policy to exactly these checks (block type, params) and fields."""
    factories.home()
    current = CommentPolicy.for_site(Site.objects.get(is_default_site=True))
    current.checks = list(checks)
    for name, value in fields.items():
        setattr(current, name, value)
    current.save()
    return current


def article(**fields):
    return factories.article(**fields)


XSS_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "testdata" / "xss"


def xss_payloads():
    """Every line of the shared XSS payload lists (../shared/testdata/xss), or a skip where they are absent."""
    import pytest

    if not XSS_DIR.is_dir():
        pytest.skip(f"shared test data not found at {XSS_DIR}")
    lines = []
    for path in sorted(XSS_DIR.glob("*.txt")):
        lines += [line for line in path.read_text(errors="replace").splitlines() if line.strip()]
    return lines


def long_thread(article, count=55):
    """`count` published top comments, "Comment 0" onwards, by six readers in turn: more than a page of threads."""
    authors = [reader() for _ in range(6)]
    return [
        comment_submit(article=article, author=authors[n % 6], text=f"Comment {n}", ip_hash="a") for n in range(count)
    ]


def all_at_once(work, people, *, together=10):
    """Run `work(person, number)` for each person in a thread of its own, the first `together` released at the
    same moment, each closing its database connection. Returns every error raised, as text."""
    errors = []
    barrier = threading.Barrier(together)

    def run(person, number):
        try:
            if number < together:
                barrier.wait(timeout=10)
            work(person, number)
        except Exception as error:  # noqa: BLE001 - the test reports every failure
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(person, number)) for number, person in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors
