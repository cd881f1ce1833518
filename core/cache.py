"""The shared Redis cache, with one redis-py client per connection pool instead of one per call.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and redis-py copies its
table of about 170 response callbacks into each new client: about 0.4 ms of CPU a call, and every
member page makes two or more (the session, the current terms). A client only wraps its pool and is
safe to share between threads, and the pool itself starts afresh after a fork, so one client per pool
does the same work for less.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class PooledClientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # Django's own, absent from the stubs
        client = self._clients.get(id(pool))
        if client is None:
            # Django's own attribute, absent from the stubs.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient
