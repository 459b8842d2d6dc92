"""Start-up reads its configuration from the environment and says clearly what is wrong."""

import os
import stat
import subprocess
import sys

import pytest

PRINT_SETTINGS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='masthead.settings'; "
    "from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.DEBUG, s.TIME_ZONE, s.LANGUAGE_CODE, "
    "s.CACHES['default']['BACKEND'], s.SECRET_KEY[:6], sep='|')"
)


def start(env_overrides, code=PRINT_SETTINGS):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_embedded_defaults_need_no_other_service(tmp_path):
    result = start({"MASTHEAD_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0, result.stderr
    engine, debug, zone, language, cache, _key = result.stdout.strip().split("|")
    assert engine == "django.db.backends.sqlite3"
    assert debug == "False"
    assert (zone, language) == ("UTC", "en")
    assert cache == "masthead.disk_cache.DiskCache"


SHARE_CACHE = (
    "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE']='masthead.settings'; django.setup(); "
    "from django.core.cache import cache; "
    "cache.set('shared', sys.argv[1]) if sys.argv[1] != '-' else print(cache.get('shared'))"
)


def test_embedded_cache_is_shared_by_every_process_of_the_site(tmp_path):
    """Web workers and the task worker are separate processes: what one stores or invalidates, all see."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env["MASTHEAD_DATA_DIR"] = str(tmp_path / "data")
    write = subprocess.run([sys.executable, "-c", SHARE_CACHE, "from-one-process"], env=env, capture_output=True)
    assert write.returncode == 0, write.stderr
    read = subprocess.run([sys.executable, "-c", SHARE_CACHE, "-"], env=env, capture_output=True, text=True)
    assert read.stdout.strip() == "from-one-process", read.stderr


def test_secret_key_is_generated_once_kept_private_and_reused(tmp_path):
    data = tmp_path / "data"
    first = start({"MASTHEAD_DATA_DIR": str(data)})
    second = start({"MASTHEAD_DATA_DIR": str(data)})
    assert first.stdout.split("|")[-1] == second.stdout.split("|")[-1]
    key_file = data / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text()) >= 50


def test_environment_chooses_postgresql_redis_zone_and_language(tmp_path):
    result = start(
        {
            "MASTHEAD_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://newsroom@db.internal:5432/newsroom",
            "REDIS_URL": "redis://cache.internal:6379/0",
            "TIME_ZONE": "Europe/Moscow",
            "LANGUAGE_CODE": "ru",
            "SECRET_KEY": "from-the-environment",
            "DEBUG": "true",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|") == [
        "django.db.backends.postgresql",
        "True",
        "Europe/Moscow",
        "ru",
        "masthead.redis_cache.ForgivingRedisCache",  # Django's Redis cache, forgiving Redis being away
        "from-t",
    ]


def test_sqlite_runs_in_wal_mode(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='masthead.settings'; django.setup(); "
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0])"
    )
    result = start({"MASTHEAD_DATA_DIR": str(tmp_path)}, code=code)
    assert result.stdout.strip() == "wal", result.stderr


def test_data_directory_that_cannot_be_created_stops_start_up_with_a_clear_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = start({"MASTHEAD_DATA_DIR": str(blocker / "data")})
    assert result.returncode != 0
    assert "Masthead cannot create its data directory" in result.stderr
    assert "MASTHEAD_DATA_DIR" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any directory, so permissions cannot block it")
def test_unwritable_data_directory_stops_start_up_with_a_clear_message(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = start({"MASTHEAD_DATA_DIR": str(locked)})
    assert "is not writable" in result.stderr


READER_SCHEME = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='masthead.settings'; django.setup(); "
    "from django.test import RequestFactory; "
    "request = RequestFactory().get('/news/', HTTP_HOST='localhost', HTTP_X_FORWARDED_PROTO='https'); "
    "print(request.is_secure(), request.build_absolute_uri('/media/a.jpg'))"
)


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [("1", "True https://localhost/media/a.jpg"), ("0", "False http://localhost/media/a.jpg")],
)
def test_the_readers_https_is_taken_from_our_own_proxy_only(tmp_path, proxies, expected):
    result = start({"MASTHEAD_DATA_DIR": str(tmp_path / "data"), "TRUSTED_PROXIES": proxies}, code=READER_SCHEME)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_address_hashes_must_be_kept_at_least_a_day(tmp_path):
    refused = start({"MASTHEAD_DATA_DIR": str(tmp_path / "data"), "MASTHEAD_ADDRESS_RETENTION_DAYS": "0"})
    assert refused.returncode != 0 and "MASTHEAD_ADDRESS_RETENTION_DAYS must be at least 1" in refused.stderr


def test_account_deletion_cannot_wait_a_negative_time(tmp_path):
    refused = start({"MASTHEAD_DATA_DIR": str(tmp_path / "data"), "MASTHEAD_ACCOUNT_DELETION_HOURS": "-1"})
    assert refused.returncode != 0 and "MASTHEAD_ACCOUNT_DELETION_HOURS must be 0" in refused.stderr


def masthead_command(env_overrides, *args):
    return start(env_overrides, code=f"import sys; from masthead.cli import main; sys.exit(main({list(args)!r}))")


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ({"DATABASE_URL": "mysqlx://foo"}, "DATABASE_URL cannot be read (UnknownSchemeError)"),
        ({"DATABASE_URL": "postgres://u:secret@db:notaport/x"}, "DATABASE_URL cannot be read (ParseError)"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:9/x"}, "the database did not answer: connection failed"),
        ({"MASTHEAD_PAGE_CACHE_SECONDS": "abc"}, "MASTHEAD_PAGE_CACHE_SECONDS must be a whole number, not 'abc'."),
        ({"TIME_ZONE": "Mars/Base"}, "TIME_ZONE 'Mars/Base' is not a time zone name such as Europe/Moscow."),
    ],
)
def test_a_setting_the_operator_got_wrong_is_one_line_naming_it_not_a_traceback(tmp_path, setting, said):
    result = masthead_command({"MASTHEAD_DATA_DIR": str(tmp_path), **setting}, "migrate")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line
    assert result.stderr.startswith("masthead: ") and said in result.stderr
    assert "secret" not in result.stderr  # the password in the address is not repeated


def test_a_command_run_before_migrate_says_to_migrate_first(tmp_path):
    result = masthead_command({"MASTHEAD_DATA_DIR": str(tmp_path)}, "createsuperuser", "--noinput", "--username", "x")
    assert result.returncode == 1
    assert "run `masthead migrate` first" in result.stderr and "DATABASE_URL" not in result.stderr
