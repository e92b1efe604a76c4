"""The console e-mail backend the product uses by default.

Django's console backend prints whole messages to the log, and with them the links in
password resets and invitations: anyone who reads the server log could take over an
account. With debug on (a developer's machine, the demo) the message is printed whole,
as it is the only way to follow those links there; with debug off only the fact that a
message went out is logged, never its recipients, subject or body.
"""

from django.conf import settings
from django.core.mail.backends import console


class EmailBackend(console.EmailBackend):
    def write_message(self, message) -> None:
        if settings.DEBUG:
            super().write_message(message)
            return
        count = len(message.recipients())
        self.stream.write(
            f"E-mail sent to {count} recipient(s); its content is not logged with debug off.\n"
        )
