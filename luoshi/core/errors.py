"""Domain errors that interfaces turn into clear messages.

A service raises `DomainError` (or a subclass) with a translated message and a stable code;
views show the message, the API returns it as `{"code", "message"}` with the given status.
`PermissionDenied` and `NotFound` are also Django's own 403 and 404, so a page that lets one
through answers exactly as the API does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404


class DomainError(Exception):
    """A rule of the domain refused an action."""

    status_code = 400

    def __init__(self, message: Any, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field


class PermissionDenied(DomainError, DjangoPermissionDenied):
    """The acting user's role does not allow the action (a 403 page, or 403 from the API)."""

    status_code = 403

    def __init__(self, message: Any, *, code: str = "forbidden") -> None:
        super().__init__(message, code=code)


class NotFound(DomainError, Http404):
    """The object does not exist or the user may not see it (a 404 page, or 404 from the API)."""

    status_code = 404

    def __init__(self, message: Any, *, code: str = "not_found") -> None:
        super().__init__(message, code=code)


class Conflict(DomainError):
    """Another user changed the object since it was read (optimistic locking)."""

    status_code = 409

    def __init__(self, message: Any, *, code: str = "conflict") -> None:
        super().__init__(message, code=code)
