"""Rate limits: API requests made with a token, and failed log-in attempts.

Both count in the Django cache (Redis when REDIS_URL is set, so every web process shares the
counts). Rates are "<n>/<sec|min|hour|day>" strings in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class TokenRateThrottle(UserRateThrottle):
    """Limits requests authenticated with an API token (scope `token`); browser sessions are not limited."""

    scope = "token"

    def allow_request(self, request, view):
        if not isinstance(request.auth, Token):
            return True
        return super().allow_request(request, view)


def _login_rate() -> tuple[int, int]:
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("login") or "10/min"
    num, duration = SimpleRateThrottle.parse_rate(None, rate)
    return num, duration


def _login_key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{(username or '').strip().lower()}|{ip}".encode()).hexdigest()
    return f"throttle:login:{digest}"


@dataclass(frozen=True)
class LoginBlock:
    """Failed log-ins for one username from one address are over the limit until `until` (epoch seconds)."""

    until: float

    @property
    def seconds_left(self) -> int:
        return max(1, int(self.until - time.time()) + 1)

    @property
    def message(self) -> str:
        seconds = self.seconds_left
        wait = f"{seconds} seconds" if seconds < 120 else f"{round(seconds / 60)} minutes"
        return f"Too many failed log-in attempts for this username. Please wait {wait} and try again."


def login_block(username: str, ip: str) -> LoginBlock | None:
    """The block on `username` from `ip`, or None when another attempt is allowed."""
    limit, window = _login_rate()
    failures = [t for t in cache.get(_login_key(username, ip), []) if t > time.time() - window]
    if len(failures) < limit:
        return None
    return LoginBlock(until=min(failures) + window)


def login_failed(username: str, ip: str) -> None:
    """Count a failed attempt (a sliding window of the last `window` seconds)."""
    limit, window = _login_rate()
    key = _login_key(username, ip)
    now = time.time()
    failures = [t for t in cache.get(key, []) if t > now - window]
    failures.append(now)
    cache.set(key, failures[-limit:], window)


def login_succeeded(username: str, ip: str) -> None:
    cache.delete(_login_key(username, ip))
