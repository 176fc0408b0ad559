"""A deployment names the keys that encrypt connected accounts' secrets (platforms.secrets)."""

from django.core.checks import Warning, register

from . import secrets


@register(deploy=True)
def encryption_keys(app_configs, **kwargs):
    if secrets.is_configured():
        return []
    return [
        Warning(
            "No key encrypts connected accounts' app passwords and session tokens: one made in the var directory, "
            "beside the database, is used, and anyone who can read the database's host may find it there.",
            hint="Set SOCIALGOV_ENCRYPTION_KEYS to one or more Fernet keys, comma-separated, newest first: "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
            id="platforms.W001",
        )
    ]
