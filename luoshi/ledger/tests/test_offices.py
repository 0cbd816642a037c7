"""Offices and their scope (issue 10 point 1; issue 13's documents and drafts by office)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from luoshi.core import pagination
from luoshi.core.errors import PermissionDenied
from luoshi.documents.models import Document
from luoshi.documents.services import document_ingest
from luoshi.ledger.choices import Role, TaskLevel, UnitLevel
from luoshi.ledger.models import Person, Task
from luoshi.ledger.offices import jurisdiction_root, scope_of
from luoshi.ledger.permissions import (
    Action,
    by_task_visible_to,
    can,
    can_manage_task,
    documents_visible_to,
    drafts_visible_to,
    tasks_managed_by,
    tasks_visible_to,
)
from luoshi.ledger.selectors.tasks import task_list
from luoshi.ledger.services import draft_measure_confirm, task_create, task_update
from luoshi.ledger.tests.factories import Personas, task_factory, unit_factory, user_factory
from luoshi.oversight.models import Comment
from luoshi.oversight.tests.offices_world import OfficeWorld, build_office_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> OfficeWorld:
    return build_office_world()


def test_an_office_serves_the_government_it_belongs_to(world: OfficeWorld) -> None:
    assert jurisdiction_root(world.district_office).name == "天津市滨海新区人民政府"
    assert jurisdiction_root(world.city_office).name == "天津市人民政府"  # same level as its parent
    assert jurisdiction_root(world.national_office) == world.national_office  # no parent
    zone = unit_factory("天津港保税区管理委员会", level=UnitLevel.ZONE, parent=world.district_office.parent,
                        is_office=True)
    assert jurisdiction_root(zone) == zone  # an administration is its own government
    district_scope = scope_of(world.district_sup)
    city_scope = scope_of(world.city_sup)
    assert district_scope is not None and city_scope is not None
    assert world.district_unit.pk in district_scope.unit_ids and world.other_unit.pk not in district_scope.unit_ids
    # The city's jurisdiction holds both districts and every office beneath it; the new zone
    # (saved after the scope was first read) is there too: a saved unit makes kept scopes stale.
    fresh = scope_of(world.city_sup)
    assert fresh is not None and {world.district_office.pk, world.other_office.pk, zone.pk} <= fresh.unit_ids


def test_a_scope_kept_between_requests_follows_the_unit_tree_at_once(
        world: OfficeWorld, shared_cache: None, django_assert_num_queries: Any) -> None:
    # With Redis the scope is kept across requests (core.kept); each request has its own user object.
    def next_request() -> Any:
        return User.objects.select_related("person").get(pk=world.district_sup.pk)

    first = scope_of(next_request())
    assert first is not None and world.district_unit.pk in first.unit_ids
    user = next_request()
    with django_assert_num_queries(0):
        assert scope_of(user) == first
    moved = unit_factory("新设街道", level=UnitLevel.STREET, parent=world.district_unit)
    assert moved.pk in scope_of(next_request()).unit_ids  # type: ignore[union-attr]
    moved.parent = world.other_unit
    moved.save()
    assert moved.pk not in scope_of(next_request()).unit_ids  # type: ignore[union-attr]


def test_a_district_sees_its_tasks_and_the_city_tasks_falling_to_it_not_another_districts(
        world: OfficeWorld) -> None:
    plans = world.plans
    seen = set(tasks_visible_to(world.district_sup).values_list("pk", flat=True))
    assert seen == {plans["district"].task.pk, plans["city"].task.pk}
    managed = set(tasks_managed_by(world.district_sup).values_list("pk", flat=True))
    assert managed == {plans["district"].task.pk}
    city_seen = set(tasks_visible_to(world.city_sup).values_list("pk", flat=True))
    assert city_seen == {plans["city"].task.pk, plans["district"].task.pk, plans["other"].task.pk}
    assert set(tasks_visible_to(world.other_sup).values_list("pk", flat=True)) == {plans["other"].task.pk}
    # The leader of the district reads what its supervisor reads, and manages nothing.
    assert set(tasks_visible_to(world.district_leader).values_list("pk", flat=True)) == seen
    assert not tasks_managed_by(world.district_leader).exists()


def test_the_city_task_is_read_only_for_the_district(world: OfficeWorld) -> None:
    city_task = world.plans["city"].task
    sup = world.district_sup
    assert can(sup, Action.TASK_VIEW, city_task) and can(sup, Action.TASK_COMMENT, city_task)
    assert can(sup, Action.TASK_HISTORY_VIEW, city_task)
    for action in (Action.TASK_EDIT, Action.TASK_EDIT_PLAN, Action.TASK_ASSIGN, Action.MILESTONE_MANAGE,
                   Action.NOTICE_ISSUE, Action.EVALUATION_RUN):
        assert not can(sup, action, city_task), action
    assert not can(sup, Action.REPORT_REVIEW, world.plans["city"].report)
    assert not can(sup, Action.ADJUSTMENT_DECIDE, world.plans["city"].adjustment)
    with pytest.raises(PermissionDenied):
        task_update(task=city_task, user=sup, expected_version=city_task.version, title="改写", reason="试")
    assert can_manage_task(world.city_sup, city_task) and not can_manage_task(sup, city_task)


def test_the_district_refines_a_city_task_into_its_own_measure(world: OfficeWorld) -> None:
    city_task = world.plans["city"].task
    plan = world.plans["district"]
    task = draft_measure_confirm(measure=plan.draft, user=world.district_sup, parent=city_task)
    assert task.office == world.district_office and task.parent == city_task
    assert can(world.district_sup, Action.TASK_EDIT_PLAN, task)
    assert can(world.city_sup, Action.TASK_EDIT_PLAN, task)  # the city runs the offices beneath it
    assert not can(world.other_sup, Action.TASK_VIEW, task)
    # Editing the refined measure is the district's own business.
    updated = task_update(task=task, user=world.district_sup, expected_version=task.version,
                          deadline=city_task.deadline, reason="与市级任务时限一致")
    assert updated.deadline == city_task.deadline


def test_a_task_takes_its_creators_office_and_a_document_its_uploaders(world: OfficeWorld) -> None:
    task = task_create(title="区级自定任务", level=TaskLevel.DISTRICT, created_by=world.district_sup)
    assert task.office == world.district_office
    assert task_create(title="平台任务", level=TaskLevel.DISTRICT).office is None
    result = document_ingest(data="2025年东丽区重点工作\n一、科技创新\n区科技局牵头,新增研发机构5家。\n".encode(),
                             filename="东丽.txt", user=world.other_sup, office=world.other_office)
    assert result.document.office == world.other_office
    assert result.document not in documents_visible_to(world.district_sup, Document.objects.all())


def test_documents_and_drafts_are_visible_by_office(world: OfficeWorld, personas: Personas) -> None:
    plans = world.plans
    district_docs = set(documents_visible_to(world.district_sup, Document.objects.all()))
    assert district_docs == {plans["district"].document}
    assert set(documents_visible_to(world.city_sup, Document.objects.all())) == {
        plans["city"].document, plans["district"].document, plans["other"].document}
    assert Document.objects.count() == len(documents_visible_to(personas.supervisor, Document.objects.all()))
    assert not documents_visible_to(world.district_reporter, Document.objects.all()).exists()
    assert set(drafts_visible_to(world.district_sup)) == {plans["district"].draft}
    assert not drafts_visible_to(world.district_leader).exists()  # leaders do not review drafts

    listed = _client(world.district_sup).get("/api/v1/documents").json()
    assert [d["id"] for d in listed] == [plans["district"].document.pk]
    page = _client(world.district_sup).get("/documents/")
    assert "district文件" in page.content.decode() and "other文件" not in page.content.decode()
    nobody = user_factory("nobody")
    Person.objects.filter(user=nobody).delete()
    for who in (nobody, world.district_reporter):
        assert _client(who).get("/api/v1/documents").status_code == 403
        assert _client(who).get(f"/api/v1/documents/drafts/{plans['district'].draft.pk}").status_code == 403


def test_an_upload_already_imported_by_another_office_is_refused_without_showing_it(world: OfficeWorld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.briefings.jobs import jobs_run_pending
    from luoshi.briefings.models import Job

    data = "2025年东丽区重点工作\n一、科技创新\n区科技局牵头,新增研发机构5家。\n".encode()
    other = _client(world.other_sup)
    first = other.post("/api/v1/documents", {"file": SimpleUploadedFile("a.txt", data)})
    assert first.status_code == 202
    jobs_run_pending()
    result = other.get(f"/api/v1/briefings/jobs/{first.json()['id']}").json()["result"]
    assert result["created"] is True and Document.objects.get(pk=result["document_id"]).office == world.other_office
    # Refused in the request, as before the import became a job: nothing is queued for the district.
    again = _client(world.district_sup).post("/api/v1/documents", {"file": SimpleUploadedFile("a.txt", data)})
    assert again.status_code == 400 and again.json()["code"] == "document_of_other_office"
    assert "document" not in again.json() and not Job.objects.filter(created_by=world.district_sup).exists()
    page = _client(world.district_sup).post("/ledger/ingest/", {"file": SimpleUploadedFile("a.txt", data)})
    assert page.status_code == 200 and "其他机构导入" in page.content.decode()  # on the form, as the API
    assert not Job.objects.filter(created_by=world.district_sup).exists()


def test_an_import_by_another_office_while_the_job_waits_fails_the_job_without_showing_it(
        world: OfficeWorld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.briefings.jobs import jobs_run_pending

    data = "2025年东丽区重点工作\n一、科技创新\n区科技局牵头,新增研发机构5家。\n".encode()
    client = _client(world.district_sup)
    queued = client.post("/api/v1/documents", {"file": SimpleUploadedFile("a.txt", data)})
    assert queued.status_code == 202
    document_ingest(data=data, filename="东丽.txt", user=world.other_sup, office=world.other_office)
    jobs_run_pending()
    job = client.get(f"/api/v1/briefings/jobs/{queued.json()['id']}").json()
    assert job["status"] == "failed" and "其他机构" in job["message"] and job["result"] == {}
    assert Document.objects.count() == 1 + len(world.plans)


def test_visibility_counts_each_task_once_whatever_its_co_units(world: OfficeWorld) -> None:
    district = world.district_office.parent
    assert district is not None
    bureaus = [unit_factory(f"滨海新区局{n}", parent=district) for n in range(3)]
    task = task_factory("多家配合", office=world.national_office, level=TaskLevel.NATIONAL, co_units=bureaus)
    visible = tasks_visible_to(world.district_sup)
    assert visible.filter(pk=task.pk).count() == 1
    assert visible.count() == len(set(visible.values_list("pk", flat=True)))
    Comment.objects.create(task=task, author=world.city_sup, body="请区里落实")
    assert by_task_visible_to(world.district_sup, Comment.objects.all()).count() == 1
    assert not by_task_visible_to(world.other_sup, Comment.objects.filter(task=task)).exists()


def test_a_reporter_cannot_belong_to_an_office_and_an_office_must_be_one(world: OfficeWorld) -> None:
    person = Person.objects.get(user=world.district_reporter)
    person.office = world.district_office
    with pytest.raises(ValidationError):
        person.full_clean()
    sup = Person(name="某人", role=Role.SUPERVISOR, office=world.district_unit)
    with pytest.raises(ValidationError):
        sup.full_clean()


def test_an_office_evaluates_only_the_tasks_it_manages(world: OfficeWorld) -> None:
    from luoshi.oversight.services.evaluation import evaluation_run

    Task.objects.update(light="none")
    evaluation_run(user=world.district_sup)
    evaluated = set(Task.objects.exclude(light="none").values_list("pk", flat=True))
    assert world.plans["city"].task.pk not in evaluated and world.plans["other"].task.pk not in evaluated


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_units_workload_lists_only_the_tasks_the_office_sees(world: OfficeWorld) -> None:
    from luoshi.ledger.selectors.workload import unit_workload, unit_workload_rows

    other = unit_workload(user=world.district_sup, unit=world.other_unit)
    assert other is not None and other.led == []
    assert world.other_unit.pk not in {row.pk for row in unit_workload_rows(user=world.district_sup)}
    own = unit_workload(user=world.district_sup, unit=world.district_unit)
    assert own is not None and {t.pk for t in own.led} == {world.plans["district"].task.pk,
                                                            world.plans["city"].task.pk}
    everything = unit_workload(user=world.city_sup, unit=world.other_unit)
    assert everything is not None and [t.pk for t in everything.led] == [world.plans["other"].task.pk]


def test_briefings_are_read_within_the_office_that_wrote_them(world: OfficeWorld, personas: Personas) -> None:
    """A briefing shows its author's tasks: another office's briefing is not for a district."""
    from datetime import date

    from django.utils import timezone

    from luoshi.briefings.models import Briefing
    from luoshi.briefings.permissions import briefings_visible_to

    def briefing(author: User) -> Briefing:
        return Briefing.objects.create(title="简报", period="2024-09", period_start=date(2024, 9, 1),
                                       period_end=date(2024, 9, 30), generated_at=timezone.now(),
                                       created_by=author)

    city, district, other = briefing(world.city_sup), briefing(world.district_sup), briefing(world.other_sup)
    assert set(briefings_visible_to(world.district_leader)) == {district}
    assert set(briefings_visible_to(world.city_sup)) == {city, district, other}
    assert set(briefings_visible_to(personas.leader)) == {city, district, other}
    assert can(world.district_leader, Action.BRIEFING_VIEW, district)
    assert not can(world.district_leader, Action.BRIEFING_VIEW, other)


def test_the_ingest_command_files_documents_under_an_office(world: OfficeWorld, tmp_path: object) -> None:
    from pathlib import Path

    from django.core.management import CommandError, call_command

    path = Path(str(tmp_path)) / "东丽.txt"
    path.write_text("2025年东丽区重点工作\n一、科技创新\n区科技局牵头,新增研发机构5家。\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("ingest", str(path), "--office", "东丽区科学技术局")  # a unit, not an office
    assert not Document.objects.filter(filename="东丽.txt").exists()
    call_command("ingest", str(path), "--office", "东丽区人民政府办公室")
    assert Document.objects.get(filename="东丽.txt").office == world.other_office


def test_the_ledger_filters_by_office_within_what_one_sees(world: OfficeWorld) -> None:
    client = _client(world.city_sup)
    rows = client.get("/api/v1/tasks", {"office": world.district_office.pk}).json()
    items = rows["results"]
    assert [r["id"] for r in items] == [world.plans["district"].task.pk]
    assert items[0]["office_id"] == world.district_office.pk
    other = _client(world.district_sup).get("/api/v1/tasks", {"office": world.other_office.pk}).json()
    assert other["results"] == []
    page = _client(world.district_sup).get("/ledger/", {"office": world.district_office.pk})
    assert page.status_code == 200 and "district任务" in page.content.decode()


def _spread_tasks(world: OfficeWorld) -> None:
    """Fifteen more tasks over the world's offices, lead units and co-units, so that a page of
    three has neighbours."""
    units = [world.district_unit, world.other_unit, world.national_unit, world.district_office, world.city_office]
    offices = [world.district_office, world.other_office, world.city_office, world.national_office]
    for n in range(15):
        task_factory(f"走查{n:02d}", code=f"W-{(n * 7) % 15:02d}", office=offices[n % 4], lead_unit=units[n % 5],
                     co_units=[units[(n + 2) % 5]] if n % 3 == 0 else [])


def _pages(client: Client, path: str, params: dict[str, Any]) -> tuple[list[list[int]], bool]:
    """Every page of a list, following its next cursors: the ids of each page, and whether the
    rows were read walking the code (offices.TaskParts' per-row form)."""
    pages: list[list[int]] = []
    query = dict(params)
    with CaptureQueriesContext(connection) as captured:
        while True:
            response = client.get(path, query)
            assert response.status_code == 200, response.content[:300]
            if path.startswith("/api/"):
                body = response.json()
                pages.append([row["id"] for row in body["results"]])
                cursor = body["next_cursor"]
            else:
                page = response.context["page"]
                pages.append([task.pk for task in page.rows])
                cursor = page.next_cursor
            if not cursor:
                break
            query = {**params, "cursor": cursor}
    # Walked: the tasks read with each row checked, its co-units looked up (no UNION of the parts).
    walked = any('FROM "ledger_task"' in q["sql"] and "ledger_task_co_units" in q["sql"] and "UNION" not in q["sql"]
                 for q in captured.captured_queries)
    return pages, walked


@pytest.mark.parametrize("who", ["city_sup", "district_sup", "other_sup", "district_leader", "district_reporter"])
@pytest.mark.parametrize("params", [{}, {"status": "in_progress"}, {"q": "走查"}])
def test_a_ledger_read_walking_the_code_holds_the_rows_the_join_holds(
        world: OfficeWorld, who: str, params: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # An office or a reporter seeing a large share of the tasks has its pages read by walking the
    # code's index (core.pagination.walk_pays); the thresholds are set here so that a world of
    # twenty tasks is walked, or never.
    _spread_tasks(world)
    client = _client(getattr(world, who))
    monkeypatch.setattr(pagination, "WALK_FACTOR", 0.0)
    for path, size in (("/api/v1/tasks", {"page_size": 3}), ("/ledger/", {})):
        monkeypatch.setattr(pagination, "WALK_MIN", 10**9)
        joined, walked = _pages(client, path, {**params, **size})
        assert not walked
        monkeypatch.setattr(pagination, "WALK_MIN", 1)
        along, walked = _pages(client, path, {**params, **size})
        assert along == joined and (walked or joined == [[]]), (path, joined)
    assert sum(map(len, joined)) == tasks_visible_to(getattr(world, who)).filter(
        **({"status": params["status"]} if "status" in params else {})).filter(
        title__contains=params.get("q", "")).count()


def test_the_visibility_written_per_row_or_by_columns_is_the_same_tasks(world: OfficeWorld) -> None:
    """The three ways of writing who sees what (offices.TaskParts) hold the same tasks, each once:
    a task seen only through a co-unit (several of the reader's units among them) included."""
    _spread_tasks(world)
    district = world.district_office.parent
    assert district is not None
    bureaus = [unit_factory(f"滨海新区局{n}", parent=district) for n in range(2)]
    shared_only = task_factory("只经配合单位可见", office=world.national_office, lead_unit=world.national_unit,
                               co_units=[*bureaus, world.district_unit])
    no_unit = user_factory("no-unit", role=Role.REPORTER)
    for user in (world.installation_sup, world.city_sup, world.district_sup, world.other_sup, world.district_leader,
                 world.district_reporter, no_unit):
        joined = list(tasks_visible_to(user).order_by("code").values_list("pk", flat=True))
        assert list(tasks_visible_to(user, per_row=True).order_by("code").values_list("pk", flat=True)) == joined
        by_columns = tasks_visible_to(user, by_columns=True)
        assert list(by_columns.order_by("code").values_list("pk", flat=True)) == joined
        assert by_columns.count() == len(joined)
    assert shared_only.pk in tasks_visible_to(world.district_sup, by_columns=True).values_list("pk", flat=True)
    assert not tasks_visible_to(no_unit, by_columns=True).exists()
    if connection.vendor == "postgresql":  # the co-units as an array, which a bitmap reads beside the columns
        with CaptureQueriesContext(connection) as captured:
            list(tasks_visible_to(world.district_sup, by_columns=True).values_list("pk", flat=True))
        assert "= ANY(ARRAY(" in captured.captured_queries[-1]["sql"]


def test_an_unfiltered_list_is_counted_by_the_ids_of_what_one_sees(world: OfficeWorld) -> None:
    # The ledger's count of a scoped reader's unfiltered list reads the visible ids alone
    # (`visible_task_ids`); a filter, or a reader of every task, counts the list itself.
    _spread_tasks(world)
    for user in (world.city_sup, world.district_sup, world.other_sup, world.district_leader, world.district_reporter):
        listing = task_list(user=user, filters={})
        assert listing.counted is not None
        assert pagination.capped_count(listing.counted) == pagination.capped_count(listing.rows)
        assert pagination.capped_count(listing.rows)[0] == tasks_visible_to(user).count() > 0
        assert task_list(user=user, filters={"status": "in_progress"}).counted is None
        # The page and the API answer the same count either way.
        client = _client(user)
        api = client.get("/api/v1/tasks", {"page_size": 3}).json()
        assert api["count"] == tasks_visible_to(user).count()
        page = client.get("/ledger/").context["page"]
        assert page.count == api["count"]
    assert task_list(user=world.installation_sup, filters={}).counted is None
