"""Public-records requests and the chief's inclusion of covert accounts in them (3xx.7; general policy IV.E)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from socialgov import limits

from ..choices import (
    RequestStatus,
)
from ..querysets import (
    RecordsRequestQuerySet,
)
from .holds import LegalHold
from .scopes import Scope


class RecordsRequest(Scope):
    """A public-records (California Public Records Act) or e-discovery request: who asked, when, what it
    covers and when the response is due (received plus 10 days, extendable once by up to 14 with a
    reason). Opening one can place a legal hold on its scope in the same step."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="records_requests")
    requester = models.CharField(max_length=200)
    description = models.TextField(
        max_length=limits.TEXT, blank=True, help_text="What the requester asked for, in their words."
    )
    received_on = models.DateField()
    due_on = models.DateField()
    extension_days = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(max_length=limits.NOTE, blank=True)
    accounts = models.ManyToManyField("posts.SocialAccount", blank=True, related_name="records_requests")
    posts = models.ManyToManyField("posts.Post", blank=True, related_name="records_requests")
    hold = models.OneToOneField(
        LegalHold, null=True, blank=True, on_delete=models.PROTECT, related_name="records_request"
    )
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_note = models.TextField(max_length=limits.NOTE, blank=True)

    objects = RecordsRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"Records request #{self.pk} from {self.requester}"

    def days_left(self, on: date | None = None) -> int:
        return (self.due_on - (on or timezone.localdate())).days

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.days_left() < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left())


class CovertInclusion(models.Model):
    """A records request whose package includes covert records (general policy IV.E; issue 16.1): left out by
    default; included only when the records custodian chooses to, with a reason, and the chief approves, with a
    reason. This replaces the unused `include_covert` parameter."""

    request = models.OneToOneField(RecordsRequest, on_delete=models.PROTECT, related_name="covert_inclusion")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField()
    reason = models.TextField(max_length=limits.NOTE)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_reason = models.TextField(max_length=limits.NOTE, blank=True)

    def __str__(self):
        return f"Covert records in the package of {self.request}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None
