"""Rate limits: API requests made with a token, and log-in attempts.

Every limit is a counter in the Django cache (Redis when REDIS_URL is set, so every web process shares
the counts), raised with an atomic increment *before* the request is served: of N parallel requests at
most the limit get through. A counter's window opens with its first hit and closes `window` seconds
later (the key's expiry), so a window never splits a burst at a clock boundary. Rates are
"<n>/<sec|min|hour|day>" strings in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]. While the cache is
unreachable nothing is counted (nothing the app keeps in the cache is needed to serve a request).
"""

import contextlib
import hashlib
import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from .cache import UNREACHABLE
from .models import ApiToken

logger = logging.getLogger(__name__)


# --- the client's address ---------------------------------------------------------------------------------


def _trusted(address: str, proxies) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_ip(request) -> str:
    """The address of the client: REMOTE_ADDR, unless that is one of the TRUSTED_PROXIES.

    Behind trusted proxies the client is the right-most address in X-Forwarded-For that is not a trusted
    proxy itself (the entries to its left were written by the client and prove nothing).
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = [ipaddress.ip_network(p, strict=False) for p in getattr(settings, "TRUSTED_PROXIES", [])]
    if not proxies or not _trusted(remote, proxies):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a trusted proxy would not write this: ignore the header
    return remote


# --- atomic counters --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A limit is reached until `until` (epoch seconds)."""

    until: float

    @property
    def seconds_left(self) -> int:
        return max(1, int(self.until - time.time()) + 1)

    @property
    def message(self) -> str:
        seconds = self.seconds_left
        wait = f"{seconds} seconds" if seconds < 120 else f"{round(seconds / 60)} minutes"
        return f"Too many failed log-in attempts. Please wait {wait} and try again."


def hit(key: str, limit: int, window: int) -> Block | None:
    """Count one hit on `key` atomically; a Block when this hit is past `limit` in the current window."""
    now = time.time()
    try:
        cache.add(f"{key}:since", now, window)
        count = None
        for _ in range(3):  # the key may expire between add() and incr()
            cache.add(key, 0, window)
            try:
                count = cache.incr(key)
                break
            except ValueError:
                continue
        if count is None or count <= limit:
            return None
        since = cache.get(f"{key}:since")
    except UNREACHABLE as exc:
        logger.warning("Cache unreachable, rate limit not counted: %s", exc)
        return None
    return Block(until=(since if since is not None else now) + window)


def _undo(key: str) -> None:
    with contextlib.suppress(ValueError, *UNREACHABLE):
        cache.decr(key)


def parse_rate(rate: str) -> tuple[int, int]:
    num, duration = SimpleRateThrottle.parse_rate(None, rate)
    return num, duration


class TokenRateThrottle(SimpleRateThrottle):
    """Limits requests authenticated with an API token (scope `token`), per user; sessions are not limited."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return f"throttle:token:{request.user.pk}"

    def allow_request(self, request, view):
        key = self.get_cache_key(request, view)
        if key is None or self.rate is None:
            return True
        self.block = hit(key, self.num_requests, self.duration)
        return self.block is None

    def wait(self):
        return self.block.seconds_left if getattr(self, "block", None) else None


# --- log-ins ------------------------------------------------------------------------------------------


def _rate(name: str, default: str) -> tuple[int, int]:
    return parse_rate(settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(name) or default)


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def login_keys(username: str, ip: str) -> tuple[str, str]:
    """The counters of a log-in: (this username from this address, any username from this address)."""
    username = (username or "").strip().lower()
    return f"throttle:login:{_digest(username, ip)}", f"throttle:login-address:{_digest(ip)}"


def login_attempt(username: str, ip: str) -> Block | None:
    """Count a log-in attempt before its password is checked; a Block when it must be refused.

    Limits: LOGIN_RATE attempts for one username from one address, LOGIN_ADDRESS_RATE attempts for any
    usernames from one address. A successful log-in takes its attempt back (`login_succeeded`).
    """
    user_key, address_key = login_keys(username, ip)
    user_block = hit(user_key, *_rate("login", "10/min"))
    address_block = hit(address_key, *_rate("login_address", "30/min"))
    blocks = [b for b in (user_block, address_block) if b is not None]
    return max(blocks, key=lambda b: b.until) if blocks else None


def login_succeeded(username: str, ip: str) -> None:
    """Clear the failures of this username from this address; the success does not count for the address."""
    user_key, address_key = login_keys(username, ip)
    cache.delete_many([user_key, f"{user_key}:since"])  # the cache drops this while unreachable
    _undo(address_key)
