"""The account pages: a user's own API tokens (create, see once, revoke) and the password change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.api.models import SecurityEventKind
from luoshi.api.services import security_event, token_issue, token_revoke
from luoshi.core.errors import DomainError
from luoshi.web.forms import TokenForm


@login_required
def tokens_view(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = token_issue(
                actor=request.user, user=request.user, name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=timezone.now() + timedelta(days=form.cleaned_data["days"]), request=request)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            created = {"token": token, "raw": raw}
            form = TokenForm()
    tokens = request.user.api_tokens.order_by("-created_at")  # type: ignore[union-attr]
    response = render(request, "account/tokens.html", {"form": form, "tokens": tokens, "created": created})
    if created:
        response["Cache-Control"] = "no-store"  # the secret is on this page only
    return response


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk)  # type: ignore[union-attr]
    token_revoke(actor=request.user, token=token, request=request)
    messages.success(request, _("已吊销令牌“%(name)s”。") % {"name": token.name})
    return redirect("web:tokens")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("web:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        security_event(kind=SecurityEventKind.PASSWORD_CHANGED, user=self.request.user, request=self.request)
        return response
