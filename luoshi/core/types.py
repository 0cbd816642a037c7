"""Type aliases shared by every app."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, TypedDict

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# Whoever acts: a signed-in account, the anonymous visitor, or None for the system (the
# scheduler, a command). Permission functions and services take this, never `Any`.
UserLike: TypeAlias = "User | AnonymousUser | None"


class DecimalDigits(TypedDict):
    """The size options of a DecimalField, kept once per kind of quantity and spread into it."""

    max_digits: int
    decimal_places: int
