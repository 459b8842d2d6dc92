"""Starting nginx with the shipped configuration, for tests that need the real proxy."""

import os
import socket
import subprocess
import time

from masthead.pagecache.nginx_config import render

PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
MAIN_CONFIG = """
load_module {module};
{user}
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/masthead.conf;
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
        assert process.poll() is None, f"a server exited with {process.returncode}"
        assert time.monotonic() < deadline, f"nothing answered on port {port}"
        time.sleep(0.05)


def start_nginx(work, *, port, upstreams, **start_kwargs):
    """nginx in the foreground with masthead.conf for these app servers; its files stay under `work`."""
    (work / "masthead.conf").write_text(
        render(
            listen=f"127.0.0.1:{port}",
            upstreams=upstreams,
            cache_dir=str(work / "cache"),
            views_log=str(work / "views.log"),
        )
    )
    # Started as root, nginx's workers would become "nobody", who may not enter pytest's private temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(MAIN_CONFIG.format(module=PURGE_MODULE, work=work, user=user))
    process = subprocess.Popen(
        ["nginx", "-p", str(work), "-c", str(work / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **start_kwargs,
    )
    wait_for_port(port, process)
    return process


def stop_nginx(work, process):
    process.terminate()
    process.wait(timeout=10)
    log = (work / "error.log").read_text()
    assert "[alert]" not in log, log  # no worker crashed
