"""What answering a stored page costs in process: the WSGI front (masthead.wsgi) and its parts, in µs.

    .venv/bin/python bench/front_hit.py /tmp/bench-1k [--path /news/story-11/] [--repeat 20000]

The page is requested until this process answers it from its own copy (X-Page-Cache: hit), then each step is
timed over --repeat calls: the whole front, the key from the request, the freshness check (`fresh_entry`), and
for scale one read of the shared cache (what the freshness check cost before the stamp file).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path


def environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def microseconds(call, repeat):
    started = time.perf_counter()
    for _ in range(repeat):
        call()
    return (time.perf_counter() - started) / repeat * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="a data dir made by `masthead demo` (MASTHEAD_DATA_DIR)")
    parser.add_argument("--path", default="/news/story-11/")
    parser.add_argument("--repeat", type=int, default=20000)
    args = parser.parse_args()
    os.environ.update(MASTHEAD_DATA_DIR=args.data, DJANGO_SETTINGS_MODULE="masthead.settings", DEBUG="0")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from django.core.cache import cache

    from masthead.pagecache import lookup, tags
    from masthead.wsgi import application

    answers = []

    def start_response(status, headers):
        answers.append((status, dict(headers).get("X-Page-Cache")))

    for _ in range(3):
        application(environ(args.path), start_response)
    if answers[-1] != ("200 OK", "hit"):
        raise SystemExit(f"{args.path} was not answered from the page cache: {answers}")
    request = environ(args.path)
    key = lookup.entry_key(request)
    mark = tags.config().latest_stamp_file
    print(f"{args.path} in {args.data}; newest stamp from {'the file ' + mark if mark else 'the cache'}")
    steps = [
        ("the whole front, a hit", lambda: application(environ(args.path), start_response)),
        ("the key from the request", lambda: lookup.entry_key(request)),
        ("the freshness check (fresh_entry)", lambda: lookup.fresh_entry(key)),
        ("for scale: one read of the shared cache", lambda: cache.get(tags.LATEST_STAMP, 0)),
    ]
    for label, call in steps:
        print(f"{microseconds(call, args.repeat):8.1f} µs  {label}")


if __name__ == "__main__":
    main()
