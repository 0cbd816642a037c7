"""Session or bearer-token authentication; anonymous requests get 401, never data.

A token acts as its user until it expires or is revoked; a read-only token may only read
(GET, HEAD, OPTIONS): any other method gets 403 whatever its user's role.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from luoshi.api.models import ApiToken, TokenScope, hash_token
from luoshi.core.errors import PermissionDenied

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# "Last used" is kept to the minute: writing the token's row on every request made every API
# call a write and a commit, and concurrent calls with one token queue on that row (the API list
# at 8 clients had a p95 three times its median).
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        # The user's person (role, unit, office) with them: every permission asks for it.
        record = (ApiToken.objects.select_related("user", "user__person")
                  .filter(Q(expires_at=None) | Q(expires_at__gt=now), key_hash=hash_token(token), revoked=False)
                  .first())
        if record is None or not record.user.is_active:
            return None
        if record.scope == TokenScope.READ and request.method not in READ_METHODS:
            raise PermissionDenied(_("只读令牌不能修改数据,请使用读写令牌。"), code="read_only_token")
        if record.last_used_at is None or now - record.last_used_at >= LAST_USED_RESOLUTION:
            # Conditional, so that of the concurrent requests that saw an old time one writes.
            (ApiToken.objects.filter(pk=record.pk)
             .filter(Q(last_used_at=None) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION))
             .update(last_used_at=now))
        request.user = record.user
        request.api_token = record  # type: ignore[attr-defined]
        return record.user


AUTH = [TokenAuth(), django_auth]
