"""Issuing, finding and checking API tokens (the model is teamplanner.models.ApiToken)."""

import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import PREFIX_LENGTH, ApiToken, key_digest, password_stamp

# The lifetimes a user may choose, in days (None: until revoked).
LIFETIMES = {"30": 30, "90": 90, "365": 365, "never": None}


def token_issue(*, user, days: int | None = None) -> str:
    """Replace `user`'s token with a new one valid for `days` (None: until revoked); returns the key.

    The key itself is not stored: this is the only time anyone sees it.
    """
    key = secrets.token_hex(20)
    expires_at = timezone.now() + timedelta(days=days) if days else None
    with transaction.atomic():
        ApiToken.objects.filter(user=user).delete()
        ApiToken.objects.create(
            user=user,
            prefix=key[:PREFIX_LENGTH],
            digest=key_digest(key),
            password_stamp=password_stamp(user.password),
            expires_at=expires_at,
        )
    return key


def token_revoke(*, user) -> bool:
    """Delete `user`'s token; whether there was one."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return bool(deleted)


def token_for(user) -> ApiToken | None:
    """`user`'s token while it is valid; a token made under an earlier password is deleted here."""
    token = ApiToken.objects.filter(user=user).select_related("user").first()
    if token is not None and token.password_stamp != password_stamp(user.password):
        token.delete()
        return None
    return token


def token_find(key: str) -> ApiToken | None:
    """The token whose key is `key`, compared in constant time, or None."""
    digest = key_digest(key)
    for token in ApiToken.objects.filter(prefix=key[:PREFIX_LENGTH]).select_related("user"):
        if hmac.compare_digest(token.digest, digest):
            return token
    return None


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against the stored digest, the expiry and the user's password."""

    def authenticate_credentials(self, key):
        token = token_find(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.password_stamp != password_stamp(token.user.password):
            token.delete()  # the password changed since the token was made
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.expired:
            raise exceptions.AuthenticationFailed("Token has expired.")
        return token.user, token
