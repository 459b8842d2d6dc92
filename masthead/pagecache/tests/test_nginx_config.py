"""`masthead nginx_config` prints the shipped proxy configuration with a deployment's own servers."""

import io

from django.core.management import call_command


def test_nginx_config_lists_every_app_server_and_the_given_listen_address_and_cache_folder():
    out = io.StringIO()
    call_command(
        "nginx_config",
        "--listen=127.0.0.1:8080",
        "--upstream=10.0.0.5:8000",
        "--upstream=10.0.0.6:8000",
        "--cache-dir=/srv/cache",
        stdout=out,
    )
    text = out.getvalue()
    assert "    listen 127.0.0.1:8080;" in text
    assert "server 10.0.0.5:8000 max_fails=3 fail_timeout=10s;" in text
    assert "server 10.0.0.6:8000 max_fails=3 fail_timeout=10s;" in text
    assert "server 127.0.0.1:8000" not in text
    assert "proxy_cache_path /srv/cache " in text
