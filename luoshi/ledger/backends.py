"""The sign-in backend: Django's, reading the user's person record with the user, kept between
requests in the shared cache where there is one.

Every signed-in request loads the user from the session and then, to know the role, unit and
office, the person record (`offices.person_of`). Read together they are one query instead of
two; on a cached page such as the battle map's figures that query was still about half the
request's time (docs/performance.md, "Province scale").

So, with Redis, the pair is kept there (core.kept) under the user's token, which every save or
delete of the user or their person renews: a role withdrawn, an account deactivated or a
password changed is seen on the next request, on every server.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from luoshi.core.kept import kept, renew, shared_cache_seconds


def user_token(user_id: Any) -> str:
    return f"user:{user_id}"


def user_forget(user_id: Any) -> None:
    """Make every server read user `user_id` (and person) from the database on its next request."""
    if user_id is not None:
        renew(user_token(user_id))


def _load(user_id: Any) -> Any:
    user_model = get_user_model()
    try:
        return user_model._default_manager.select_related("person").get(pk=user_id)
    except (user_model.DoesNotExist, ValueError, TypeError):
        return None


class PersonModelBackend(ModelBackend):
    """ModelBackend whose `get_user` joins the person record (absent: the user has none, as before)
    and keeps the pair in the shared cache under the user's token."""

    def get_user(self, user_id: Any) -> Any:
        user = kept(f"auth-user:{user_id}", [user_token(user_id)], lambda: _load(user_id))
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None


def forget_saved_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete of the user model."""
    user_forget(instance.pk)


def forget_saved_person(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete of a person: their user's kept copy carries them."""
    user_forget(instance.user_id)


def forget_moved_person(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """pre_save of a person: a person moved to another user leaves the old user's copy stale."""
    if raw or instance.pk is None or not shared_cache_seconds():
        return
    before = sender._default_manager.filter(pk=instance.pk).values_list("user_id", flat=True).first()
    if before is not None and before != instance.user_id:
        user_forget(before)
