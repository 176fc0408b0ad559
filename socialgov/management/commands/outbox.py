"""`manage.py outbox`: how many tasks wait for the broker and how old the oldest is; `--dispatch` sends them now,
`--list` names them (issue 19.1)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from socialgov import outbox
from socialgov.models import OutboxMessage


class Command(BaseCommand):
    help = "Show the outbox's depth and age; --dispatch hands the pending rows to the broker now."

    def add_arguments(self, parser):
        parser.add_argument("--dispatch", action="store_true", help="send the pending rows now")
        parser.add_argument("--list", action="store_true", help="list the pending rows")

    def handle(self, *args, dispatch=False, list=False, **options):
        if dispatch:
            sent = outbox.dispatch_pending()
            self.stdout.write(f"sent {sent}")
        depth = outbox.depth()
        tick = outbox.last_tick()
        self.stdout.write(f"pending {depth['pending']}; oldest {depth['oldest_pending_seconds']:.0f} s")
        self.stdout.write(f"last beat sweep: {tick.at.isoformat() if tick else 'never'}")
        if list:
            now = timezone.now()
            for message in OutboxMessage.objects.pending().order_by("pk"):
                error = f"  ({message.last_error})" if message.last_error else ""
                self.stdout.write(
                    f"{message.pk}  {message}  waiting {(now - message.created_at).total_seconds():.0f} s"
                    f"  attempts {message.attempts}{error}"
                )
