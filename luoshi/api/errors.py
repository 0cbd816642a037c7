"""One error shape for the whole API: {"code": ..., "message": ..., "field"?: ...}."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from luoshi.core.errors import DomainError


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        body = {"code": exc.code, "message": str(exc.message)}
        if exc.field:
            body["field"] = exc.field
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(ValidationError)
    def model_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        message = "; ".join(f"{' '.join(str(m) for m in msgs)}" for msgs in details.values())
        return api.create_response(request, {"code": "invalid", "message": message, "errors": details}, status=400)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"code": "unauthenticated", "message": _("请先登录或提供有效的接口令牌。")},
                                   status=401)

    @api.exception_handler(NinjaValidationError)
    def request_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(request, {"code": "invalid_request", "message": _("请求参数不正确。"),
                                             "errors": exc.errors}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"code": "error", "message": str(exc)}, status=exc.status_code)
