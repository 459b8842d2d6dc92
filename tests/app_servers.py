"""`masthead serve` started by a test listens on a port the kernel gives it (`--bind 127.0.0.1:0`).

A free port chosen first and bound only seconds later (Python starting, Django set up, static files collected)
may meanwhile be given to a server of another test process, which would then answer in this server's place
while this one fails to bind and exits. Gunicorn names the port it got in its log.
"""

import re
import time
import urllib.error
import urllib.request

LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


def bound_port(log_path, process, seconds=90):
    deadline = time.monotonic() + seconds
    while True:
        output = log_path.read_text() if log_path.exists() else ""
        if match := LISTENING.search(output):
            return int(match.group(1))
        assert process.poll() is None, f"the server exited with {process.returncode}:\n{output[-3000:]}"
        assert time.monotonic() < deadline, f"the server did not listen within {seconds} s:\n{output[-3000:]}"
        time.sleep(0.1)


def wait_until_answering(url, still_running, seconds=90):
    """Until the app answers a request (gunicorn listens before its worker has loaded the site); `still_running`
    fails, with the server's log, as soon as the server has stopped."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=20):
                return
        except urllib.error.HTTPError:
            return  # an answer, whatever its status
        except OSError:
            still_running()
            assert time.monotonic() < deadline, f"{url} did not answer in {seconds} s"
            time.sleep(0.1)
