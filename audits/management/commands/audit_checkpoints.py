"""manage.py audit_checkpoints: sign the audit chain's head now, print the public key, or write every
signed checkpoint to a file kept outside the database (audits.checkpoints)."""

import json

from django.core.management.base import BaseCommand

from audits import checkpoints
from audits.models import Checkpoint


class Command(BaseCommand):
    help = (
        "Signed checkpoints of the audit trail. --sign signs the chain head now; --public-key prints the key "
        "that verifies them (PEM); --export FILE writes every checkpoint as JSON lines, to be kept away from "
        "the database and given to verify_audit_chain --checkpoints."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sign", action="store_true", help="Sign the chain head as it stands now.")
        parser.add_argument("--public-key", action="store_true", help="Print the public key (PEM).")
        parser.add_argument("--export", metavar="FILE", help="Write every checkpoint to FILE (JSON lines).")

    def handle(self, *args, sign, public_key, export, **options):
        if sign:
            checkpoint = checkpoints.sign(reason=checkpoints.Reason.OPERATOR)
            self.stdout.write(f"Signed {checkpoint}: last hash {checkpoint.last_hash}.")
        if public_key:
            self.stdout.write(checkpoints.public_key_pem(), ending="")
        if export:
            count = 0
            with open(export, "w") as file:
                for checkpoint in Checkpoint.objects.order_by("length", "id").iterator():
                    file.write(json.dumps(checkpoints.as_record(checkpoint), sort_keys=True) + "\n")
                    count += 1
            self.stdout.write(f"Wrote {count} checkpoint{'' if count == 1 else 's'} to {export}.")
        if not (sign or public_key or export):
            self.stdout.write(f"{Checkpoint.objects.count()} checkpoints stored; key {checkpoints.current_key_id()}.")
