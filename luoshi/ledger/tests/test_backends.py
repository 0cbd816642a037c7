"""The sign-in backend reads the person record with the user: one query per signed-in request."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from luoshi.ledger.backends import PersonModelBackend
from luoshi.ledger.choices import Role
from luoshi.ledger.tests.factories import PASSWORD, user_factory

pytestmark = pytest.mark.django_db


def test_signing_in_records_the_backend_that_reads_the_person(client: Client) -> None:
    user_factory("rep", role=Role.REPORTER)
    response = client.post(reverse("web:login"), {"username": "rep", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "luoshi.ledger.backends.PersonModelBackend"


def test_the_user_comes_with_their_person_in_one_query(django_assert_num_queries: Any) -> None:
    user = user_factory("sup", role=Role.SUPERVISOR)
    with django_assert_num_queries(1):
        loaded = PersonModelBackend().get_user(user.pk)
        assert loaded is not None and loaded.person.role == Role.SUPERVISOR


def test_a_user_without_person_or_inactive_or_gone() -> None:
    root = User.objects.create_superuser("root", password=PASSWORD)  # no person record
    loaded = PersonModelBackend().get_user(root.pk)
    assert loaded == root and not hasattr(loaded, "person")
    inactive = user_factory("gone", role=Role.REPORTER)
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    assert PersonModelBackend().get_user(inactive.pk) is None
    assert PersonModelBackend().get_user(10**9) is None
