"""The shipped nginx configuration (nginx/masthead.conf) with a deployment's own ports and paths."""

import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "masthead.conf"
UPSTREAM_LINE = re.compile(r"^    server 127\.0\.0\.1:8000 (.*);$", re.M)


def render(
    *,
    listen="80",
    upstreams=("127.0.0.1:8000",),
    cache_dir="/var/cache/nginx/masthead",
    views_log="/var/log/nginx/masthead-views.log",
):
    text = TEMPLATE.read_text()
    text = text.replace("access_log /var/log/nginx/masthead-views.log ", f"access_log {views_log} ")
    text = text.replace("    listen 80;", f"    listen {listen};")
    text = text.replace("proxy_cache_path /var/cache/nginx/masthead ", f"proxy_cache_path {cache_dir} ")
    options = UPSTREAM_LINE.search(text).group(1)
    servers = "\n".join(f"    server {address} {options};" for address in upstreams)
    return UPSTREAM_LINE.sub(lambda _match: servers, text)
