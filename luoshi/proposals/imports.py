"""Bulk import of the list the congress or CPPCC office sends (交办清单), all or nothing.

Layout: optional title rows, then a header with 编号 | 标题 | 领衔人 | 代表团/界别 | 附议人 | 内容分类 |
内容 | 重点 | 主办单位 | 会办单位 (only 编号, 标题 and 领衔人 are required; common other names of
each column are understood). Numbers may be written 123, 0123 or 第0123号. Several units in one
cell are separated by 、 , ; or spaces; a unit is found by its name, short name or an alias.
Rows that name a host unit are assigned on import, with the deadlines counted from the import
day, as proposal_assign does.

`proposals_import` validates every row first and lists every problem with its row, column and a
Chinese message; nothing is written while there is any. On commit the rows are validated again
inside the transaction and written in bulk (with history rows), so 5,000 rows take seconds.
The column declarations use luoshi.sheets.tabular; the page can move to the shared import
framework without changing this module's functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from luoshi.core.clock import business_today
from luoshi.core.errors import Conflict, DomainError
from luoshi.core.workdays import add_working_days
from luoshi.ledger.models import Unit
from luoshi.ledger.permissions import Action, require
from luoshi.portal.search import list_items
from luoshi.proposals.choices import AssignmentRole, ProposalStatus, ProposerKind
from luoshi.proposals.constants import workdays_for
from luoshi.proposals.models import Assignment, Proposal, Proposer, Session
from luoshi.sheets.tabular import Column, Problem, ReadError, read_sheet
from luoshi.sheets.tabular import cell_text as tabular_cell_text

MAX_ROWS = 20_000
BATCH_SIZE = 1000

# Headers are the file format: they stay Chinese whatever the page's language.
COLUMNS: tuple[Column, ...] = (
    Column("number", "编号", ("序号", "建议号", "提案号", "案号", "编 号"), required=True, width=10),
    Column("title", "标题", ("案由", "题目", "建议标题", "提案标题"), required=True, width=40),
    Column("lead", "领衔人", ("领衔代表", "提案人", "提出人", "第一提案人", "代表姓名"), required=True, width=10),
    Column("group", "代表团/界别", ("代表团", "界别", "所在代表团"), width=14),
    Column("co_signers", "附议人", ("联名人", "附议代表", "联名代表", "联名委员"), width=20),
    Column("category", "内容分类", ("类别", "分类", "内容类别"), width=12),
    Column("content", "内容", ("正文", "建议内容", "提案内容"), width=40),
    Column("is_key", "重点", ("是否重点", "重点建议", "重点提案"), width=8),
    Column("hosts", "主办单位", ("承办单位", "主办"), width=20),
    Column("co_units", "会办单位", ("协办单位", "会办"), width=20),
)
NUMBER = re.compile(r"^第?\s*0*(\d{1,6})\s*号?$")
YES = {"是", "重点", "√", "✓", "1", "y", "yes", "true"}

MSG_NUMBER = gettext_lazy("编号应为数字(如 123 或 第0123号),实际为“%(text)s”。")
MSG_REQUIRED = gettext_lazy("不能为空。")
MSG_DUPLICATE_IN_SHEET = gettext_lazy("编号%(code)s在表中重复(另见第 %(row)s 行)。")
MSG_DUPLICATE_IN_SESSION = gettext_lazy("%(session)s已有编号%(code)s,编号不能重复。")
MSG_UNIT_UNKNOWN = gettext_lazy("承办单位“%(name)s”不存在,请先在单位管理中添加或改用已有单位的名称。")
MSG_HOST_AND_CO = gettext_lazy("单位“%(name)s”不能既主办又会办。")
MSG_CO_WITHOUT_HOST = gettext_lazy("填写了会办单位,但没有主办单位。")


@dataclass
class ProposalRow:
    """One row, parsed: what it registers, and its units when it is assigned on import."""

    number: int
    sheet_row: int
    title: str
    lead: str
    group: str = ""
    co_signers: list[str] = field(default_factory=list)
    category: str = ""
    content: str = ""
    is_key: bool = False
    hosts: list[Unit] = field(default_factory=list)
    co_units: list[Unit] = field(default_factory=list)


@dataclass
class ProposalImportPreview:
    """The outcome of validating (and, on commit, writing) a list: rows read, problems, and
    whether it was written."""

    filename: str = ""
    rows: list[ProposalRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def assigned(self) -> int:
        return sum(1 for row in self.rows if row.hosts)


class ProposalImportRefused(DomainError):
    """A commit refused for problems in the list; carries the preview with every problem."""

    def __init__(self, preview: ProposalImportPreview) -> None:
        super().__init__(_("清单有 %(n)s 处问题,未导入任何数据。") % {"n": len(preview.problems)}, code="import_refused")
        self.preview = preview


def cell_text(value: Any) -> str:
    """A cell as trimmed text (numbers without a trailing .0)."""
    return tabular_cell_text(value)


def parse_number(value: Any) -> int | None:
    """123, 0123, "第0123号" → 123; None when the cell is no number."""
    match = NUMBER.match(cell_text(value))
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def unit_lookup() -> dict[str, Unit]:
    """Every name, short name and alias of every unit → the unit (loaded once per import)."""
    lookup: dict[str, Unit] = {}
    for unit in Unit.objects.only("name", "short_name", "aliases"):
        for name in unit.all_names:
            lookup.setdefault(name, unit)
    return lookup


def _units(text: str, lookup: dict[str, Unit], row: int, label: str, problems: list[Problem]) -> list[Unit]:
    units: list[Unit] = []
    for name in list_items(text):
        unit = lookup.get(name)
        if unit is None:
            problems.append(Problem(row, label, MSG_UNIT_UNKNOWN % {"name": name}))
        elif unit not in units:
            units.append(unit)
    return units


def proposal_rows_read(data: bytes, session: Session, filename: str = "") -> ProposalImportPreview:
    """Read and check every row of a list against the session; writes nothing."""
    preview = ProposalImportPreview(filename=filename)
    try:
        sheet, problems = read_sheet(data, COLUMNS, max_rows=MAX_ROWS)
    except ReadError as exc:
        preview.problems.append(Problem(None, "", str(exc.message)))
        return preview
    preview.problems.extend(problems)
    if sheet is None:
        return preview
    labels = sheet.labels
    lookup = unit_lookup()
    taken = set(Proposal.objects.filter(session=session, kind=session.kind).values_list("number", flat=True))
    seen: dict[int, int] = {}
    for sheet_row in sheet.rows:
        if sheet_row.is_blank():
            continue
        cells, number_row = sheet_row.cells, sheet_row.number
        row_problems: list[Problem] = []
        number = parse_number(cells.get("number"))
        if number is None:
            row_problems.append(Problem(number_row, labels.get("number", "编号"),
                                        MSG_NUMBER % {"text": cell_text(cells.get("number"))}))
        title, lead = cell_text(cells.get("title")), cell_text(cells.get("lead"))
        for key, value in (("title", title), ("lead", lead)):
            if not value:
                row_problems.append(Problem(number_row, labels.get(key, key), str(MSG_REQUIRED)))
        if number is not None:
            code = Proposal(number=number).code
            if number in seen:
                row_problems.append(Problem(number_row, labels.get("number", "编号"),
                                            MSG_DUPLICATE_IN_SHEET % {"code": code, "row": seen[number]}))
            elif number in taken:
                row_problems.append(Problem(number_row, labels.get("number", "编号"),
                                            MSG_DUPLICATE_IN_SESSION % {"session": session.name, "code": code}))
            seen.setdefault(number, number_row)
        hosts = _units(cell_text(cells.get("hosts")), lookup, number_row, labels.get("hosts", "主办单位"), row_problems)
        co = _units(cell_text(cells.get("co_units")), lookup, number_row, labels.get("co_units", "会办单位"),
                    row_problems)
        for unit in co:
            if unit in hosts:
                row_problems.append(Problem(number_row, labels.get("co_units", "会办单位"),
                                            MSG_HOST_AND_CO % {"name": unit}))
        if co and not hosts:
            row_problems.append(Problem(number_row, labels.get("hosts", "主办单位"), str(MSG_CO_WITHOUT_HOST)))
        if row_problems:
            preview.problems.extend(row_problems)
            continue
        assert number is not None
        preview.rows.append(ProposalRow(
            number=number, sheet_row=number_row, title=title[:300], lead=lead[:100],
            group=cell_text(cells.get("group"))[:100], co_signers=list_items(cell_text(cells.get("co_signers"))),
            category=cell_text(cells.get("category"))[:100], content=cell_text(cells.get("content")),
            is_key=cell_text(cells.get("is_key")).lower() in YES, hosts=hosts, co_units=co))
    return preview


def _proposers(rows: list[ProposalRow], kind: str) -> dict[tuple[str, str], Proposer]:
    """Proposers by (name, group), created in bulk where new. Co-signers carry the lead's group
    unless a proposer of that name already exists."""
    known: dict[tuple[str, str], Proposer] = {(p.name, p.group): p for p in Proposer.objects.filter(kind=kind)}
    by_name = {name: p for (name, _group), p in known.items()}
    wanted: dict[tuple[str, str], None] = {}
    for row in rows:
        wanted.setdefault((row.lead, row.group), None)
        for name in row.co_signers:
            if name not in by_name:
                wanted.setdefault((name[:100], row.group), None)
    new = [Proposer(name=name, group=group, kind=kind) for name, group in wanted if (name, group) not in known]
    for proposer in bulk_create_with_history(new, Proposer, batch_size=BATCH_SIZE, default_change_reason="导入"):
        known[(proposer.name, proposer.group)] = proposer
    if new and any(p.pk is None for p in new):  # databases that return no ids from bulk inserts
        known = {(p.name, p.group): p for p in Proposer.objects.filter(kind=kind)}
    return known


def proposals_import(*, user: Any, session: Session, data: bytes, filename: str = "", commit: bool = False,
                     today: date | None = None) -> ProposalImportPreview:
    """Validate a list and, with `commit`, register (and assign) every row, all or nothing.

    Raises PermissionDenied for anyone but a supervisor; ProposalImportRefused (carrying the
    preview) when a committed list has problems; Conflict when another import took a number
    meanwhile.
    """
    require(user, Action.PROPOSAL_MANAGE)
    today = today or business_today()
    if not commit:
        return proposal_rows_read(data, session, filename)
    try:
        with transaction.atomic():
            preview = proposal_rows_read(data, session, filename)
            if preview.problems:
                raise ProposalImportRefused(preview)
            _write(preview.rows, session, user, today)
    except IntegrityError as exc:
        raise Conflict(_("导入时另有人登记了相同编号,未导入任何数据,请重新导入。")) from exc
    preview.applied = True
    return preview


def _write(rows: list[ProposalRow], session: Session, user: Any, today: date) -> None:
    kind = session.kind
    proposers = _proposers(rows, ProposerKind.DEPUTY if kind == "suggestion" else ProposerKind.MEMBER)
    by_name = {name: p for (name, _group), p in proposers.items()}
    reply_due = add_working_days(today, workdays_for("PROPOSAL_REPLY_WORKDAYS", kind))
    opinion_due = add_working_days(today, workdays_for("PROPOSAL_OPINION_WORKDAYS", kind))
    items = [Proposal(
        session=session, kind=kind, number=row.number, title=row.title, content=row.content,
        lead_proposer=proposers[(row.lead, row.group)], category=row.category, is_key=row.is_key,
        status=ProposalStatus.ASSIGNED if row.hosts else ProposalStatus.REGISTERED,
        assigned_on=today if row.hosts else None, reply_due=reply_due if row.hosts else None,
        opinion_due=opinion_due if row.hosts else None) for row in rows]
    actor = user if getattr(user, "is_authenticated", False) else None
    bulk_create_with_history(items, Proposal, batch_size=BATCH_SIZE, default_user=actor, default_change_reason="导入")
    ids = dict(Proposal.objects.filter(session=session, kind=kind, number__in=[r.number for r in rows])
               .values_list("number", "pk"))
    through = Proposal.co_signers.through
    signers = []
    assignments: list[Assignment] = []
    for row in rows:
        pk = ids[row.number]
        lead_pk = proposers[(row.lead, row.group)].pk
        for signer_pk in dict.fromkeys((by_name.get(n) or proposers[(n[:100], row.group)]).pk for n in row.co_signers):
            if signer_pk != lead_pk:
                signers.append(through(proposal_id=pk, proposer_id=signer_pk))
        assignments.extend(Assignment(proposal_id=pk, unit=u, role=AssignmentRole.HOST, assigned_on=today)
                           for u in row.hosts)
        assignments.extend(Assignment(proposal_id=pk, unit=u, role=AssignmentRole.CO, assigned_on=today)
                           for u in row.co_units)
    through.objects.bulk_create(signers, batch_size=BATCH_SIZE)
    bulk_create_with_history(assignments, Assignment, batch_size=BATCH_SIZE, default_user=actor,
                             default_change_reason="导入")
