from django.db import models


class EmailState(models.TextChoices):
    """A notification's email: claimed by one worker with a conditional update, sent once; a failure is kept
    (`email_error`, `email_attempts`) and tried again until MAX_EMAIL_ATTEMPTS, then shown as failed."""

    PENDING = "pending", "To send"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    NO_ADDRESS = "no_address", "Not sent: no email address"
    FAILED = "failed", "Not sent: the mail server refused it"
