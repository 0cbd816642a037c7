"""Tokens through the API, for admins: list, issue (the secret is in this one response) and revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from luoshi.api.models import ApiToken, TokenScope
from luoshi.api.services import is_account_admin, token_issue, token_revoke, tokens_visible_to
from luoshi.core.errors import PermissionDenied

router = Router()


class TokenOut(Schema):
    id: int
    name: str
    username: str
    scope: TokenScope
    prefix: str
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool
    created_at: datetime


class TokenCreatedOut(TokenOut):
    token: str = Field(description="令牌原文,仅此一次返回")


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    name: str = Field(min_length=1, max_length=100)
    scope: TokenScope = TokenScope.READ
    expires_at: datetime


def _out(token: ApiToken) -> dict[str, Any]:
    return {"id": token.pk, "name": token.name, "username": token.user.get_username(), "scope": token.scope,
            "prefix": token.prefix, "expires_at": token.expires_at, "last_used_at": token.last_used_at,
            "revoked": token.revoked, "created_at": token.created_at}


def _require_admin(request: HttpRequest) -> None:
    if not is_account_admin(request.user):
        raise PermissionDenied(_("只有管理员可以通过接口管理令牌。"))


@router.get("", response=list[TokenOut], summary="接口令牌列表(管理员)")
def tokens(request: HttpRequest) -> Any:
    _require_admin(request)
    return [_out(t) for t in tokens_visible_to(request.user)[:1000]]


@router.post("", response={201: TokenCreatedOut}, summary="签发接口令牌(管理员;原文只返回一次)")
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    _require_admin(request)
    user = get_object_or_404(get_user_model(), username=payload.username)
    token, raw = token_issue(actor=request.user, user=user, name=payload.name, scope=payload.scope,
                             expires_at=payload.expires_at, request=request)
    return Status(201, {**_out(token), "token": raw})


@router.post("/{int:token_id}/revoke", response=TokenOut, summary="吊销接口令牌(管理员)")
def token_revoke_endpoint(request: HttpRequest, token_id: int) -> Any:
    _require_admin(request)
    token = get_object_or_404(tokens_visible_to(request.user), pk=token_id)
    return _out(token_revoke(actor=request.user, token=token, request=request))
