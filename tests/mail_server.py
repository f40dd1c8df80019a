"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the newsletter tests, keeping every message
it receives, parsed, for the test to read back."""

import email
import socket
from email import policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the server received: messages in arrival order, with their envelopes."""

    def __init__(self):
        self.messages = []
        self.recipients = []
        self.refuse = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]


class MailServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()


def parts(message):
    """The plain-text and HTML bodies of a newsletter message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
