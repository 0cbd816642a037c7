"""Named, scoped, expiring tokens stored hashed: the page, the admin API, the admin form, and the log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from luoshi.api.models import ApiToken, SecurityEvent, SecurityEventKind, TokenScope, hash_token
from luoshi.api.services import token_issue
from luoshi.ledger.tests.factories import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def logged_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_user_creates_two_tokens_on_the_page_and_sees_each_secret_once(personas: Personas) -> None:
    client = logged_in(personas.supervisor)
    first = client.post("/account/tokens/", {"name": "省平台同步", "scope": "read", "days": "90"})
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    raw = re.search(r'<code id="token-secret">([^<]+)</code>', first.content.decode()).group(1)  # type: ignore[union-attr]
    second = client.post("/account/tokens/", {"name": "市平台同步", "scope": "write", "days": "30"})
    assert second.status_code == 200
    tokens = ApiToken.objects.filter(user=personas.supervisor).order_by("created_at")
    assert [t.name for t in tokens] == ["省平台同步", "市平台同步"]
    assert tokens[0].key_hash == hash_token(raw) and raw not in tokens[0].key_hash
    assert tokens[0].expires_at is not None
    assert timedelta(days=89) < tokens[0].expires_at - timezone.now() <= timedelta(days=90)
    page = client.get("/account/tokens/").content.decode()
    assert raw not in page and "省平台同步" in page and tokens[0].prefix in page
    assert bearer(raw).get("/api/v1/tasks").status_code == 200


def test_an_empty_name_is_refused_on_the_page(personas: Personas) -> None:
    response = logged_in(personas.supervisor).post("/account/tokens/", {"name": "  ", "scope": "read", "days": "90"})
    assert response.status_code == 200 and "token-secret" not in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_read_only_token_reads_but_gets_403_on_writes(personas: Personas) -> None:
    _token, raw = token_issue(actor=personas.supervisor, user=personas.supervisor, name="只读", scope="read",
                              expires_at=timezone.now() + timedelta(days=1))
    client = bearer(raw)
    assert client.get(f"/api/v1/tasks/{personas.task_a.pk}").status_code == 200
    response = client.patch(f"/api/v1/tasks/{personas.task_a.pk}", data={"version": 1, "title": "改名"},
                            content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "read_only_token"
    personas.task_a.refresh_from_db()
    assert personas.task_a.title == "建设海河实验室"


def test_a_read_write_token_writes_with_its_users_role(personas: Personas) -> None:
    _token, raw = token_issue(actor=personas.supervisor, user=personas.supervisor, name="读写", scope="write",
                              expires_at=timezone.now() + timedelta(days=1))
    response = bearer(raw).patch(f"/api/v1/tasks/{personas.task_a.pk}", data={"version": 1, "title": "改名"},
                                 content_type="application/json")
    assert response.status_code == 200
    _token, raw = token_issue(actor=personas.leader, user=personas.leader, name="读写", scope="write",
                              expires_at=timezone.now() + timedelta(days=1))
    response = bearer(raw).patch(f"/api/v1/tasks/{personas.task_a.pk}", data={"version": 2, "title": "领导改"},
                                 content_type="application/json")
    assert response.status_code == 403


def test_expired_and_revoked_tokens_get_401(personas: Personas) -> None:
    token, raw = token_issue(actor=personas.supervisor, user=personas.supervisor, name="过期", scope="read",
                             expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(raw).get("/api/v1/tasks").status_code == 401
    token, raw = token_issue(actor=personas.supervisor, user=personas.supervisor, name="吊销", scope="read",
                             expires_at=timezone.now() + timedelta(days=1))
    client = logged_in(personas.supervisor)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert bearer(raw).get("/api/v1/tasks").status_code == 401


def test_nobody_revokes_another_users_token_on_the_page(personas: Personas) -> None:
    token, raw = token_issue(actor=personas.supervisor, user=personas.supervisor, name="督查", scope="read",
                             expires_at=timezone.now() + timedelta(days=1))
    assert logged_in(personas.reporter_a).post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert bearer(raw).get("/api/v1/tasks").status_code == 200


def test_an_admin_issues_lists_and_revokes_tokens_through_the_api(personas: Personas) -> None:
    admin = logged_in(personas.admin)
    expires = (timezone.now() + timedelta(days=30)).isoformat()
    response = admin.post("/api/v1/tokens", data={"username": "rep_a", "name": "区平台", "scope": "write",
                                                  "expires_at": expires}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("ls_") and body["username"] == "rep_a" and body["scope"] == "write"
    listed = admin.get("/api/v1/tokens").json()
    assert [t["name"] for t in listed] == ["区平台"] and "token" not in listed[0]
    assert bearer(body["token"]).get("/api/v1/tasks").status_code == 200
    assert admin.post(f"/api/v1/tokens/{body['id']}/revoke").json()["revoked"] is True
    assert bearer(body["token"]).get("/api/v1/tasks").status_code == 401


@pytest.mark.parametrize("who", ["supervisor", "reporter_a", "leader"])
def test_only_admins_manage_tokens_through_the_api(who: str, personas: Personas) -> None:
    client = logged_in(getattr(personas, who))
    assert client.get("/api/v1/tokens").status_code == 403
    response = client.post("/api/v1/tokens", data={"username": "rep_a", "name": "x", "scope": "read",
                                                   "expires_at": (timezone.now() + timedelta(days=1)).isoformat()},
                           content_type="application/json")
    assert response.status_code == 403 and not ApiToken.objects.exists()


@pytest.mark.parametrize(("expires_in", "message"), [(timedelta(days=400), "一年"), (timedelta(days=-1), "晚于")])
def test_an_expiry_outside_a_year_is_a_clear_400(expires_in: timedelta, message: str, personas: Personas) -> None:
    response = logged_in(personas.admin).post(
        "/api/v1/tokens", data={"username": "rep_a", "name": "x", "scope": "read",
                                "expires_at": (timezone.now() + expires_in).isoformat()},
        content_type="application/json")
    assert response.status_code == 400 and message in response.json()["message"]


def test_the_admin_form_issues_tokens_with_a_secret_and_a_second_one_works(personas: Personas) -> None:
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = logged_in(superuser)
    expires = timezone.localtime() + timedelta(days=30)
    for name in ["一号", "二号"]:
        response = client.post("/admin/api/apitoken/add/", {
            "user": personas.reporter_a.pk, "name": name, "scope": "read",
            "expires_at_0": expires.strftime("%Y-%m-%d"), "expires_at_1": expires.strftime("%H:%M:%S"),
        }, follow=True)
        assert response.status_code == 200
        assert "令牌只显示这一次" in response.content.decode()
    hashes = list(ApiToken.objects.values_list("key_hash", flat=True))
    assert len(hashes) == 2 and all(len(h) == 64 for h in hashes)
    assert client.get(f"/admin/api/apitoken/{ApiToken.objects.first().pk}/change/").status_code == 200  # type: ignore[union-attr]


def test_token_issuance_revocation_and_logins_are_security_events(personas: Personas) -> None:
    client = Client()
    assert client.post("/login/", {"username": "sup", "password": "wrong-password"}).status_code == 200
    assert client.post("/login/", {"username": "sup", "password": PASSWORD}).status_code == 302
    client.post("/account/tokens/", {"name": "同步", "scope": "read", "days": "30"})
    token = ApiToken.objects.get()
    client.post(f"/account/tokens/{token.pk}/revoke/")
    kinds = list(SecurityEvent.objects.order_by("created_at", "id").values_list("kind", "username"))
    assert kinds == [(SecurityEventKind.LOGIN_FAILED, "sup"), (SecurityEventKind.LOGIN, "sup"),
                     (SecurityEventKind.TOKEN_ISSUED, "sup"), (SecurityEventKind.TOKEN_REVOKED, "sup")]
    issued = SecurityEvent.objects.get(kind=SecurityEventKind.TOKEN_ISSUED)
    assert issued.detail["token_name"] == "同步" and issued.ip_address == "127.0.0.1"
    assert issued.detail["scope"] == TokenScope.READ


def test_security_events_are_read_only_in_the_admin(personas: Personas) -> None:
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = logged_in(superuser)
    assert client.get("/admin/api/securityevent/").status_code == 200
    assert client.get("/admin/api/securityevent/add/").status_code == 403


def test_last_used_is_kept_to_the_minute_without_a_write_per_request(personas: Personas) -> None:
    token, raw = token_issue(actor=personas.supervisor, user=personas.supervisor, name="同步", scope="read",
                             expires_at=timezone.now() + timedelta(days=1))
    client = bearer(raw)
    assert token.last_used_at is None
    assert client.get("/api/v1/tasks").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=30)
    # Within the minute: read, not written.
    assert client.get("/api/v1/tasks").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first
    # A minute later it moves again.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    assert client.get("/api/v1/tasks").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first
