"""Tokens are issued through the service (the secret is shown once); security events are read-only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.api.models import ApiToken, SecurityEvent
from luoshi.api.services import token_issue, token_revoke
from luoshi.core.errors import DomainError


def default_expiry() -> Any:
    return timezone.now() + timedelta(days=90)


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "scope", "expires_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].required = True
        self.fields["expires_at"].initial = default_expiry


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "scope", "prefix", "expires_at", "last_used_at", "revoked", "created_at"]
    list_filter = ["scope", "revoked"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "scope", "expires_at", "prefix", "key_hash", "created_by", "last_used_at",
                       "revoked", "revoked_at", "created_at"]
    actions = ["revoke_selected"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ApiTokenAddForm.Meta.fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return  # a token is never edited: revoke it and issue another
        assert obj.expires_at is not None  # the add form requires it
        token, raw = token_issue(actor=request.user, user=obj.user, name=obj.name, scope=obj.scope,
                                 expires_at=obj.expires_at, request=request)
        obj.pk = token.pk
        obj.__dict__.update({k: v for k, v in token.__dict__.items() if not k.startswith("_")})
        messages.warning(request, _("令牌只显示这一次,请立即复制保存:%(raw)s") % {"raw": raw})

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"expires_at": default_expiry()}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("吊销所选令牌"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            try:
                token_revoke(actor=request.user, token=token, request=request)
            except DomainError as exc:
                messages.error(request, str(exc.message))
                return
        messages.success(request, _("已吊销 %(n)d 个令牌。") % {"n": queryset.count()})


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "username", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
