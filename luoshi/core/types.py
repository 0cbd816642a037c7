"""Type aliases shared by every app."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Whoever acts: a signed-in account, the anonymous visitor, or None for the system (the
# scheduler, a command). Permission functions and services take this, never `Any`.
UserLike: TypeAlias = "AbstractBaseUser | AnonymousUser | None"
