"""Issuing and revoking API tokens, and recording security events."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.api.models import ApiToken, SecurityEvent, SecurityEventKind, TokenScope
from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.ledger.choices import Role
from luoshi.ledger.permissions import role_of

logger = logging.getLogger("luoshi.security")

MAX_TOKEN_DAYS = 365


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from (REMOTE_ADDR; behind a proxy, the proxy's unless it rewrites it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def security_event(*, kind: str, user: Any = None, username: str = "", request: HttpRequest | None = None,
                   **detail: Any) -> SecurityEvent:
    """Record one account or token event in the database and as a JSON log line."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    name = username or (user.get_username() if user is not None else "")
    event = SecurityEvent.objects.create(kind=kind, user=user, username=name[:150],
                                         ip_address=client_address(request), detail=detail)
    logger.info("security_event", extra={"event": kind, "username": event.username, "user_id": event.user_id,
                                          "ip_address": event.ip_address, **{f"detail_{k}": v for k, v in detail.items()}})
    return event


def is_account_admin(user: Any) -> bool:
    return role_of(user) == Role.ADMIN or bool(getattr(user, "is_superuser", False))


def tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    """An admin sees every token; everyone else only their own."""
    tokens = ApiToken.objects.select_related("user", "created_by")
    return tokens if is_account_admin(user) else tokens.filter(user=user)


def _may_manage(actor: Any, owner: Any) -> bool:
    return getattr(actor, "is_authenticated", False) and (actor.pk == owner.pk or is_account_admin(actor))


@transaction.atomic
def token_issue(*, actor: Any, user: Any, name: str, scope: str, expires_at: datetime,
                request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """Issue a named token for `user` (oneself, or anyone for an admin). Returns the token and its secret."""
    if not _may_manage(actor, user):
        raise PermissionDenied(_("只有管理员可以为他人签发接口令牌。"))
    if not user.is_active:
        raise DomainError(_("该账号已停用,不能签发令牌。"), field="user")
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写令牌用途。"), field="name")
    if len(name) > 100:
        raise DomainError(_("令牌用途不能超过 100 个字符。"), field="name")
    if scope not in TokenScope.values:
        raise DomainError(_("令牌权限只能是只读或读写。"), field="scope")
    now = timezone.now()
    if timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if expires_at <= now:
        raise DomainError(_("到期时间必须晚于现在。"), field="expires_at")
    if expires_at > now + timedelta(days=MAX_TOKEN_DAYS):
        raise DomainError(_("令牌有效期最长一年。"), field="expires_at")
    token, raw = ApiToken.issue(user=user, name=name, scope=scope, expires_at=expires_at, created_by=actor)
    security_event(kind=SecurityEventKind.TOKEN_ISSUED, user=actor, request=request, token_id=token.pk,
                   token_name=name, token_user=user.get_username(), scope=scope,
                   expires_at=expires_at.isoformat())
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken, request: HttpRequest | None = None) -> ApiToken:
    """Revoke a token at once (its owner or an admin). Revoking a revoked token changes nothing."""
    if not _may_manage(actor, token.user):
        raise PermissionDenied(_("只有令牌所有人或管理员可以吊销令牌。"))
    if token.revoked:
        return token
    token.revoked = True
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked", "revoked_at", "updated_at"])
    security_event(kind=SecurityEventKind.TOKEN_REVOKED, user=actor, request=request, token_id=token.pk,
                   token_name=token.name, token_user=token.user.get_username())
    return token
