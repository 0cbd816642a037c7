"""Values kept between requests in the cache every application server shares, made stale at once
by the writes they depend on.

Each kept value depends on one or more **tokens** (say, "this user" or "the unit tree"). A write
that changes what the value was read from renews its tokens: a new random token now, and again
when the transaction commits, since a request that read the old rows before the commit may have
kept them meanwhile. A value is stored with the tokens it was read under and used only while they
are still current; the value and its tokens come in one round trip.

Only a cache that every server shares may keep them: a change must reach every process at once (a
role withdrawn, a unit moved), and a process's own cache would hide it from the others. So values
are kept only when settings.SHARED_CACHE_SECONDS is above 0, which the settings set with Redis;
otherwise `kept` reads every time.

Writes that bypass the model's signals (`QuerySet.update`, raw SQL) renew nothing; the expiry
bounds what such a write from outside leaves behind, and every value also depends on one token of
all (`EVERYTHING`), which `luoshi kept forget` renews: after a database is restored, say. A token
the cache has evicted (or never held) is set anew before it is used, so no value is ever kept
under an absent token, which an eviction could bring back.

A value too large to fetch from the cache on every request, or costly to unpickle (a drawn form
of 400 options), is kept in the process instead (`kept_here`), under the same tokens: the tokens
still come from the shared cache, so a write on any server makes every process's copy stale, and
it too is read again after SHARED_CACHE_SECONDS.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_TOKEN_PREFIX = "kept-token:"
EVERYTHING = "everything"


def shared_cache_seconds() -> int:
    return int(getattr(settings, "SHARED_CACHE_SECONDS", 0) or 0)


def kept(key: str, tokens: Sequence[str], load: Callable[[], T | None]) -> T | None:
    """The value kept under `key` if it was read under the current `tokens`; else `load()`, kept
    (unless None) for the next request. Without a shared cache, `load()` every time."""
    seconds = shared_cache_seconds()
    if not seconds:
        return load()
    token_keys = _token_keys(tokens)
    found = cache.get_many([key, *token_keys])
    current = _current(token_keys, found)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]  # type: ignore[no-any-return]
    value = load()
    if value is not None:
        cache.set(key, (current, value), timeout=seconds)
    return value


# How many values a process keeps (`kept_here`): past it the memory is emptied and refilled.
KEPT_HERE = 256
_here: dict[tuple[Hashable, tuple[str, ...]], tuple[float, Any]] = {}


def kept_here(key: Hashable, tokens: Sequence[str], load: Callable[[], T]) -> T:
    """As `kept`, but the value stays in this process: only the tokens are read from the shared
    cache (one round trip). Without a shared cache, `load()` every time. Like a value in the
    shared cache, it is read again after SHARED_CACHE_SECONDS whatever the tokens say, which
    bounds what a write around the signals leaves behind."""
    seconds = shared_cache_seconds()
    if not seconds:
        return load()
    token_keys = _token_keys(tokens)
    entry_key = (key, _current(token_keys, cache.get_many(token_keys)))
    now = time.monotonic()
    entry = _here.get(entry_key)
    if entry is not None and now - entry[0] < seconds:
        return entry[1]  # type: ignore[no-any-return]
    value = load()
    if len(_here) >= KEPT_HERE:
        _here.clear()
    _here[entry_key] = (now, value)
    return value


def _token_keys(tokens: Sequence[str]) -> list[str]:
    return [_TOKEN_PREFIX + token for token in (EVERYTHING, *tokens)]


def _current(token_keys: list[str], found: dict[str, Any]) -> tuple[str, ...]:
    """The tokens' current values from `found`; a token the cache lacks is set first (by `add`,
    so that two servers doing it at once agree on one)."""
    missing = [k for k in token_keys if k not in found]
    if missing:
        for k in missing:
            cache.add(k, uuid.uuid4().hex, timeout=None)
        found = {**found, **cache.get_many(missing)}
    return tuple(str(found.get(k, "")) for k in token_keys)


def renew(*tokens: str) -> None:
    """Make every value kept under any of `tokens` stale: now, and again at the commit."""
    if not shared_cache_seconds() or not tokens:
        return
    token_keys = [_TOKEN_PREFIX + token for token in tokens]

    def new_tokens() -> None:
        cache.set_many({k: uuid.uuid4().hex for k in token_keys}, timeout=None)

    new_tokens()
    transaction.on_commit(new_tokens)


def renewed_by_writes(token: str, *sources: type[models.Model]) -> None:
    """Renew `token` whenever a row of one of `sources` is saved or deleted through the ORM (a
    cascade included). Bulk writes send no signals: the service that makes one renews the token
    itself."""
    def renew_token(**_kwargs: Any) -> None:
        renew(token)

    for source in sources:
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            # weak=False: nothing else holds this function, which a weak reference would lose.
            signal.connect(renew_token, sender=source, weak=False,
                           dispatch_uid=f"kept-{token}-{source._meta.label}-{name}")
