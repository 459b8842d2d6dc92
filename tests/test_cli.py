"""The `masthead` command: the admin account quickstart creates, and help for newcomers."""

import os
import stat
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from masthead import cli


@pytest.mark.django_db
def test_quickstart_admin_account_is_created_once_with_a_private_password_file(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    username, password = cli.ensure_admin()
    user = get_user_model().objects.get(username=username)
    assert user.is_superuser and user.check_password(password)
    password_file = tmp_path / "admin_password"
    assert password_file.read_text() == password
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    # A second run keeps the account and its password.
    assert cli.ensure_admin() == (username, password)
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_the_quickstart_admin_can_change_the_admins_language_at_once(settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    username, password = cli.ensure_admin()
    client.login(username=username, password=password)
    page = BeautifulSoup(client.get("/admin/account/").content, "html.parser")
    # What the browser sends back: the form as filled in, with only the language changed.
    fields = {field["name"]: field.get("value", "") for field in page.select("form input[name]") if field["name"]}
    fields.update({"locale-preferred_language": "ru", "theme-theme": "system", "theme-density": "default"})
    fields["theme-contrast"] = "system"
    client.post("/admin/account/", fields)
    user = get_user_model().objects.get(username=username)
    assert user.wagtail_userprofile.preferred_language == "ru"


def test_help_lists_the_commands(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("quickstart", "serve", "worker", "demo", "import_wordpress", "search", "moderation"):
        assert f"masthead {command}" in out


def test_help_on_one_command_shows_that_commands_options(capsys):
    with pytest.raises(SystemExit):
        cli.main(["help", "demo"])
    assert "--articles" in capsys.readouterr().out


def test_a_new_database_is_made_under_one_progress_bar_not_a_line_per_migration(tmp_path):
    make = [sys.executable, "-c", "from masthead import cli; cli.migrate_with_progress()"]
    env = {**os.environ, "MASTHEAD_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    first = subprocess.run(make, env=env, capture_output=True, text=True, timeout=300, check=True)
    assert first.stdout == ""
    assert "Applying" not in first.stderr
    assert "Database: 100%" in first.stderr
    assert (tmp_path / "masthead.sqlite3").exists()
    # Run again on the made database: nothing to do, nothing shown.
    again = subprocess.run(make, env=env, capture_output=True, text=True, timeout=300, check=True)
    assert (again.stdout, again.stderr) == ("", "")


@pytest.mark.django_db
def test_quickstart_does_not_print_a_password_the_admin_has_changed_since(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    username, _first = cli.ensure_admin()
    admin = get_user_model().objects.get(username=username)
    admin.set_password("a password of their own")
    admin.save()
    assert cli.ensure_admin() == (username, None)


def test_serve_refuses_a_busy_port_in_one_line_before_starting_anything(capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exited:
            cli.serve(["--bind", f"127.0.0.1:{port}", "--no-migrate"])
    assert exited.value.code == 2
    assert (
        capsys.readouterr().err.splitlines()[-1].endswith(f"cannot listen on 127.0.0.1:{port}: Address already in use")
    )


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--workers", "0"], "--workers must be 1 or more"),
        (["--bind", "127.0.0.1:99999"], "'99999' is not a port number"),
        (["--bind", "nonexistent.invalid:8000"], "'nonexistent.invalid' is not an address of this machine"),
    ],
)
def test_serve_refuses_settings_it_cannot_run_with(capsys, arguments, said):
    with pytest.raises(SystemExit) as exited:
        cli.serve([*arguments, "--no-migrate"])
    assert exited.value.code == 2 and said in capsys.readouterr().err


@pytest.mark.parametrize(
    ("bind", "parts"),
    [
        ("127.0.0.1:8010", ("127.0.0.1", "8010")),
        ("localhost", ("localhost", "8000")),  # a host alone: gunicorn's port 8000
        ("[::1]:8001", ("::1", "8001")),
        ("[::1]", ("::1", "8000")),
        ("127.0.0.1:abc", ("127.0.0.1", "abc")),
    ],
)
def test_serve_reads_a_bind_as_gunicorn_does(bind, parts):
    assert cli.split_bind(bind) == parts


@pytest.mark.django_db
def test_serving_on_another_port_than_the_demo_was_made_for_moves_the_sites_links_there():
    from wagtail.models import Site

    from masthead.newsroom.tests import factories

    story = factories.article(title="Bridge reopens")  # the site at testserver:80, as a demo made elsewhere
    cli.align_default_site("http://127.0.0.1:8010")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8010)
    story.refresh_from_db()
    assert story.full_url.startswith("http://127.0.0.1:8010/")
