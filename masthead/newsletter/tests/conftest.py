"""A real SMTP server on the loopback for the newsletter's tests: it receives, parses and keeps every mail.

Tests can make it answer like real servers do when things go wrong: 451 (try later) or 550 (no such mailbox)
for chosen recipients, a given number of times.
"""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.messages = []
        self.envelopes = []
        self.refusals = {}  # address -> [reply, times left]
        self.hang_ups = set()  # addresses whose mail is taken, then the line cut before the answer

    def refuse(self, address, reply, times=1):
        """Answer RCPT for `address` with `reply` (e.g. "451 4.3.0 Try later") the next `times` times."""
        self.refusals[address.lower()] = [reply, times]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.refusals.get(address.lower())
        if refusal and refusal[1] > 0:
            refusal[1] -= 1
            return refusal[0]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def hang_up_after(self, address):
        """Take the next mail to `address`, then cut the line before answering: the sender cannot know."""
        self.hang_ups.add(address.lower())

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        cut = self.hang_ups & {address.lower() for address in envelope.rcpt_tos}
        if cut:
            self.hang_ups -= cut
            server.transport.abort()
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]


@pytest.fixture
def smtp_server(settings):
    """Point Django's SMTP backend at a fresh loopback server; yields its handler with the received mails."""
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield handler
    finally:
        controller.stop()
