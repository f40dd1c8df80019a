"""Django's RedisCache, made to degrade when Redis is down or slow, with one redis-py client
per connection pool.

A cache only saves work here: what is current is decided by the content generation in the database
(articles/caching.py), never by what the cache holds or fails to delete. So when Redis refuses
or stops answering, RedisCache waits at most its short socket timeouts, reads as a miss,
drops writes, and leaves Redis alone for OPTIONS["RETRY_SECONDS"] (each process, each
thread's cache): pages are rendered instead, none fails or stalls.

Django builds a new `redis.Redis` object for every cache call. Building one sets up its
command table, which costs more than the round trip to Redis itself: on a cached page that
is most of the time spent. The pools, connections and everything else stay Django's.
"""

import logging
import time

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis refused, reset, or did not answer within the socket timeouts.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # redis-py clients are thread-safe; each call still takes a connection from the pool.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """Django's RedisCache, for which an unreachable Redis is an empty one that keeps nothing.

    OPTIONS are Django's (passed on to redis-py's connection pool), plus RETRY_SECONDS: how
    long Redis is left alone after it failed to answer. Without socket timeouts in OPTIONS,
    the ones below apply: redis-py's own default waits for ever.
    """

    CONNECT_TIMEOUT = 0.25
    TIMEOUT = 0.5
    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": self.CONNECT_TIMEOUT,
            "socket_timeout": self.TIMEOUT,
            **params.get("OPTIONS", {}),
        }
        self.retry_seconds = options.pop("RETRY_SECONDS", self.RETRY_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = RedisCacheClient
        self._down_until = 0.0

    def _call(self, method, fallback, *args):
        """`method` of Django's RedisCache, or `fallback` when Redis cannot answer."""
        if self._down_until and time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(django_redis.RedisCache, method)(self, *args)
        except UNREACHABLE as error:
            self._down_until = time.monotonic() + self.retry_seconds
            logger.warning(
                "Redis at %s unavailable (%s: %s); cache skipped for %s s",
                self._servers[0],
                type(error).__name__,
                error,
                self.retry_seconds,
            )
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        value = self._call("incr", None, key, delta, version)
        if value is None:
            # As for a key that is not there: callers of incr() already handle that.
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return value
