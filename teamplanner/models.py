"""API tokens, stored as a SHA-256 digest: a leaked database or admin page reveals no usable key."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8


def key_digest(key: str) -> str:
    """The stored form of a key. Keys are 160 random bits, so a fast hash suffices (no salt, no stretching)."""
    return hashlib.sha256(key.encode()).hexdigest()


def password_stamp(password_hash: str) -> str:
    """A fingerprint of the user's password hash: a token made under another password is revoked."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


class ApiToken(models.Model):
    """One user's API token: the first characters of its key to look it up, the digest of the whole key."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    password_stamp = models.CharField(max_length=32)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def is_current(self) -> bool:
        """Not expired, and made under the user's current password."""
        return not self.expired and self.password_stamp == password_stamp(self.user.password)
