"""Logins, failed logins, lockouts and logouts become security events."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from luoshi.api.models import SecurityEventKind
from luoshi.api.services import security_event
from luoshi.core.middleware import mark_session_renewed


@receiver(user_logged_in, dispatch_uid="luoshi_security_login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_session_renewed(request.session)
    security_event(kind=SecurityEventKind.LOGIN, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="luoshi_security_login_failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    security_event(kind=SecurityEventKind.LOGIN_FAILED, username=str(credentials.get("username") or ""),
                   request=request)


@receiver(user_locked_out, dispatch_uid="luoshi_security_locked_out")
def on_locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    security_event(kind=SecurityEventKind.LOCKED_OUT, username=username or "", request=request)


@receiver(user_logged_out, dispatch_uid="luoshi_security_logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_event(kind=SecurityEventKind.LOGOUT, user=user, request=request)
