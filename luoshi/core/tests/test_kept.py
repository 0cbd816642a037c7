"""Values kept between requests in the shared cache (core.kept): used while their tokens are
current, read again as soon as a write renews one, even a write still in its transaction."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.db import transaction

from luoshi.core.kept import kept, kept_here, renew

pytestmark = pytest.mark.django_db


class Source:
    """A value read from somewhere, counting its reads."""

    def __init__(self, value: Any) -> None:
        self.value, self.reads = value, 0

    def __call__(self) -> Any:
        self.reads += 1
        return self.value


def test_without_a_shared_cache_every_request_reads(settings: Any) -> None:
    settings.SHARED_CACHE_SECONDS = 0
    source = Source("甲")
    assert [kept("k", ["t"], source) for _ in range(3)] == ["甲"] * 3 and source.reads == 3


def test_a_kept_value_is_read_once_until_one_of_its_tokens_is_renewed(shared_cache: None) -> None:
    source = Source({"units": [1, 2]})
    assert kept("k", ["a", "b"], source) == {"units": [1, 2]}
    assert kept("k", ["a", "b"], source) == {"units": [1, 2]} and source.reads == 1
    renew("c")  # another token: nothing here depends on it
    kept("k", ["a", "b"], source)
    assert source.reads == 1
    source.value = {"units": [1, 2, 3]}
    renew("b")
    assert kept("k", ["a", "b"], source) == {"units": [1, 2, 3]} and source.reads == 2
    assert kept("k", ["a", "b"], source) == {"units": [1, 2, 3]} and source.reads == 2


def test_nothing_is_kept_for_none(shared_cache: None) -> None:
    source = Source(None)
    kept("k", ["t"], source)
    kept("k", ["t"], source)
    assert source.reads == 2


def test_a_value_read_before_the_commit_is_not_used_after_it(
        shared_cache: None, django_capture_on_commit_callbacks: Any) -> None:
    # A request reads the old rows while a change is not yet committed, and keeps them: the
    # token renewed again at the commit makes that copy stale.
    source = Source("旧")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            renew("t")  # the write's own renewal, inside its transaction
            assert kept("k", ["t"], source) == "旧"  # the other request, reading before the commit
            source.value = "新"
    assert kept("k", ["t"], source) == "新"


def test_through_redis_a_renewal_on_one_server_reaches_another(settings: Any) -> None:
    # Two servers: two cache clients on the same Redis database, as REDIS_URL gives them.
    settings.SHARED_CACHE_SECONDS = 300
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    first, second = Source(frozenset({1, 2})), Source(frozenset({1, 2, 3}))
    try:
        assert kept("scope", ["tree"], first) == frozenset({1, 2})
        other_server = caches.create_connection("default")
        assert other_server.get("scope")[1] == frozenset({1, 2})
        other_server.set("kept-token:tree", "renewed elsewhere")
        assert kept("scope", ["tree"], second) == frozenset({1, 2, 3})
    finally:
        cache.delete_many(["scope", "kept-token:tree", "kept-token:everything"])


def test_the_command_makes_every_kept_value_stale(shared_cache: None) -> None:
    from django.core.management import call_command

    users, scopes = Source("用户"), Source("范围")
    kept("a", ["user:1"], users)
    kept("b", ["unit-tree"], scopes)
    call_command("kept", "forget")
    kept("a", ["user:1"], users)
    kept("b", ["unit-tree"], scopes)
    assert users.reads == 2 and scopes.reads == 2


def test_a_value_kept_in_the_process_is_read_once_until_one_of_its_tokens_is_renewed(shared_cache: None) -> None:
    source = Source(["甲"])
    assert kept_here(("k", 1), ["a"], source) == ["甲"]
    assert kept_here(("k", 1), ["a"], source) is source.value and source.reads == 1
    kept_here(("k", 2), ["a"], source)  # another key
    assert source.reads == 2
    renew("a")
    kept_here(("k", 1), ["a"], source)
    assert source.reads == 3


def test_a_value_kept_in_the_process_follows_a_renewal_made_on_another_server(shared_cache: None) -> None:
    source = Source("甲")
    kept_here("k", ["t"], source)
    cache.set("kept-token:t", "renewed elsewhere")  # what another server's renew() leaves
    kept_here("k", ["t"], source)
    assert source.reads == 2


def test_a_value_kept_in_the_process_is_read_again_after_the_shared_caches_time(settings: Any,
                                                                                 shared_cache: None) -> None:
    # A write around the signals renews no token: the time bounds what it leaves, as in the cache.
    import time

    settings.SHARED_CACHE_SECONDS = 1
    source = Source("甲")
    kept_here("k", ["t"], source)
    kept_here("k", ["t"], source)
    assert source.reads == 1
    time.sleep(1.1)
    kept_here("k", ["t"], source)
    assert source.reads == 2


def test_without_a_shared_cache_nothing_is_kept_in_the_process(settings: Any) -> None:
    settings.SHARED_CACHE_SECONDS = 0
    source = Source("甲")
    kept_here("k", ["t"], source)
    kept_here("k", ["t"], source)
    assert source.reads == 2


@pytest.mark.parametrize("keep", [kept, kept_here])
def test_a_token_the_cache_lost_is_set_anew_so_no_old_value_comes_back(shared_cache: None, keep: Any) -> None:
    # A value kept while its token was absent would match again whenever the token was evicted:
    # an absent token is set before it is used instead.
    source = Source("旧")
    cache.delete("kept-token:t")
    keep("k", ["t"], source)
    assert cache.get("kept-token:t")
    source.value = "新"
    cache.delete("kept-token:t")  # evicted
    assert keep("k", ["t"], source) == "新" and source.reads == 2
