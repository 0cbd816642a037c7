"""The sign-in backend: Django's, reading the user's person record with the user.

Every signed-in request loads the user from the session and then, to know the role, unit and
office, the person record (`offices.person_of`). Read together they are one query instead of
two; on a cached page such as the battle map's figures those two queries were most of the
request's time (docs/performance.md, "Province scale").
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PersonModelBackend(ModelBackend):
    """ModelBackend whose `get_user` joins the person record (absent: the user has none, as before)."""

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("person").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
