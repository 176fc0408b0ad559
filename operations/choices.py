from django.db import models


class OperationStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting approval"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
