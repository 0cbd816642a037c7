"""Loading the demo: units, accounts, the seed documents, and their confirmed drafts.

The demo data of each app (indicators, projects, oversight, the public outputs) lives beside
this loader in `web/demo/`, not in the domain apps. The Binhai project list is loaded only when
the work report it comes from is among the documents.

Every step is idempotent, so a second `make run` reuses the database and duplicates nothing:
units and accounts are matched by name, documents by content hash, and only drafts still
waiting for review are confirmed. One office per level, each with its own supervisor, is set
up by `offices.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.errors import DomainError
from luoshi.core.history import recording
from luoshi.documents.choices import DraftStatus, ItemKind
from luoshi.documents.models import Document
from luoshi.documents.services import document_ingest, document_read_file
from luoshi.indicators.services import target_confirm_from_item
from luoshi.ledger.choices import Role
from luoshi.ledger.models import Person, Task, Unit
from luoshi.ledger.services import (
    document_links_prepare,
    draft_measure_confirm,
    rollups_refresh_all,
    unit_directory,
)
from luoshi.projects.services import batch_confirm_from_item
from luoshi.web.demo.chain import demo_chain_load
from luoshi.web.demo.indicators import indicators_demo_load
from luoshi.web.demo.offices import (
    demo_documents_office_set,
    demo_office_accounts_load,
    demo_offices_load,
    demo_tasks_office_fill,
)
from luoshi.web.demo.outputs import demo_outputs_load
from luoshi.web.demo.oversight import oversight_demo_load
from luoshi.web.demo.progress import demo_business_date_set, demo_progress_load
from luoshi.web.demo.projects import project_list_source_among, projects_demo_load
from luoshi.web.demo.proposals import proposals_demo_load

UNITS_FILE = Path(__file__).with_name("units.json")
SUPPORTED_SUFFIXES = {".txt", ".text", ".html", ".htm", ".docx", ".pdf"}
DEMO_PASSWORD = "luoshi-demo-2024"

# (username, name, role, unit short name, post)
DEMO_ACCOUNTS = [
    ("supervisor", "督查员 王敏", Role.SUPERVISOR, "区政府办", "督查室主任"),
    ("reporter", "填报员 李强", Role.REPORTER, "区科技局", "综合科科员"),
    ("reporter2", "填报员 赵丽", Role.REPORTER, "区生态环境局", "综合科科员"),
    ("leader", "领导 陈刚", Role.LEADER, "滨海新区", "副区长"),
    ("admin", "管理员", Role.ADMIN, "区政府办", "系统管理员"),
]

# Demo only: which unit leads a confirmed measure that names none, by words in its text.
# A real office assigns units in bulk on the organise page; this gives the demo a plausible ledger.
DEMO_ASSIGNMENT = [
    (("科技", "创新", "研发", "人才", "专利", "实验室"), "区科技局"),
    (("生态", "绿色", "污染", "碳", "湿地", "海湾", "蓝天", "碧水", "净土"), "区生态环境局"),
    (("产业", "制造", "工业", "数字", "智能"), "区工业和信息化局"),
    (("开放", "外资", "贸易", "消费", "商圈", "电商"), "区商务局"),
    (("教育", "学校", "学位", "幼儿园", "高校"), "区教体局"),
    (("医疗", "医院", "健康", "医保"), "区卫生健康委"),
    (("就业", "社保", "养老"), "区人社局"),
    (("乡村", "农业", "农田", "农村", "种业"), "区农业农村委"),
    (("城市更新", "老旧小区", "住房", "海绵城市", "轨道"), "区住房建设委"),
    (("港口", "航运", "机场", "铁路", "高速", "交通"), "区交通运输局"),
    (("规划", "土地"), "区规划资源局"),
    (("政务服务", "营商环境", "一件事"), "区政务服务办"),
    (("保税区",), "天津港保税区"),
]


class DemoError(Exception):
    """The demo cannot load; the message says what is wrong and what to do."""


@dataclass
class DemoReport:
    units_created: int = 0
    documents_created: int = 0
    documents_existing: int = 0
    tasks_created: int = 0
    targets_confirmed: int = 0
    batches_confirmed: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def demo_units_load() -> int:
    created = 0
    for row in json.loads(UNITS_FILE.read_text(encoding="utf-8")):
        parent = Unit.objects.filter(name=row["parent"]).first() if row.get("parent") else None
        _, was_created = Unit.objects.get_or_create(
            name=row["name"],
            defaults={"short_name": row["short_name"], "level": row["level"], "parent": parent,
                      "aliases": "\n".join(row.get("aliases", []))},
        )
        created += int(was_created)
    return created


def demo_accounts_load() -> list[tuple[str, str, str]]:
    User = get_user_model()
    accounts = []
    for username, name, role, unit_name, post in DEMO_ACCOUNTS:
        unit = Unit.objects.filter(short_name=unit_name).first()
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == Role.ADMIN
            user.is_superuser = role == Role.ADMIN
            user.save()
        Person.objects.update_or_create(user=user, defaults={"name": name, "role": role, "unit": unit, "post": post})
        accounts.append((username, DEMO_PASSWORD, str(Role(role).label)))
    return accounts


def demo_document_paths(folder: Path) -> list[Path]:
    if not folder.exists():
        raise DemoError(f"文件夹不存在 / folder not found: {folder}。请用 DOCS=文件夹 指定种子文件所在的文件夹。")
    if not folder.is_dir():
        raise DemoError(f"不是文件夹 / not a folder: {folder}")
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file())
    if not paths:
        raise DemoError(f"文件夹中没有可导入的文件(.txt/.html/.docx/.pdf) / no documents in: {folder}")
    return paths


def _assign_demo_units(tasks: list[Task]) -> None:
    units = {u.short_name: u for u in Unit.objects.all()}
    for task in tasks:
        if task.lead_unit_id is not None:
            continue
        text = f"{task.category} {task.title}"
        for words, unit_name in DEMO_ASSIGNMENT:
            if any(w in text for w in words) and unit_name in units:
                task.lead_unit = units[unit_name]
                with recording(reason=_("演示数据")):  # a save, so the history and the audit log see it
                    task.save(update_fields=["lead_unit", "updated_at"])
                break


def demo_load(folder: Path, *, progress: Callable[[str], None] = lambda message: None) -> DemoReport:
    """Load units, accounts and every document in `folder`, then confirm their drafts.

    All documents are read before anything is written, so an unreadable file leaves the
    database as it was (DemoError names the file and the reason).
    """
    paths = demo_document_paths(folder)
    files: list[tuple[bytes, str]] = []
    for path in paths:
        try:
            files.append(document_read_file(path))
        except DomainError as exc:
            raise DemoError(str(exc.message)) from exc
    report = DemoReport()
    with transaction.atomic():
        report.units_created = demo_units_load()
        report.accounts = demo_accounts_load()
        offices = demo_offices_load()  # one office per level, each with its own supervisor
        report.accounts += demo_office_accounts_load(DEMO_PASSWORD)
        supervisor = get_user_model().objects.get(username="supervisor")
        directory = unit_directory()
        documents: list[Document] = []
        for data, name in files:
            try:
                result = document_ingest(data=data, filename=name, unit_directory=directory, user=supervisor)
            except DomainError as exc:
                raise DemoError(str(exc.message)) from exc
            documents.append(result.document)
            if result.created:
                report.documents_created += 1
            else:
                report.documents_existing += 1
            progress(f"{name}: {result.item_count} items, {result.measure_count} measures")
        demo_documents_office_set(documents, offices)  # before confirming: a task takes its document's office
        demo_business_date_set(documents)  # the demo runs as of its documents' time (see progress.py)
        for document in documents:
            document_links_prepare(document, supervisor)  # each plan linked to those confirmed before it
            new_tasks = [
                draft_measure_confirm(measure=m, user=supervisor)
                for m in document.measures.filter(status=DraftStatus.DRAFT).order_by("start")
            ]
            _assign_demo_units(new_tasks)
            report.tasks_created += len(new_tasks)
            for item in document.items.filter(status=DraftStatus.DRAFT):
                if item.kind == ItemKind.TARGET and target_confirm_from_item(item=item, user=supervisor):
                    report.targets_confirmed += 1
                elif item.kind == ItemKind.PROJECT and batch_confirm_from_item(item=item, user=supervisor):
                    report.batches_confirmed += 1
        demo_chain_load(documents, user=supervisor)  # national policies → city areas and measures → district, zone
        indicators_demo_load(user=supervisor)
        if project_list_source_among(documents):  # the Binhai project list only beside the report it comes from
            projects_demo_load(user=supervisor)
        oversight_demo_load()  # task force, reports, liaison, adjustment, snapshot, scores
        proposals_demo_load()  # sample suggestions and proposals (示例数据) in every state of handling
        demo_progress_load(documents, user=supervisor)  # the press conference's results as accepted reports
        demo_outputs_load(user=supervisor)  # public measures and a briefing, which read the above
        demo_tasks_office_fill(offices)  # every task the loaders above made without an office
        rollups_refresh_all()  # the roll-up of every parent, after the reports above
    return report
