from django.db import models

from .choices import Severity


class FlagQuerySet(models.QuerySet):
    def standing(self):
        """Findings still made on their revision: not withdrawn by a later screening of the same text."""
        return self.filter(withdrawn_at__isnull=True)

    def unresolved(self):
        """Standing findings no supervisor has overridden."""
        return self.standing().filter(override__isnull=True)

    def blocking(self):
        """What stops approval (3xx.5): unresolved findings of a rule the department set to block."""
        return self.unresolved().filter(severity=Severity.BLOCK)

    def on_revision(self, revision):
        return self.filter(revision=revision)


class CaseHoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(released_at__isnull=True)
