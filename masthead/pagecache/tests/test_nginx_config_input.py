"""The proxy's configuration is printed only from values nginx takes where they go: a stray space or ";" would end
a directive and start another, and the operator would learn it only when nginx refused to reload."""

import io

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize(
    "arguments",
    [
        ["--listen", "abc"],
        ["--upstream", "bad"],
        ["--upstream", "127.0.0.1:8000; include /etc/passwd"],
        ["--cache-dir", "rel dir;"],
        ["--views-log", "/var/log/x.log; error_log /tmp/y"],
        ["--cache-dir", "/var/cache/masthead#old"],
    ],
)
def test_a_value_nginx_would_not_take_there_is_refused_naming_the_option(arguments):
    with pytest.raises(CommandError, match=f"^{arguments[0]} "):
        call_command("nginx_config", *arguments, stdout=io.StringIO())


def test_addresses_and_sockets_nginx_takes_are_printed_into_the_configuration():
    out = io.StringIO()
    call_command(
        "nginx_config", "--listen", "127.0.0.1:8080", "--upstream", "10.0.0.5:8000", "--upstream",
        "unix:/run/masthead.sock", "--upstream", "[::1]:8001", stdout=out,
    )  # fmt: skip
    config = out.getvalue()
    assert "listen 127.0.0.1:8080" in config
    for server in ("10.0.0.5:8000", "unix:/run/masthead.sock", "[::1]:8001"):
        assert f"server {server}" in config
