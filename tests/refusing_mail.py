"""A mail backend that refuses some addresses, as an SMTP server does: tests set
`settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"` and put the addresses in
`REFUSED`. Everything else lands in django.core.mail.outbox as with the locmem backend."""

import smtplib

from django.core.mail.backends import locmem

REFUSED = set()


class RefusingBackend(locmem.EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = REFUSED.intersection(message.recipients())
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"5.1.1 User unknown"))
                )
        return super().send_messages(messages)
