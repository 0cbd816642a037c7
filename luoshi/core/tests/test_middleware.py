"""The interface is Chinese first: the browser's Accept-Language does not switch it, the switch does."""

from __future__ import annotations

import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from luoshi.core.logging import JsonFormatter

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_chinese() -> None:
    response = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录落实平台" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def test_the_language_switch_gives_english() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert client.get("/login/")["Content-Language"] == "en"


def test_english_for_one_request_is_not_left_active_for_the_next() -> None:
    """A worker thread serves one person after another: the language one of them chose is theirs,
    not the thread's (nothing after the response, or before the next request's middleware, runs in it)."""
    before = translation.get_language()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/login/")["Content-Language"] == "en"
    assert translation.get_language() == before
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = client.get("/login/")
    assert response["Content-Language"] == "zh-hans" and "登录落实平台" in response.content.decode()
    assert translation.gettext("简体中文") == "简体中文"


def test_log_lines_are_json_with_extra_fields() -> None:
    record = logging.makeLogRecord({"name": "luoshi.x", "levelname": "INFO", "msg": "导入 %s", "args": ("完成",),
                                    "document_id": 7})
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "导入 完成" and line["document_id"] == 7 and line["level"] == "info"
