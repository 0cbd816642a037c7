"""Session or bearer-token authentication; anonymous requests get 401, never data.

A token acts as its user until it expires or is revoked; a read-only token may only read
(GET, HEAD, OPTIONS): any other method gets 403 whatever its user's role.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from luoshi.api.models import ApiToken, TokenScope, hash_token
from luoshi.core.errors import PermissionDenied

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        record = (ApiToken.objects.select_related("user")
                  .filter(Q(expires_at=None) | Q(expires_at__gt=now), key_hash=hash_token(token), revoked=False)
                  .first())
        if record is None or not record.user.is_active:
            return None
        if record.scope == TokenScope.READ and request.method not in READ_METHODS:
            raise PermissionDenied(_("只读令牌不能修改数据,请使用读写令牌。"), code="read_only_token")
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.user
        request.api_token = record  # type: ignore[attr-defined]
        return record.user


AUTH = [TokenAuth(), django_auth]
