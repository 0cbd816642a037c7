"""Bad input gets a clear 4xx in the one error format; an unforeseen error is JSON 500, logged."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, RequestFactory

from luoshi.api.tests.test_api import client_for
from luoshi.api.urls import api
from luoshi.ledger.tests.factories import Personas

pytestmark = pytest.mark.django_db


def test_an_unforeseen_exception_is_answered_as_json_500_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    request = RequestFactory().get("/api/v1/tasks")
    logger = logging.getLogger("luoshi.api")
    logger.addHandler(caplog.handler)  # the luoshi loggers do not propagate to the root
    try:
        response = api.on_exception(request, ZeroDivisionError("division by zero"))
    finally:
        logger.removeHandler(caplog.handler)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert b"server_error" in response.content and b"<html" not in response.content.lower()
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_an_unknown_object_is_404_in_the_error_format(personas: Personas) -> None:
    response = client_for(personas.supervisor).get("/api/v1/tasks/999999")
    assert response.status_code == 404
    assert set(response.json()) >= {"code", "message"}


def test_a_nul_byte_in_the_anonymous_public_search_is_400() -> None:
    response = Client().get("/api/v1/public/measures", {"q": "海河\x00"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "control_characters" and "控制字符" in body["message"]


def test_the_refusal_is_in_english_after_the_switch() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/api/v1/public/measures", {"q": "a\x07b"}).json()
    assert "control character" in body["message"]


def test_a_control_character_in_a_json_body_is_400_and_nothing_changes(personas: Personas) -> None:
    response = client_for(personas.supervisor).patch(
        f"/api/v1/tasks/{personas.task_a.pk}", data={"version": 1, "title": "改\x00名"},
        content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "control_characters"
    personas.task_a.refresh_from_db()
    assert personas.task_a.title == "建设海河实验室"


def test_a_nul_in_a_form_post_is_a_400_page() -> None:
    response = Client().post("/login/", {"username": "a\x00", "password": "x"})
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()


def test_tabs_and_newlines_are_text_and_pass(personas: Personas) -> None:
    response = client_for(personas.supervisor).patch(
        f"/api/v1/tasks/{personas.task_a.pk}", data={"version": 1, "title": "第一行\n第二行\t完"},
        content_type="application/json")
    assert response.status_code == 200


def test_a_nul_in_the_path_is_400() -> None:
    assert Client().get("/public/%00").status_code == 400
