"""Ingest of a plan with a task list: headings become heading drafts, measures sit under them with
every unit, deadline, person and outcome their notes state (issue #11 points 1–2)."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.documents.models import DraftMeasure
from luoshi.documents.services import document_ingest

pytestmark = pytest.mark.django_db

# Composed in the manner of a county's implementation plan; no real plan's wording.
PLAN = """青山县推进县域商业体系建设实施方案（2025—2026年）

为加快补齐县域商业短板，制定本方案。

一、指导思想

坚持以人民为中心，统筹城乡商业发展。

二、重点任务

（一）完善县域商业网络

1.改造提升乡镇商贸中心。每个乡镇至少改造1个商贸中心。（牵头单位：县商务局；配合单位：县财政局、县自然资源局；完成时限：2025年12月底前）

2.发展农村物流共同配送。整合快递、邮政资源。（牵头单位：县交通运输局、县邮政分公司；配合单位：各乡镇人民政府；完成时限：持续推进）

（二）培育县域商业主体

3.支持连锁企业下沉。鼓励连锁企业在乡镇开设门店。（牵头单位：县数据局；配合单位：县商务局；责任人：王建国；预期成效：新增门店20家；完成时限：2025年2月30日前）

三、保障措施

加强组织领导，各部门要密切配合。
"""


def test_a_plan_becomes_heading_drafts_with_their_measures_under_them() -> None:
    document = document_ingest(data=PLAN.encode("utf-8"), filename="plan.txt").document
    drafts = list(document.measures.order_by("start"))
    headings = [d for d in drafts if d.heading]
    measures = [d for d in drafts if not d.heading]
    assert [h.title for h in headings] == ["重点任务", "完善县域商业网络", "培育县域商业主体"]
    assert len(measures) == 3 and all(document.text[m.start:m.end] == m.text for m in drafts)
    first, second, third = measures
    assert first.parent == headings[1] and third.parent == headings[2] and headings[1].parent == headings[0]
    assert first.category == "重点任务 › 完善县域商业网络"
    assert first.lead_unit_name == "县商务局" and first.co_unit_names == ["县财政局", "县自然资源局"]
    assert first.deadline == date(2025, 12, 31)
    assert second.ongoing and second.lead_unit_name == "县交通运输局"
    assert second.co_unit_names[0] == "县邮政分公司" and "several_lead_units" in second.problems
    assert "invalid_deadline" in third.problems and third.deadline is None
    assert third.responsible_person_name == "王建国" and third.expected_outcome == "新增门店20家"


def test_a_work_report_keeps_its_action_measures() -> None:
    report = "某县2025年政府工作报告\n\n2025年重点工作\n\n县发展改革局牵头，年内建成5G基站300个。加快建设产业园区。\n"
    document = document_ingest(data=report.encode("utf-8"), filename="report.txt").document
    assert document.kind == "work_report"
    assert document.measures.exists() and not document.measures.filter(heading=True).exists()


def test_a_framing_section_gives_no_draft() -> None:
    document = document_ingest(data=PLAN.encode("utf-8"), filename="plan.txt").document
    assert not DraftMeasure.objects.filter(document=document, title__contains="指导思想").exists()
    assert not DraftMeasure.objects.filter(document=document, title__contains="保障措施").exists()
