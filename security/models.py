"""Sign-ins and API tokens (FBI CJIS Security Policy 5.5.5 session lock, 5.6 identification and
authentication; DESIGN.md "Interfaces": session and token authentication).

Second factors are django-otp's devices (TOTP and single-use backup codes); failed sign-ins are
django-axes' failure log (security.lockout). What is kept here is what those libraries do not keep.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        """Tokens that authenticate now: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A member's key to the REST API, listed on their profile, revocable and expiring.

    Only the key's SHA-256 is stored: the key itself is shown once, when it is made,
    so a copy of the database does not hand out working keys.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for, e.g. the script using it.")
    prefix = models.CharField(max_length=8, help_text="The key's first characters, to tell tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when an operator made it (manage.py drf_create_token).",
    )
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"API token {self.prefix}… of {self.member}"

    @staticmethod
    def new_key() -> str:
        # 160 random bits as 40 hex characters, the shape DRF's own tokens have.
        return secrets.token_hex(20)

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "active"


class SignIn(models.Model):
    """One browser sign-in: which session it is, so that "sign out everywhere" can end them all."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ins")
    session_key = models.CharField(max_length=40, db_index=True)
    started_at = models.DateTimeField(default=timezone.now)
    second_factor = models.CharField(max_length=20, blank=True, help_text='"totp", "backup_code" or empty.')
    remote_addr = models.CharField(max_length=45, null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.member} signed in {self.started_at:%Y-%m-%d %H:%M}"
