"""The sign-in backend: Django's, reading the user's person record with the user, from the shared
cache where there is one.

Every signed-in request loads the user from the session and then, to know the role, unit and
office, the person record (`offices.person_of`). Read together they are one query instead of
two; on a cached page such as the battle map's figures that query was still about half the
request's time (docs/performance.md, "Province scale").

So, where the cache is shared by every application server (Redis: settings.USER_CACHE_SECONDS
is then above 0), the user and person are kept there between requests. A change must reach every
server at once (a role withdrawn, an account deactivated, a password changed), so each user has a
generation token beside the cached copy: every save or delete of the user or their person sets a
new token, now and again when the transaction commits, and a copy made under another token is
never used. Both are read in one round trip. A process's own cache (no Redis) would hide one
worker's change from the other, so there the user is read from the database every time.

Writes that bypass the model's signals (`QuerySet.update`, raw SQL) are not seen; the code makes
none to users and persons, and the copy's expiry bounds what such a write from outside leaves.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction


def _keys(user_id: Any) -> tuple[str, str]:
    return f"auth-user:{user_id}", f"auth-user-generation:{user_id}"


def user_cache_seconds() -> int:
    return int(getattr(settings, "USER_CACHE_SECONDS", 0) or 0)


def user_forget(user_id: Any) -> None:
    """Make every server read user `user_id` (and person) from the database on its next request:
    now, and again once the current transaction commits (a request that read the old rows before
    the commit may have cached them meanwhile)."""
    if not user_cache_seconds() or user_id is None:
        return
    _entry, generation = _keys(user_id)

    def new_generation() -> None:
        cache.set(generation, uuid.uuid4().hex, timeout=None)

    new_generation()
    transaction.on_commit(new_generation)


def _load(user_id: Any) -> Any:
    user_model = get_user_model()
    try:
        return user_model._default_manager.select_related("person").get(pk=user_id)
    except (user_model.DoesNotExist, ValueError, TypeError):
        return None


class PersonModelBackend(ModelBackend):
    """ModelBackend whose `get_user` joins the person record (absent: the user has none, as before)
    and keeps the pair in the shared cache under the user's generation token."""

    def get_user(self, user_id: Any) -> Any:
        seconds = user_cache_seconds()
        if not seconds:
            user = _load(user_id)
        else:
            entry_key, generation_key = _keys(user_id)
            found = cache.get_many([entry_key, generation_key])
            generation = found.get(generation_key, "")
            cached = found.get(entry_key)
            if cached is not None and cached[0] == generation:
                user = cached[1]
            else:
                user = _load(user_id)
                if user is not None:
                    cache.set(entry_key, (generation, user), timeout=seconds)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None


def forget_saved_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete of the user model."""
    user_forget(instance.pk)


def forget_saved_person(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete of a person: their user's cached copy carries them."""
    user_forget(instance.user_id)


def forget_moved_person(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """pre_save of a person: a person moved to another user leaves the old user's copy stale."""
    if raw or instance.pk is None or not user_cache_seconds():
        return
    before = sender._default_manager.filter(pk=instance.pk).values_list("user_id", flat=True).first()
    if before is not None and before != instance.user_id:
        user_forget(before)
