"""The task visibility key: equal keys see the same tasks, different visibility gives different keys.

The battle map caches its figures under this key (issue 15), so a key shared by two users whose
visible tasks differ would show one of them the other's numbers.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User

from luoshi.ledger.choices import Role
from luoshi.ledger.models import Person, Task
from luoshi.ledger.permissions import task_visibility_key, tasks_visible_to
from luoshi.ledger.tests.factories import task_factory, unit_factory, user_factory
from luoshi.oversight.tests.offices_world import OfficeWorld, build_office_world

pytestmark = pytest.mark.django_db


def fresh(user: Any) -> Any:
    """The user as the next request loads it (no scope kept on the object)."""
    return User.objects.get(pk=user.pk) if isinstance(user, User) else user


def visible_ids(user: Any) -> frozenset[int]:
    return frozenset(tasks_visible_to(fresh(user)).values_list("pk", flat=True))


def everyone(world: OfficeWorld) -> dict[str, Any]:
    """Every kind of user of the office world, with a few more sharing or nearly sharing a scope."""
    district = world.district_office.parent
    assert district is not None
    # A second office of the same district government: a department-level office serves its
    # parent, so it has the same jurisdiction as the district's office.
    sibling_office = unit_factory("滨海新区发展和改革委员会", parent=district, is_office=True)
    sibling_sup = user_factory("sibling_sup", role=Role.SUPERVISOR)
    Person.objects.filter(user=sibling_sup).update(office=sibling_office)
    superuser = User.objects.create_superuser("root", password="x")  # no person: counts as admin
    no_role = User.objects.create_user("bystander", password="x")  # no person: sees nothing
    # A task led by one reporter's unit and co-led by another's: both see it, nobody else extra.
    task_factory("两局共建", lead_unit=world.district_unit, co_units=[world.other_unit])
    return {
        "installation_sup": world.installation_sup,
        "installation_leader": user_factory("installation_lead", role=Role.LEADER),
        "installation_admin": user_factory("installation_adm", role=Role.ADMIN),
        "superuser": superuser,
        "city_sup": world.city_sup,
        "district_sup": world.district_sup,
        "district_leader": world.district_leader,
        "sibling_sup": sibling_sup,
        "other_sup": world.other_sup,
        "national_sup": User.objects.get(username="national_sup"),
        "district_reporter": world.district_reporter,
        "district_reporter_2": user_factory("district_rep_2", role=Role.REPORTER, unit=world.district_unit),
        "other_reporter": User.objects.get(username="other_rep"),
        "national_reporter": User.objects.get(username="national_rep"),
        "no_role": no_role,
        "anonymous": AnonymousUser(),
    }


def test_equal_keys_see_the_same_tasks_and_different_tasks_have_different_keys() -> None:
    users = everyone(build_office_world())
    keys = {name: task_visibility_key(fresh(user)) for name, user in users.items()}
    seen = {name: visible_ids(user) for name, user in users.items()}
    for a, b in combinations(users, 2):
        if keys[a] == keys[b]:
            assert seen[a] == seen[b], (a, b)
        if seen[a] != seen[b]:
            assert keys[a] != keys[b], (a, b)
    # The groups expected to share a key do, and only they: the installation-wide readers;
    # the offices of one district government (their supervisors and leaders); a unit's reporters;
    # those who see nothing.
    groups: dict[str, set[str]] = {}
    for name, key in keys.items():
        groups.setdefault(key, set()).add(name)
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, [
        {"installation_sup", "installation_leader", "installation_admin", "superuser"},
        {"district_sup", "district_leader", "sibling_sup"},
        {"city_sup"}, {"other_sup"}, {"national_sup"},
        {"district_reporter", "district_reporter_2"}, {"other_reporter"}, {"national_reporter"},
        {"no_role", "anonymous"},
    ]))


def test_office_bound_readers_see_less_than_the_installation_and_their_key_says_so() -> None:
    world = build_office_world()
    assert visible_ids(world.district_sup) < visible_ids(world.installation_sup)
    assert task_visibility_key(fresh(world.district_sup)) != task_visibility_key(fresh(world.installation_sup))
    assert task_visibility_key(fresh(world.district_sup)) != task_visibility_key(fresh(world.city_sup))


def test_a_jurisdiction_that_grows_changes_the_key() -> None:
    """A unit added beneath a district's government widens what its office sees: its tasks are
    now in sight, and the key moves with it (a cached figure of the old scope is not reused)."""
    world = build_office_world()
    before = task_visibility_key(fresh(world.district_sup))
    new_unit = unit_factory("滨海新区新设局", parent=world.district_office.parent)
    task = task_factory("新设局任务", lead_unit=new_unit)
    assert task.pk in visible_ids(world.district_sup)
    assert task_visibility_key(fresh(world.district_sup)) != before
    # A reporter's key is their unit: moving them to another unit moves the key.
    reporter = fresh(world.district_reporter)
    old_key = task_visibility_key(reporter)
    Person.objects.filter(user=reporter).update(unit=new_unit)
    assert task_visibility_key(fresh(reporter)) != old_key
    assert visible_ids(reporter) == frozenset(Task.objects.filter(lead_unit=new_unit).values_list("pk", flat=True))
