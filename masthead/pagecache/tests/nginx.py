"""Starting nginx with the shipped configuration, for tests that need the real proxy."""

import socket
import subprocess
import time

from masthead.pagecache.nginx_config import write_standalone


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while not listening(port):
        assert process.poll() is None, f"a server exited with {process.returncode}"
        assert time.monotonic() < deadline, f"nothing answered on port {port}"
        time.sleep(0.05)


def listening(port):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) != 0:
            return False
        # Ports from free_port() are in the ephemeral range, so a probe can be given the same port as its source and
        # connect to itself (TCP's simultaneous open) while nothing listens yet.
        return probe.getsockname() != probe.getpeername()


def start_nginx(work, *, port, upstreams, **start_kwargs):
    """nginx in the foreground with masthead.conf for these app servers; its files stay under `work`."""
    command = write_standalone(work, listen=f"127.0.0.1:{port}", upstreams=upstreams, connections=256)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **start_kwargs)
    wait_for_port(port, process)
    return process


def stop_nginx(work, process):
    process.terminate()
    process.wait(timeout=10)
    log = (work / "error.log").read_text()
    assert "[alert]" not in log, log  # no worker crashed
