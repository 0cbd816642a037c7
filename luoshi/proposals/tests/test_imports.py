"""proposals_import: the office's list, previewed with row problems, written all or nothing."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook

from luoshi.core.errors import PermissionDenied
from luoshi.ledger.tests.factories import Personas
from luoshi.proposals.choices import AssignmentRole, ProposalStatus
from luoshi.proposals.imports import ProposalImportRefused, parse_number, proposals_import
from luoshi.proposals.models import Assignment, Proposal, Proposer
from luoshi.proposals.tests.factories import proposal_factory, session_factory

HEADER = ["编号", "案由", "领衔代表", "代表团", "附议人", "类别", "重点", "主办单位", "会办单位"]


def workbook(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["滨海新区第四届人民代表大会第四次会议代表建议交办清单"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("cell", "number"), [(123, 123), ("0123", 123), ("第0123号", 123), (12.0, 12),
                                              ("abc", None), (0, None)])
def test_parse_number(cell: Any, number: int | None) -> None:
    assert parse_number(cell) == number


def test_a_clean_list_is_previewed_then_written_and_assigned(personas: Personas) -> None:
    session = session_factory()
    data = workbook([
        ["第0001号", "关于增设社区食堂的建议", "张伟", "塘沽代表团", "李娜、王强", "民生保障", "是", "区科技局",
         "区生态环境局"],
        [2, "关于优化公交线路的建议", "李娜", "汉沽代表团", "", "城市建设", "", "", ""],
    ])
    preview = proposals_import(user=personas.supervisor, session=session, data=data)
    assert preview.ok and len(preview.rows) == 2 and not Proposal.objects.exists()
    done = proposals_import(user=personas.supervisor, session=session, data=data, commit=True, today=date(2024, 2, 1))
    assert done.applied and done.assigned == 1
    first = Proposal.objects.get(number=1)
    assert first.is_key and first.status == ProposalStatus.ASSIGNED and first.reply_due is not None
    assert {p.name for p in first.co_signers.all()} == {"李娜", "王强"}
    roles = dict(Assignment.objects.filter(proposal=first).values_list("unit_id", "role"))
    assert roles == {personas.unit_a.pk: AssignmentRole.HOST, personas.unit_b.pk: AssignmentRole.CO}
    assert Proposal.objects.get(number=2).status == ProposalStatus.REGISTERED
    assert first.history.count() == 1
    assert Proposer.objects.filter(name="张伟").count() == 1


def test_every_problem_is_listed_with_its_row_and_nothing_is_written(personas: Personas) -> None:
    session = session_factory()
    proposal_factory(session=session, number=5)
    data = workbook([
        [1, "甲", "张伟", "", "", "", "", "不存在的局", ""],
        [1, "乙", "张伟", "", "", "", "", "", ""],
        [5, "丙", "张伟", "", "", "", "", "", ""],
        ["x", "", "", "", "", "", "", "", "区科技局"],
    ])
    preview = proposals_import(user=personas.supervisor, session=session, data=data)
    messages = [(p.row, p.column, p.message) for p in preview.problems]
    assert (3, "主办单位", "承办单位“不存在的局”不存在,请先在单位管理中添加或改用已有单位的名称。") in messages
    assert any(row == 4 and "表中重复" in message for row, _c, message in messages)
    assert any(row == 5 and "已有编号第0005号" in message for row, _c, message in messages)
    assert any(row == 6 and column == "编号" for row, column, _m in messages)
    assert any(row == 6 and column == "案由" for row, column, _m in messages)
    with pytest.raises(ProposalImportRefused) as caught:
        proposals_import(user=personas.supervisor, session=session, data=data, commit=True)
    assert len(caught.value.preview.problems) == len(preview.problems)
    assert Proposal.objects.count() == 1 and not Assignment.objects.exists()


def test_a_file_that_is_not_a_workbook_is_a_problem_not_an_error(personas: Personas) -> None:
    preview = proposals_import(user=personas.supervisor, session=session_factory(), data=b"not a workbook")
    assert not preview.ok and ".xlsx" in preview.problems[0].message


def test_only_supervisors_import(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        proposals_import(user=personas.reporter_a, session=session_factory(), data=workbook([]))
