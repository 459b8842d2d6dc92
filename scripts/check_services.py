"""Say clearly, before the PostgreSQL pass of the test suite, whether PostgreSQL and Redis answer."""

import socket
import sys
from urllib.parse import urlsplit


def reachable(url):
    address = urlsplit(url)
    try:
        with socket.create_connection((address.hostname, address.port), timeout=3):
            return True
    except OSError:
        return False


def main(urls):
    missing = [url for url in urls if not reachable(url)]
    for url in missing:
        print(
            f"Not reachable: {url}. Start it (see README, 'Running the tests') and run again.",
            file=sys.stderr,
        )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
