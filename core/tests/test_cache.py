"""The shared Redis cache reuses one redis-py client per pool, and still behaves as Django's cache."""

import os
import threading

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from bench.stack import redis_unreachable
from core.cache import RedisCache

REDIS_URL = f"redis://127.0.0.1:6379/{8 if os.environ.get('PYTEST_XDIST_WORKER') == 'gw1' else 7}"

pytestmark = pytest.mark.skipif(bool(redis_unreachable(REDIS_URL)), reason=redis_unreachable(REDIS_URL) or "-")


@pytest.fixture
def cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "test-cache"})
    backend.clear()
    yield backend
    backend.clear()


def test_one_client_serves_every_call(cache):
    clients = {id(cache._cache.get_client(key, write=write)) for key in ("a", "b") for write in (False, True)}
    assert len(clients) == 1
    # Django's own backend builds a new client each time: what this one saves.
    django = DjangoRedisCache(REDIS_URL, {})
    assert django._cache.get_client("a") is not django._cache.get_client("a")


def test_it_keeps_the_cache_api(cache):
    cache.set("terms", 7, 60)
    assert cache.get("terms") == 7
    assert cache.add("terms", 8) is False and cache.get("terms") == 7
    assert cache.get_many(["terms", "missing"]) == {"terms": 7}
    cache.delete("terms")
    assert cache.get("terms", "gone") == "gone"


def test_threads_share_the_client_safely(cache):
    cache.set("count", 0)

    def bump() -> None:
        for _ in range(50):
            cache.incr("count")

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("count") == 400
