from django.db import models


class NotificationQuerySet(models.QuerySet):
    def for_member(self, member):
        return self.filter(recipient=member)

    def unread(self):
        return self.filter(read_at__isnull=True)
