"""A WSGI app answering one stored page from memory, for bench/run's row w: the ceiling for any cache inside
the app servers. It does nothing per request but hand gunicorn the bytes and headers read at start, so
gunicorn's own work (accept, parse, write, access log, close) is all that is left.

STORED_PAGE names a JSON file: {"headers": [[name, value], ...], "body_file": "..."}.
"""

import json
import os
from pathlib import Path

stored = json.loads(Path(os.environ["STORED_PAGE"]).read_text())
headers = [(name, value) for name, value in stored["headers"]]
body = Path(stored["body_file"]).read_bytes()


def application(environ, start_response):
    start_response("200 OK", headers)
    return [body]
