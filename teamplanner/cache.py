"""The Redis cache, degrading to "no cache" while Redis is unreachable.

Nothing the app keeps in the cache is needed to serve a request: forecast inputs are recomputed and
log-in and API rate limits are not counted while Redis is down (a warning is logged each time), so
a broker or cache outage never stops people from signing in, reading pages or submitting answers.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade(name: str, fallback):
    method = getattr(RedisCache, name)

    def safe(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            logger.warning("Cache unreachable, %s skipped: %s", name, exc)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    safe.__name__ = name
    safe.__doc__ = method.__doc__
    return safe


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose reads miss and writes are dropped while Redis cannot be reached."""

    get = _degrade("get", lambda key, default=None, version=None: default)
    get_many = _degrade("get_many", {})
    has_key = _degrade("has_key", False)
    add = _degrade("add", False)
    set = _degrade("set", None)
    set_many = _degrade("set_many", lambda data, *args, **kwargs: list(data))
    touch = _degrade("touch", False)
    delete = _degrade("delete", False)
    delete_many = _degrade("delete_many", None)
    clear = _degrade("clear", False)
