"""manage.py verify_audit_chain: prove the audit trail intact or name its first broken link; with
--checkpoints, also against signed checkpoints kept outside the database (audits.checkpoints)."""

import json

from django.core.management.base import BaseCommand, CommandError

from audits import chain, checkpoints


class Command(BaseCommand):
    help = (
        "Walk the hash-chained audit trail in id order. Exits 0 and prints the number of events checked "
        "when it is intact; exits 1 naming the first broken event when any was edited, deleted or reordered. "
        "With --checkpoints FILE (JSON lines from audit_checkpoints --export, or a package's manifest "
        "checkpoint), the chain must also hold, at each checkpoint's position, the event that was signed "
        "there: a chain rewritten and re-hashed in the database fails, naming the first event after the last "
        "good checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=chain.DEFAULT_CHUNK_SIZE,
            help=f"Events read per query (default {chain.DEFAULT_CHUNK_SIZE}); memory use stays constant.",
        )
        parser.add_argument(
            "--checkpoints",
            metavar="FILE",
            dest="checkpoint_file",
            help="Signed checkpoints kept outside the database.",
        )
        parser.add_argument(
            "--public-key",
            metavar="FILE",
            dest="public_key_file",
            help="The PEM public key to verify them with (default: this installation's key).",
        )

    def handle(self, *args, chunk_size, checkpoint_file=None, public_key_file=None, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.", returncode=2)
        result = chain.verify(chunk_size=chunk_size)
        if not result.intact:
            # manage.py prints the message to stderr and exits with returncode;
            # call_command raises it, so callers in code see the same answer.
            raise CommandError(str(result), returncode=1)
        self.stdout.write(self.style.SUCCESS(str(result)))
        if checkpoint_file:
            records, key = _read_checkpoints(checkpoint_file), _public_key(public_key_file)
            against = checkpoints.verify_against(records, key, chunk_size=chunk_size)
            if not against.intact:
                raise CommandError(str(against), returncode=1)
            self.stdout.write(self.style.SUCCESS(str(against)))


def _read_checkpoints(path: str) -> list[dict]:
    try:
        with open(path) as file:
            text = file.read()
    except OSError as error:
        raise CommandError(f"--checkpoints: {error}", returncode=2) from None
    try:
        if text.lstrip().startswith("{") and "\n{" not in text.strip():
            document = json.loads(text)
            # A package's manifest carries one checkpoint under "audit_checkpoint".
            return [document.get("audit_checkpoint", document)]
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as error:
        raise CommandError(f"--checkpoints: {path} is not JSON lines of checkpoints: {error}", returncode=2) from None


def _public_key(path: str | None):
    try:
        if path is None:
            return checkpoints.load_public_key(checkpoints.public_key_pem())
        with open(path, "rb") as file:
            return checkpoints.load_public_key(file.read())
    except (OSError, ValueError) as error:
        raise CommandError(f"--public-key: {error}", returncode=2) from None
