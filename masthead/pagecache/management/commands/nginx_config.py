import re

from django.core.management.base import BaseCommand, CommandError

from masthead.pagecache.nginx_config import render

# What nginx takes in each place, no more: a value with a space or a ";" would end the directive and start another.
PORT = r"\d{1,5}"
HOST = r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])"
LISTEN = re.compile(rf"(?:{HOST}:)?{PORT}")
UPSTREAM = re.compile(rf"(?:{HOST}:{PORT}|unix:/[^\s;{{}}'\"#]+)")
PATH = re.compile(r"/[^\s;{}'\"#]*")  # "#" would start a comment, swallowing the directive's ";"


def checked(value, pattern, option, example):
    if not pattern.fullmatch(value):
        raise CommandError(f"{option} {value!r} is not one nginx takes there (for example {example}).")
    return value


class Command(BaseCommand):
    help = "Print the nginx configuration for a caching proxy in front of Masthead's app servers."

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="80", help="nginx's listen address, e.g. 80 or 127.0.0.1:8080")
        parser.add_argument(
            "--upstream",
            action="append",
            help="an app server's address, once per server (default 127.0.0.1:8000)",
        )
        parser.add_argument("--cache-dir", default="/var/cache/nginx/masthead", help="where nginx keeps pages")
        parser.add_argument(
            "--views-log",
            default="/var/log/nginx/masthead-views.log",
            help="the log of anonymous page views (MASTHEAD_AUDIENCE_PROXY_LOG)",
        )

    def handle(self, *args, listen, upstream, cache_dir, views_log, **options):
        upstreams = [
            checked(address, UPSTREAM, "--upstream", "10.0.0.5:8000") for address in upstream or ["127.0.0.1:8000"]
        ]
        config = render(
            listen=checked(listen, LISTEN, "--listen", "80 or 127.0.0.1:8080"),
            upstreams=upstreams,
            cache_dir=checked(cache_dir, PATH, "--cache-dir", "/var/cache/nginx/masthead"),
            views_log=checked(views_log, PATH, "--views-log", "/var/log/nginx/masthead-views.log"),
        )
        self.stdout.write(config)
