"""The sign-in backend reads the person record with the user: one query per signed-in request, or
none where the shared cache holds them, and a change to either is seen on the next request."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from luoshi.ledger.backends import PersonModelBackend
from luoshi.ledger.choices import Role
from luoshi.ledger.models import Person
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


# The shared cache's copy of the user and person (settings.SHARED_CACHE_SECONDS > 0, as with Redis).
# A change to a user or their person must be seen on the very next request, on every server.

def test_with_the_cache_on_a_signed_in_user_costs_no_query_after_the_first(
        shared_cache: None, django_assert_num_queries: Any) -> None:
    user = user_factory("sup", role=Role.SUPERVISOR)
    with django_assert_num_queries(1):
        PersonModelBackend().get_user(user.pk)
    with django_assert_num_queries(0):
        loaded = PersonModelBackend().get_user(user.pk)
    assert loaded == user and loaded.person.role == Role.SUPERVISOR


def test_without_a_shared_cache_the_user_is_read_every_time(settings: Any, django_assert_num_queries: Any) -> None:
    settings.SHARED_CACHE_SECONDS = 0
    user = user_factory("sup", role=Role.SUPERVISOR)
    for _ in range(2):
        with django_assert_num_queries(1):
            PersonModelBackend().get_user(user.pk)


def test_a_role_change_is_seen_on_the_next_request(shared_cache: None) -> None:
    user = user_factory("sup", role=Role.SUPERVISOR)
    assert PersonModelBackend().get_user(user.pk).person.role == Role.SUPERVISOR
    person = Person.objects.get(user=user)
    person.role = Role.LEADER
    person.save()
    assert PersonModelBackend().get_user(user.pk).person.role == Role.LEADER


def test_a_deactivated_or_deleted_account_is_refused_at_once(shared_cache: None) -> None:
    user = user_factory("rep", role=Role.REPORTER)
    assert PersonModelBackend().get_user(user.pk) is not None
    user.is_active = False
    user.save()
    assert PersonModelBackend().get_user(user.pk) is None
    other = user_factory("rep2", role=Role.REPORTER)
    assert PersonModelBackend().get_user(other.pk) is not None
    other_pk = other.pk
    other.delete()
    assert PersonModelBackend().get_user(other_pk) is None


def test_a_person_removed_or_given_to_another_account_leaves_the_old_one_without(shared_cache: None) -> None:
    first, second = user_factory("a", role=Role.SUPERVISOR), User.objects.create_user("b", password=PASSWORD)
    assert PersonModelBackend().get_user(first.pk).person.role == Role.SUPERVISOR
    assert not hasattr(PersonModelBackend().get_user(second.pk), "person")
    person = Person.objects.get(user=first)
    person.user = second
    person.save()
    assert not hasattr(PersonModelBackend().get_user(first.pk), "person")
    assert PersonModelBackend().get_user(second.pk).person.role == Role.SUPERVISOR
    person.delete()
    assert not hasattr(PersonModelBackend().get_user(second.pk), "person")


def test_a_password_change_signs_out_the_other_sessions(shared_cache: None, client: Client) -> None:
    user = user_factory("rep", role=Role.REPORTER)
    client.force_login(user)
    assert client.get(reverse("web:home")).status_code == 200
    user.set_password("another-password-2024")
    user.save()
    assert client.get(reverse("web:home")).status_code == 302


def test_the_copy_survives_redis_and_a_change_on_one_server_reaches_another(settings: Any) -> None:
    # Two servers: two cache clients on the same Redis database, as REDIS_URL gives them.
    settings.SHARED_CACHE_SECONDS = 300
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    user = user_factory("sup", role=Role.SUPERVISOR)
    try:
        first = PersonModelBackend().get_user(user.pk)
        assert first.person.role == Role.SUPERVISOR
        other_server = caches.create_connection("default")
        entry = other_server.get(f"auth-user:{user.pk}")
        assert entry is not None and entry[1].person.role == Role.SUPERVISOR  # stored whole, with the person
        person = Person.objects.get(user=user)
        person.role = Role.REPORTER
        person.save()
        assert PersonModelBackend().get_user(user.pk).person.role == Role.REPORTER
    finally:
        cache.delete_many([f"auth-user:{user.pk}", f"kept-token:user:{user.pk}", "kept-token:everything"])
