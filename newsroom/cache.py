"""Django's own RedisCache, with one redis-py client per connection pool, and a variant for
parts of pages that keeps the most used in each process and survives Redis going down.

Django builds a new `redis.Redis` object for every cache call. Building one sets up its
command table, which costs more than the round trip to Redis itself: on a cached page that
is most of the time spent. The pools, connections and everything else stay Django's.
"""

import logging

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

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
    """The cache for parts of pages ({% cache %} fragments, cards, list totals).

    Every key it is given names a version of what the part shows (articles/fragments.py), so
    the value under a key never changes. Each process therefore keeps the parts it used last
    in its own memory too, in front of Redis: a page whose parts are all there reads none of
    them from Redis. OPTIONS["MEMORY_ENTRIES"] is how many it keeps (0: none).

    When Redis is down a part is rendered afresh and the page still answers, where Django's
    backend would raise and fail the page.
    """

    # How long a part stays in a process's memory; only bounds memory, as keys are versions.
    MEMORY_SECONDS = 600

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        entries = options.pop("MEMORY_ENTRIES", 0)
        super().__init__(server, {**params, "OPTIONS": options})
        self.memory = None
        if entries:
            # Each LocMemCache name is one store; this instance's own, per process.
            self.memory = LocMemCache(
                f"fragment-memory-{id(self)}",
                {"TIMEOUT": self.MEMORY_SECONDS, "OPTIONS": {"MAX_ENTRIES": entries}},
            )

    def get(self, key, default=None, version=None):
        return self.get_many([key], version).get(key, default)

    def get_many(self, keys, version=None):
        found = self.memory.get_many(keys, version) if self.memory else {}
        missing = [key for key in keys if key not in found]
        if missing:
            try:
                from_redis = super().get_many(missing, version)
            except Exception:
                logger.warning(
                    "Fragment cache unavailable; rendering %d afresh", len(missing), exc_info=True
                )
                from_redis = {}
            if self.memory and from_redis:
                self.memory.set_many(from_redis, version=version)
            found.update(from_redis)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # A timeout of 0 ({% cache 0 %}, as previews and NEWSROOM_FRAGMENT_CACHE_SECONDS=0
        # give) keeps nothing, here as in Redis.
        if self.memory and timeout != 0:
            self.memory.set_many(data, version=version)
        try:
            return super().set_many(data, timeout, version)
        except Exception:
            logger.warning("Could not store %d fragments", len(data), exc_info=True)
            return list(data)

    def delete(self, key, version=None):
        if self.memory:
            self.memory.delete(key, version)
        return super().delete(key, version)

    def clear(self):
        if self.memory:
            self.memory.clear()
        return super().clear()
