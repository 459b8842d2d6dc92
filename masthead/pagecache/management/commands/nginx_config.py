from django.core.management.base import BaseCommand

from masthead.pagecache.nginx_config import render


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
        upstreams = upstream or ["127.0.0.1:8000"]
        self.stdout.write(render(listen=listen, upstreams=upstreams, cache_dir=cache_dir, views_log=views_log))
