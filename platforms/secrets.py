"""Secrets of connected accounts at rest: app passwords and session tokens are encrypted with Fernet keys from
SOCIALGOV_ENCRYPTION_KEYS (MultiFernet: the first key encrypts, every key decrypts, so keys rotate). Without the
setting a key is made once in the var directory for development, and `check --deploy` warns (platforms.checks).
"""

from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_NAME = "connections-encryption-key"


def is_configured() -> bool:
    return bool(settings.SOCIALGOV_ENCRYPTION_KEYS)


def _development_key() -> bytes:
    path = Path(settings.VAR_DIR) / DEVELOPMENT_KEY_NAME
    if not path.exists():
        try:
            with open(path, "xb") as file:  # two first writers: one makes it, the other reads it
                file.write(Fernet.generate_key())
            path.chmod(0o600)
        except FileExistsError:
            pass
    return path.read_bytes().strip()


def _fernet() -> MultiFernet:
    keys = settings.SOCIALGOV_ENCRYPTION_KEYS or [_development_key()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"SOCIALGOV_ENCRYPTION_KEYS must be Fernet keys: {error}") from None


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    """The clear text; "" for nothing stored or for a token no configured key opens."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def reencrypt(token: str) -> str:
    """The same secret under the first key (after a new key was put first)."""
    return _fernet().rotate(token.encode()).decode() if token else ""
