"""The demo's offices: one per level of the seeds' chain, each with its own supervisor.

National commission (国家发展改革委), the city's commission (市发改委), the district government's
office with its supervision room (区政府办) and the Tianjin Port Free Trade Zone's administration
(天津港保税区). A seed document belongs to the office of its level (the press conference to the
city, the work report to the district), so the tasks confirmed from it belong there too; any
other task without an office gets the office of its level. Each step is idempotent.

The `supervisor` account stays bound to no office: it sees and runs the whole installation, as
every existing guide says.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from luoshi.core.history import recording
from luoshi.documents.models import Document
from luoshi.ledger.choices import Role, TaskLevel
from luoshi.ledger.models import Person, Task, Unit
from luoshi.ledger.services.drafts import level_for_document

# task level → the short name of the unit that is the office of that level
OFFICE_BY_LEVEL: dict[str, str] = {
    TaskLevel.NATIONAL: "国家发展改革委",
    TaskLevel.CITY: "市发改委",
    TaskLevel.DISTRICT: "区政府办",
    TaskLevel.ZONE: "天津港保税区",
}

# (username, name, office short name, post): one supervisor per office
DEMO_OFFICE_ACCOUNTS = [
    ("sup_national", "督查员 国家发展改革委 郑宏", "国家发展改革委", "地区振兴司"),
    ("sup_city", "督查员 市发改委 孙悦", "市发改委", "区域协调处"),
    ("sup_district", "督查员 区政府办 刘洋", "区政府办", "督查室"),
    ("sup_zone", "督查员 保税区 周宁", "天津港保税区", "督查科"),
]


def demo_offices_load() -> dict[str, Unit]:
    """Mark the four offices (task level → office unit); units missing from the tree are skipped."""
    offices: dict[str, Unit] = {}
    for level, short_name in OFFICE_BY_LEVEL.items():
        unit = Unit.objects.filter(short_name=short_name).first()
        if unit is None:
            continue
        if not unit.is_office:
            unit.is_office = True
            unit.save(update_fields=["is_office", "updated_at"])
        offices[level] = unit
    return offices


def demo_office_accounts_load(password: str) -> list[tuple[str, str, str]]:
    """One supervisor per office; returns (username, password, role and office) to print."""
    User = get_user_model()
    accounts = []
    for username, name, office_name, post in DEMO_OFFICE_ACCOUNTS:
        office = Unit.objects.filter(short_name=office_name, is_office=True).first()
        if office is None:
            continue
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.save()
        Person.objects.update_or_create(user=user, defaults={
            "name": name, "role": Role.SUPERVISOR, "unit": office, "office": office, "post": post})
        accounts.append((username, password, f"{Role.SUPERVISOR.label}({office})"))
    return accounts


def demo_documents_office_set(documents: list[Document], offices: dict[str, Unit]) -> None:
    """Give each document without an office the office of its level (its issuer's)."""
    for document in documents:
        if document.office_id is None:
            office = offices.get(level_for_document(document))
            if office is not None:
                document.office = office
                document.save(update_fields=["office", "updated_at"])


def demo_tasks_office_fill(offices: dict[str, Unit] | None = None) -> int:
    """Give every task without an office the office of its level; returns how many changed.

    Tasks are saved one by one inside `recording`, so each change is in the task's history and
    the audit log (a bulk UPDATE would look, to `audit verify`, like a change outside the services)."""
    offices = offices if offices is not None else demo_offices_load()
    changed = 0
    for level, office in offices.items():
        for task in Task.objects.filter(office__isnull=True, level=level).order_by("pk"):
            task.office = office
            with recording(reason=_("演示数据:按层级归入督查机构")):
                task.save(update_fields=["office", "updated_at"])
            changed += 1
    return changed
