"""Mail backends for tests: a mail server that breaks on the n-th message."""

import os
import smtplib
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingLocmemBackend(LocmemBackend):
    """Like Django's test outbox, but the FAIL_AT-th message (1-based, counted over
    the whole test) raises the error an SMTP server that hangs up gives."""

    fail_at: int | None = None
    attempts = 0

    def send_messages(self, messages):
        for _message in messages:
            FailingLocmemBackend.attempts += 1
            if FailingLocmemBackend.attempts == self.fail_at:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class FailingFileBackend(FileBackend):
    """One file per message in EMAIL_FILE_PATH, for tests across processes; the
    message that would be number PUENTE_TEST_MAIL_FAIL_AT in that folder fails once,
    and the one that would be number PUENTE_TEST_MAIL_HANG_AT hangs once (a mail
    server that stops answering), after writing the file `hanging` there, so that a
    test can kill the worker while it is inside a send, never between the server's
    answer and the outbox's mark (a window no mail protocol can close)."""

    def send_messages(self, messages):
        # A slow mail server (PUENTE_TEST_MAIL_DELAY seconds per message).
        time.sleep(float(os.environ.get("PUENTE_TEST_MAIL_DELAY") or 0))
        folder = Path(self.file_path)
        hang_at = int(os.environ.get("PUENTE_TEST_MAIL_HANG_AT") or 0)
        hanging = folder / "hanging"
        if hang_at and not hanging.exists():
            if len(list(folder.glob("*.log"))) + 1 == hang_at:
                hanging.write_text("1")
                time.sleep(600)
        fail_at = int(os.environ.get("PUENTE_TEST_MAIL_FAIL_AT") or 0)
        marker = folder / "failed-once"
        if fail_at and not marker.exists():
            if len(list(folder.glob("*.log"))) + 1 == fail_at:
                marker.write_text("1")
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
