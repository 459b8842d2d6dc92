"""The shipped nginx configuration (nginx/masthead.conf) with a deployment's own ports and paths, and the same
configuration runnable as an ordinary process in a folder of its own (the tests and the benchmarks)."""

import os
import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "masthead.conf"
UPSTREAM_LINE = re.compile(r"^    server 127\.0\.0\.1:8000 (.*);$", re.M)
VIEWS_LOG_LINE = re.compile(r"^    access_log /var/log/nginx/masthead-views\.log .*$", re.M)
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
# nginx's main context, with every file it writes under one folder, around the shipped configuration.
STANDALONE_MAIN = """\
load_module {module};
{user}
worker_processes {workers};
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections {connections}; }}
http {{
    access_log off;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
{http_extra}
    include {work}/masthead.conf;
}}
"""


def render(
    *,
    listen="80",
    upstreams=("127.0.0.1:8000",),
    cache_dir="/var/cache/nginx/masthead",
    views_log="/var/log/nginx/masthead-views.log",
):
    """The configuration for nginx's http context; `views_log=None` turns the log of anonymous views off."""
    text = TEMPLATE.read_text()
    if views_log is None:
        text = VIEWS_LOG_LINE.sub("    access_log off;", text)
    text = text.replace("access_log /var/log/nginx/masthead-views.log ", f"access_log {views_log} ")
    text = text.replace("    listen 80;", f"    listen {listen};")
    text = text.replace("proxy_cache_path /var/cache/nginx/masthead ", f"proxy_cache_path {cache_dir} ")
    options = UPSTREAM_LINE.search(text).group(1)
    servers = "\n".join(f"    server {address} {options};" for address in upstreams)
    return UPSTREAM_LINE.sub(lambda _match: servers, text)


def write_standalone(work, *, listen, upstreams, views_log="views.log", workers=1, connections=1024, http_extra=""):
    """Write `work`/masthead.conf and `work`/nginx.conf; returns the command that runs nginx in the foreground.

    The cache, the view log (`views_log`, relative to `work`, or None for none), the pid and error log and nginx's
    temporary files all stay under `work`.
    """
    work = Path(work)
    for part in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "tmp" / part).mkdir(parents=True, exist_ok=True)
    site = render(
        listen=listen,
        upstreams=upstreams,
        cache_dir=str(work / "cache"),
        views_log=None if views_log is None else str(work / views_log),
    )
    (work / "masthead.conf").write_text(site)
    # Started as root, nginx's workers would become "nobody", who may not enter a private folder of root's.
    user = "user root;" if os.geteuid() == 0 else ""
    main = STANDALONE_MAIN.format(
        module=PURGE_MODULE, user=user, workers=workers, connections=connections, work=work, http_extra=http_extra
    )
    (work / "nginx.conf").write_text(main)
    return ["nginx", "-p", str(work), "-c", str(work / "nginx.conf")]
