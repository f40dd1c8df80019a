"""Django's own RedisCache, with one redis-py client per connection pool, and a variant for
template fragments that survives Redis going down.

Django builds a new `redis.Redis` object for every cache call. Building one sets up its
command table, which costs more than the round trip to Redis itself: on a cached page that
is most of the time spent. The pools, connections and everything else stay Django's.
"""

import logging

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)


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
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


class FragmentCache(RedisCache):
    """The cache for {% cache %} fragments: when Redis is down a fragment is rendered afresh,
    and the page still answers, where Django's backend would raise and fail the page."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except Exception:
            logger.warning("Fragment cache unavailable; rendering %s afresh", key, exc_info=True)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except Exception:
            logger.warning("Could not store fragment %s", key, exc_info=True)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except Exception:
            logger.warning(
                "Fragment cache unavailable; rendering %d afresh", len(keys), exc_info=True
            )
            return {}

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except Exception:
            logger.warning("Could not store %d fragments", len(data), exc_info=True)
            return list(data)
