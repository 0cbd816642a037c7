"""Request logging, the Chinese-first locale, and the refusal of control characters in input."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escape

logger = logging.getLogger("luoshi.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
        return response


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese unless the user chose another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show an
    office's English-configured browser an English interface; here the product's language is
    Chinese first, and only the explicit choice (the language cookie set by the switch) changes it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        # For this request only: activate() alone would leave the language in the worker's thread,
        # for whatever runs there next (the next person's request before this middleware, a job).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# C0 control characters and DEL, except tab, line feed and carriage return, which text may hold.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(value: object) -> bool:
    """True when a text, or any text inside a parsed JSON value (keys too), holds a control character."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(has_control_characters(k) or has_control_characters(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_control_characters(v) for v in value)
    return False


class RefuseControlCharactersMiddleware:
    """The one place where text input is checked for NUL and other control characters.

    The rule: the path, every query-string parameter, every form field (not uploaded files; for
    multipart requests to the API, the endpoint checks its form fields with `has_control_characters`)
    and every string of a JSON body must not contain U+0000–U+001F (tab, line feed and carriage return
    allowed) or U+007F. Such a request gets 400 with a clear message — JSON in the API's error
    format under /api/, a short page elsewhere — before any view or database sees it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.refused(request):
            return self.refusal(request)
        return self.get_response(request)

    @staticmethod
    def refused(request: HttpRequest) -> bool:
        if has_control_characters(request.path):
            return True
        if any(has_control_characters(k) or has_control_characters(v) for k, v in request.GET.lists()):
            return True
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return False
        content_type = request.content_type or ""
        # A multipart body is parsed here for pages only: parsing consumes the stream, and an API
        # endpoint may read the raw body; multipart API endpoints check their form fields themselves.
        if content_type == "multipart/form-data" and request.path.startswith("/api/"):
            return False
        if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            try:
                return any(has_control_characters(k) or has_control_characters(v) for k, v in request.POST.lists())
            except Exception:  # a malformed or oversized body is the view's error to report
                return False
        if content_type == "application/json" or content_type.endswith("+json"):
            try:
                return has_control_characters(json.loads(request.body or b"null"))
            except Exception:  # not JSON, or too large: the view reports it
                return False
        return False

    @staticmethod
    def refusal(request: HttpRequest) -> HttpResponse:
        from django.utils.translation import gettext as _

        message = _("输入中含有不允许的控制字符(如 NUL),请删除后重试。")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "control_characters", "message": message}, status=400)
        return HttpResponseBadRequest(f"<!DOCTYPE html><title>400</title><p>{escape(message)}</p>")


SESSION_RENEWED_KEY = "_renewed_at"


class IdleSessionMiddleware:
    """Idle timeout: a session lasts SESSION_COOKIE_AGE after the user's last request.

    Rather than saving the session on every request (one more write per page), the session and
    its cookie are renewed at most once a minute; the timeout is thus exact to the minute.
    Login stamps the session (`mark_session_renewed`), so the first pages after it write nothing.
    """

    RENEW_AFTER_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            renewed = session.get(SESSION_RENEWED_KEY, 0)
            if time.time() - renewed >= self.RENEW_AFTER_SECONDS:
                mark_session_renewed(session)
        return self.get_response(request)


def mark_session_renewed(session: object) -> None:
    session[SESSION_RENEWED_KEY] = int(time.time())  # type: ignore[index]
