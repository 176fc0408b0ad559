"""manage.py verify_audit_chain: prove the audit trail intact or name its first broken link."""

from django.core.management.base import BaseCommand, CommandError

from audits import chain


class Command(BaseCommand):
    help = (
        "Walk the hash-chained audit trail in id order. Exits 0 and prints the number of events checked "
        "when it is intact; exits 1 naming the first broken event when any was edited, deleted or reordered."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size", type=int, default=chain.DEFAULT_CHUNK_SIZE,
            help=f"Events read per query (default {chain.DEFAULT_CHUNK_SIZE}); memory use stays constant.",
        )

    def handle(self, *args, chunk_size, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.", returncode=2)
        result = chain.verify(chunk_size=chunk_size)
        if not result.intact:
            # manage.py prints the message to stderr and exits with returncode;
            # call_command raises it, so callers in code see the same answer.
            raise CommandError(str(result), returncode=1)
        self.stdout.write(self.style.SUCCESS(str(result)))
