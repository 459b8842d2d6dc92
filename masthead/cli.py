"""The `masthead` command: serve, worker, demo, quickstart, and every Django management command.

masthead quickstart      migrate, load demo content, create an admin account, serve
masthead serve           gunicorn on 127.0.0.1:8000 plus one background worker
masthead worker          background tasks and scheduled publishing
masthead demo            load demo content (idempotent); --articles N for large data sets
masthead <command>       any manage.py command, e.g. `masthead migrate`
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()


def manage(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["masthead", *argv])


def address_of_bind(bind):
    """The site's address for readers when gunicorn binds `bind`, or None where the bind does not say it: every
    interface (0.0.0.0, [::]), a port picked by the system (0), a unix socket."""
    if bind.startswith(("unix:", "fd://")):
        return None
    host, _colon, port = bind.rpartition(":")
    if not port.isdigit() or port == "0" or host in {"", "0.0.0.0", "[::]"}:
        return None
    return f"http://{host}:{port}" if port != "80" else f"http://{host}"


WORKER_WATCH_SECONDS = 2
WORKER_SETTLED_SECONDS = 60
WORKER_LONGEST_PAUSE_SECONDS = 60


def split_bind(bind):
    """(host, port) as gunicorn reads a bind: "host:port", "[v6]:port", or a host alone on port 8000."""
    if bind.startswith("["):
        host, _bracket, rest = bind[1:].partition("]")
        return host, rest.removeprefix(":") or "8000"
    host, colon, port = bind.rpartition(":")
    return (host, port) if colon else (bind, "8000")


def align_default_site(address):
    """Point the default Wagtail Site at the address `serve` was bound to, as BASE_URL now is: pages, feeds and
    comment mails take their links from the Site, and a demo made on port 8000 then served on 8010 sent readers to
    a port where nothing answered. Only when BASE_URL was not set by the operator, who names the site's address."""
    setup_django()
    from django.db.utils import OperationalError, ProgrammingError
    from wagtail.models import Site

    from masthead.newsroom.addresses import site_host_and_port

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except (OperationalError, ProgrammingError):  # no tables yet (serve --no-migrate on a new database)
        return
    if site is not None and (site.hostname, site.port) != site_host_and_port(address):
        site.hostname, site.port = site_host_and_port(address)
        site.save()
        print(f"The site's address is now {address} (from --bind).", flush=True)


def bind_problem(bind):
    """Why gunicorn could not listen on `bind` (a host:port), or None. Tried here, before anything starts: gunicorn
    alone retries a busy port for seconds while the worker already runs, then fails with a traceback."""
    if bind.startswith(("unix:", "fd://")):
        return None
    host, port = split_bind(bind)
    host = host or "0.0.0.0"
    if not (port.isascii() and port.isdigit() and int(port) <= 65535):
        return f"{port!r} is not a port number (0 to 65535)"
    try:
        family, kind, _proto, _name, address = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as error:
        return f"{host!r} is not an address of this machine ({error})"
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds: a closing port is free
        try:
            probe.bind(address)
        except OSError as error:
            return error.strerror or str(error)
    return None


def serve(argv):
    parser = argparse.ArgumentParser(prog="masthead serve", description="Run the site in production mode.")
    parser.add_argument("--bind", default=os.environ.get("MASTHEAD_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=os.environ.get("WEB_CONCURRENCY", "2"))
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="Do not start a background worker beside the web server (when `masthead worker` runs elsewhere).",
    )
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="Do not apply pending database migrations on start.",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    problem = bind_problem(args.bind)
    if problem:
        parser.error(f"cannot listen on {args.bind}: {problem}")
    address = address_of_bind(args.bind)
    derived = bool(address) and "BASE_URL" not in os.environ
    if derived:
        # The site's links (canonical, share, feeds, mails) name the address it is served on, not the default port.
        os.environ["BASE_URL"] = address
    if not args.no_migrate:
        manage(["migrate", "--noinput", "--verbosity", "0"])
    if derived:
        align_default_site(address)
    manage(["collectstatic", "--noinput", "--verbosity", "0"])

    def start_worker():
        return subprocess.Popen([sys.executable, "-m", "masthead.cli", "worker"]), time.monotonic()

    background, started = start_worker() if not args.no_worker else (None, 0.0)
    pause = WORKER_WATCH_SECONDS  # before starting again a worker that ended soon after it started
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "masthead.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # gunicorn's control socket has one default path per user, so several app servers on one host would take
        # it from each other; nothing here uses it.
        "--no-control-socket",
    ]
    print(f"Masthead is serving on http://{args.bind}/ (admin: http://{args.bind}/admin/)", flush=True)
    web = subprocess.Popen(gunicorn)
    stopping = False

    def children():
        return [child for child in (web, background) if child is not None]

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for child in children():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        try:
            code = web.wait(timeout=WORKER_WATCH_SECONDS)
            break
        except subprocess.TimeoutExpired:
            # The background worker publishes on schedule, counts views, sends mail: should it end (a crash, a
            # kill), it is started again rather than leave the site running without it.
            if background is not None and background.poll() is not None and not stopping:
                # One that keeps failing as it starts (a broken setting) is started less and less often.
                quick = time.monotonic() - started < WORKER_SETTLED_SECONDS
                pause = min(pause * 2, WORKER_LONGEST_PAUSE_SECONDS) if quick else WORKER_WATCH_SECONDS
                print(
                    f"masthead: the background worker ended ({background.returncode}); starting it again in {pause} s.",
                    flush=True,
                )
                time.sleep(pause)
                if not stopping:
                    background, started = start_worker()
    stop(None, None)
    for child in children():
        child.wait()
    return code


def worker(argv):
    parser = argparse.ArgumentParser(prog="masthead worker", description="Run background tasks and the schedule.")
    parser.add_argument("--no-scheduler", action="store_true", help="Do not publish scheduled articles here.")
    parser.add_argument(
        "--verbose", action="store_true", help="Log every task as it starts and ends (failures are always logged)."
    )
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    from masthead import scheduler
    from masthead.task_worker import QuietWorkerCommand

    if not args.no_scheduler:
        scheduler.start_in_thread()
    call_command(QuietWorkerCommand(verbose=args.verbose), "--no-reload", "--interval", "1")
    return 0


def quickstart(argv):
    parser = argparse.ArgumentParser(prog="masthead quickstart")
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--no-serve", action="store_true", help="Set everything up but do not start serving.")
    args = parser.parse_args(argv)
    migrate_with_progress()
    manage(["demo"])
    username, password = ensure_admin()
    print("\n" + "=" * 60)
    print(f"  Site:   http://{args.bind}/")
    print(f"  Admin:  http://{args.bind}/admin/")
    if password:
        print(f"  Login:  {username} / {password}")
        print("  (the password is also kept in the data directory, file admin_password)")
    else:
        print(f"  Login:  {username}, with its own password (changed since, or set outside quickstart)")
    print("=" * 60 + "\n", flush=True)
    if args.no_serve:
        return 0
    return serve(["--bind", args.bind])


def migrate_with_progress():
    """`migrate`, showing one progress bar (on stderr, like the demo's) instead of a line for each of the 250-odd
    migrations a new database needs. Nothing is shown when the database is up to date."""
    setup_django()
    from django.core.management import call_command
    from django.core.management.commands.migrate import Command as Migrate
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from tqdm import tqdm

    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))

    class MigrateWithProgress(Migrate):
        def migration_progress_callback(self, action, migration=None, fake=False):
            if action == "apply_success":
                bar.update(1)

    with tqdm(total=pending, desc="Database", unit="migration", disable=not pending) as bar:
        call_command(MigrateWithProgress(), interactive=False, verbosity=0)


def ensure_admin():
    """Create the first admin account once, with a random password printed and kept in the data dir."""
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    username = "admin"
    password_file = settings.DATA_DIR / "admin_password"
    existing = user_model.objects.filter(username=username).first()
    if existing is not None:
        # The kept password only while it still opens the account: one changed since is not printed as the login.
        kept = password_file.read_text().strip() if password_file.exists() else None
        return username, kept if kept and existing.check_password(kept) else None
    password = secrets.token_urlsafe(12)
    # Named, as Wagtail's account settings ask a name before they save anything else (the admin's language, say).
    user_model.objects.create_superuser(
        username=username,
        email="admin@localhost",
        password=password,
        first_name="Site",
        last_name="Administrator",
    )
    fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password)
    return username, password


COMMANDS = {"serve": serve, "worker": worker, "quickstart": quickstart}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["help"] and len(argv) > 1:
        argv = [argv[1], "--help"]  # `masthead help demo` is `masthead demo --help`
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        print(newsroom_commands())
        return 0
    command = COMMANDS.get(argv[0])
    try:
        if command is None:
            manage(argv)
            return 0
        return command(argv[1:])
    except Exception as error:
        said = operator_message(error)
        if said is None or os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}:
            raise
        print(f"masthead: {said}", file=sys.stderr)
        return 1


def newsroom_commands():
    """The project's own management commands, each with the first sentence of its help, for `masthead help`."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        setup_django()
    except ImproperlyConfigured:  # a setting that cannot be read: the one-line error comes with a command
        return ""
    from django.core.management import get_commands, load_command_class

    lines = ["The newsroom's commands (`masthead help <command>` for one):"]
    for name, app in sorted(get_commands().items()):
        if app.startswith("masthead."):
            first_sentence = (load_command_class(app, name).help or "").strip().split(". ")[0].rstrip(".")
            lines.append(f"  masthead {name:<26} {first_sentence}".rstrip())
    return "\n".join(lines)


def operator_message(error):
    """One line for a mistake in the setup, which the operator fixes in the environment, not in the code: a setting
    that cannot be read, a database that does not answer. None for anything else (a bug: its traceback is shown)."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    if isinstance(error, ImproperlyConfigured):
        return str(error)
    if isinstance(error, OperationalError) and "no such table" in str(error):
        return f"the database has no tables for this yet ({error}): run `masthead migrate` first."
    if isinstance(error, OperationalError):
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return (
            f"the database did not answer: {reason}. Check DATABASE_URL and that the database server is running "
            "(DEBUG=true shows the whole traceback)."
        )
    return None


if __name__ == "__main__":
    sys.exit(main())
