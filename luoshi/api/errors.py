"""One error shape for the whole API: {"code": ..., "message": ..., "field"?: ..., "errors"?: ...}.

Every operation's OpenAPI description lists the error statuses the handlers below can give
(`ERROR_STATUSES`), with this shape, so a client can rely on the description.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from luoshi.core.errors import DomainError

logger = logging.getLogger("luoshi.api")


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    errors: Any = None


# Status -> what it means, as the description says it. 401 only where authentication applies.
ERROR_STATUSES: dict[int, str] = {
    400: "请求内容不符合业务规则,或含有控制字符",
    401: "未登录或令牌无效",
    403: "无权执行此操作(只读令牌的写操作亦然)",
    404: "不存在或无权查看",
    409: "已被他人修改或状态冲突",
    422: "请求参数格式不正确",
    500: "服务器内部错误(已记录)",
}


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error statuses with the error shape to every operation of an OpenAPI document."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema()
    reference = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                if status == 401 and not operation.get("security"):
                    continue
                key = status if status in responses else str(status) if str(status) in responses else None
                if key is None:
                    responses[status] = {"description": description, **reference}
                    continue
                # The operation declares this status with its own shape (an import's problems, say);
                # the error handlers may answer it too, so either shape is allowed.
                content = responses[key].setdefault("content", {}).setdefault("application/json", {})
                own = content.get("schema")
                if own and "ErrorOut" not in str(own):
                    content["schema"] = {"anyOf": [own, {"$ref": "#/components/schemas/ErrorOut"}]}
    return schema


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
        if str(exc).startswith("Cannot parse request body"):
            body = {"code": "invalid_body", "message": _("请求体不是有效的 JSON。")}
        else:
            body = {"code": "error", "message": str(exc)}
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"code": "not_found", "message": _("未找到,或无权查看。")}, status=404)

    @api.exception_handler(DjangoPermissionDenied)
    def forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
        return api.create_response(request, {"code": "forbidden", "message": str(exc) or _("无权执行此操作。")},
                                   status=403)

    @api.exception_handler(MultiPartParserError)
    def malformed_upload(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return api.create_response(request, {"code": "invalid_body",
                                             "message": _("上传内容格式不正确(multipart 请求缺少分隔符或已损坏)。")},
                                   status=400)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        """Too many fields, too large a body and the like: Django refuses them before any view."""
        return api.create_response(request, {"code": "invalid_body", "message": _("请求内容过大或格式不被接受。")},
                                   status=400)

    @api.exception_handler(IntegrityError)
    def integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        """A database rule refused the write (a value a schema let through): logged, answered 409."""
        logger.warning("api_integrity_error", extra={"method": request.method, "path": request.path,
                                                      "error": str(exc)[:500]})
        return api.create_response(request, {"code": "integrity", "message": _("数据与已有记录冲突或不完整,未保存。")},
                                   status=409)

    @api.exception_handler(DataError)
    def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        logger.warning("api_data_error", extra={"method": request.method, "path": request.path,
                                                "error": str(exc)[:500]})
        return api.create_response(request, {"code": "invalid", "message": _("数值过大或文字过长,未保存。")},
                                   status=400)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        """Anything unforeseen: logged with its traceback, answered as JSON, never as an HTML page."""
        logger.error("api_error", exc_info=exc, extra={"method": request.method, "path": request.path})
        return api.create_response(request, {"code": "server_error",
                                             "message": _("服务器内部错误,已记录,请稍后重试或联系管理员。")},
                                   status=500)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for every URL: the API's error format under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": _("未找到,或无权查看。")}, status=404)
    from django.views.defaults import page_not_found as default_page_not_found

    return default_page_not_found(request, exception)  # type: ignore[arg-type]


def server_error_page(request: HttpRequest) -> HttpResponse:
    """500 outside the API's own handlers (a middleware failing, say): JSON under /api/ too."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "server_error",
                             "message": _("服务器内部错误,已记录,请稍后重试或联系管理员。")}, status=500)
    from django.views.defaults import server_error

    return server_error(request)
