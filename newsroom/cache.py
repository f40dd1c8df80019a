"""Django's own RedisCache, with one redis-py client per connection pool.

Django builds a new `redis.Redis` object for every cache call. Building one sets up its
command table, which costs more than the round trip to Redis itself: on a cached page that
is most of the time spent. The pools, connections and everything else stay Django's.
"""

from django.core.cache.backends import redis as django_redis


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
