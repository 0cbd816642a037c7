"""A world of offices for the office dimension of the permission matrix.

The unit tree (as in the seeds): the national commission; the city government with its
commission (the city office) and two districts; each district government with its supervision
office and a bureau. Each office owns a task, a document with a draft, and on its task a
submitted report, a pending adjustment and an answered notice, and a task force (led by its
supervisor, with no task yet). The city's task falls to the first district's bureau (its lead
unit), so the district sees it read-only. An installation supervisor (no office) runs it all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.choices import Role, TaskLevel, UnitLevel
from luoshi.ledger.models import Person, Task, TaskForce, Unit
from luoshi.ledger.tests.factories import task_factory, unit_factory, user_factory
from luoshi.oversight.models import AdjustmentRequest, SupervisionNotice
from luoshi.reports.models import ProgressReport
from luoshi.reports.services import report_create

TEXT = "一、科技创新\n区科技局牵头,新增研发机构10家。\n"


@dataclass
class Plan:
    """What one office owns: a task with a report, an adjustment and a notice; a document with a draft."""

    task: Task
    report: ProgressReport
    adjustment: AdjustmentRequest
    notice: SupervisionNotice
    document: Document
    draft: DraftMeasure
    task_force: TaskForce


@dataclass
class OfficeWorld:
    national_office: Unit
    city_office: Unit
    district_office: Unit
    other_office: Unit
    district_unit: Unit
    other_unit: Unit
    national_unit: Unit
    installation_sup: User
    city_sup: User
    district_sup: User
    other_sup: User
    district_leader: User
    district_reporter: User
    plans: dict[str, Plan]


def _scoped(username: str, role: str, office: Unit) -> User:
    user = user_factory(username, role=role)
    Person.objects.filter(user=user).update(office=office)
    user.refresh_from_db()
    return user


_numbers = iter(range(100, 10_000))


def _plan(key: str, office: Unit, lead_unit: Unit, level: str, reporter: User, supervisor: User) -> Plan:
    today = timezone.localdate()
    task = task_factory(f"{key}任务", office=office, lead_unit=lead_unit, level=level,
                        start_date=today - timedelta(days=200), deadline=today + timedelta(days=100))
    report = report_create(user=reporter, task=task, narrative="已开工。", percent_done=10, submit=True)
    adjustment = AdjustmentRequest.objects.create(
        task=task, requested_by=reporter, reason="用地延迟", changes={"deadline": str(today + timedelta(days=400))},
        before={"deadline": str(task.deadline)})
    notice = SupervisionNotice.objects.create(
        year=today.year, number=next(_numbers), task=task, unit=lead_unit, issued_by=supervisor, issued_on=today,
        reason="滞后", requirement="说明原因", reply_due=today + timedelta(days=7), status="answered",
        reply="已整改", replied_by=reporter, replied_on=today)
    document = Document.objects.create(title=f"{key}文件", text=TEXT, content_hash=f"{key:x>64}"[-64:],
                                       office=office, issued_on=date(2024, 1, 10))
    start = TEXT.index("区科技局")
    draft = DraftMeasure.objects.create(document=document, title="新增研发机构10家", text=TEXT[start:-1],
                                        start=start, end=len(TEXT) - 1, category="科技创新")
    task_force = TaskForce.objects.create(name=f"{key}专班", leader=supervisor.person, office=office)
    return Plan(task=task, report=report, adjustment=adjustment, notice=notice, document=document, draft=draft,
                task_force=task_force)


def build_office_world() -> OfficeWorld:
    national_office = unit_factory("国家发展和改革委员会", level=UnitLevel.NATIONAL, is_office=True)
    national_unit = unit_factory("商务部", level=UnitLevel.NATIONAL)
    city = unit_factory("天津市人民政府", level=UnitLevel.CITY)
    city_office = unit_factory("天津市发展和改革委员会", level=UnitLevel.CITY, parent=city, is_office=True)
    district = unit_factory("天津市滨海新区人民政府", level=UnitLevel.DISTRICT, parent=city)
    district_office = unit_factory("滨海新区人民政府办公室", parent=district, is_office=True)
    district_unit = unit_factory("滨海新区商务局", parent=district)
    other = unit_factory("天津市东丽区人民政府", level=UnitLevel.DISTRICT, parent=city)
    other_office = unit_factory("东丽区人民政府办公室", parent=other, is_office=True)
    other_unit = unit_factory("东丽区科学技术局", parent=other)

    installation_sup = user_factory("installation_sup", role=Role.SUPERVISOR)
    city_sup = _scoped("city_sup", Role.SUPERVISOR, city_office)
    district_sup = _scoped("district_sup", Role.SUPERVISOR, district_office)
    other_sup = _scoped("other_sup", Role.SUPERVISOR, other_office)
    national_sup = _scoped("national_sup", Role.SUPERVISOR, national_office)
    district_leader = _scoped("district_leader", Role.LEADER, district_office)
    district_reporter = user_factory("district_rep", role=Role.REPORTER, unit=district_unit)
    other_reporter = user_factory("other_rep", role=Role.REPORTER, unit=other_unit)
    national_reporter = user_factory("national_rep", role=Role.REPORTER, unit=national_unit)

    plans = {
        # The city's task falls to the district's bureau: the district sees it, the city runs it.
        "city": _plan("city", city_office, district_unit, TaskLevel.CITY, district_reporter, city_sup),
        "district": _plan("district", district_office, district_unit, TaskLevel.DISTRICT, district_reporter,
                          district_sup),
        "other": _plan("other", other_office, other_unit, TaskLevel.DISTRICT, other_reporter, other_sup),
        "national": _plan("national", national_office, national_unit, TaskLevel.NATIONAL, national_reporter,
                          national_sup),
    }
    return OfficeWorld(national_office=national_office, city_office=city_office, district_office=district_office,
                       other_office=other_office, district_unit=district_unit, other_unit=other_unit,
                       national_unit=national_unit, installation_sup=installation_sup, city_sup=city_sup, district_sup=district_sup, other_sup=other_sup,
                       district_leader=district_leader, district_reporter=district_reporter, plans=plans)


def office_fingerprint() -> tuple[Any, ...]:
    """The world's fingerprint plus drafts and documents, for refusals in the office dimension."""
    from luoshi.oversight.tests.world import fingerprint

    return (fingerprint(), list(DraftMeasure.objects.order_by("pk").values_list("pk", "status", "title")),
            Document.objects.count())
