"""A deployment names the key that signs the audit trail's checkpoints (audits.checkpoints)."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def audit_signing_key(app_configs, **kwargs):
    if settings.AUDIT_SIGNING_KEY or settings.AUDIT_SIGNING_KEY_FILE:
        return []
    return [
        Warning(
            "No key signs the audit trail's checkpoints: one made in the var directory, beside the database, "
            "is used, and anyone who can rewrite the database may find it there.",
            hint="Set AUDIT_SIGNING_KEY_FILE to an Ed25519 private key (PEM) kept away from the database's host "
            "and backups: openssl genpkey -algorithm ed25519 -out audit-signing-key.pem",
            id="audits.W001",
        )
    ]
