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
all (`EVERYTHING`), which `luoshi kept forget` renews: after a database is restored, say. A token evicted by the cache reads as absent,
which is its own value: a value kept under a token that has since been renewed never matches again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

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
    token_keys = [_TOKEN_PREFIX + token for token in (EVERYTHING, *tokens)]
    found = cache.get_many([key, *token_keys])
    current = tuple(found.get(k, "") for k in token_keys)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]  # type: ignore[no-any-return]
    value = load()
    if value is not None:
        cache.set(key, (current, value), timeout=seconds)
    return value


def renew(*tokens: str) -> None:
    """Make every value kept under any of `tokens` stale: now, and again at the commit."""
    if not shared_cache_seconds() or not tokens:
        return
    token_keys = [_TOKEN_PREFIX + token for token in tokens]

    def new_tokens() -> None:
        cache.set_many({k: uuid.uuid4().hex for k in token_keys}, timeout=None)

    new_tokens()
    transaction.on_commit(new_tokens)
