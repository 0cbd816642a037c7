"""Task-division tables (任务分工表) in Excel and Word read into drafts through the shared import
flow: a preview naming each row's problem, all or nothing on commit (issue #11 point 3)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook

from luoshi.briefings.jobs import jobs_run_pending
from luoshi.core.tests.zipbombs import bomb
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.imports import COLUMNS, KIND, tasktable_import
from luoshi.ledger.models import DraftParent, Task
from luoshi.ledger.tests.factories import PASSWORD, Personas
from luoshi.sheets.models import HeaderAlias
from luoshi.sheets.pending import ImportRefused

pytestmark = pytest.mark.django_db

HEADER = ["序号", "任务类别", "具体举措", "牵头单位", "配合单位", "责任人", "时间节点", "工作目标", "上级任务编号"]


def workbook(rows: list[list[Any]], header: list[str] = HEADER, merge_category: bool = False) -> bytes:
    """A table in an office's layout: a merged title, a note row, the header on row 3."""
    book = Workbook()
    sheet = book.active
    sheet.append(["某州2025年稳外贸重点任务分工表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["填报单位:州商务局"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge_category:
        sheet.merge_cells(start_row=4, start_column=2, end_row=5, end_column=2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS: list[list[Any]] = [
    [1, "外贸主体", "培育外贸综合服务企业", "州商务局", "州财政局、州税务局", "张力", "2025年6月底前", "新增3家", None],
    [2, None, "支持企业参加境外展会", "州商务局", "州贸促会", None, date(2025, 10, 31), "参展100家次", None],
    [3, "通关便利", "压缩进出口整体通关时间", "州口岸办", "州海关\n州交通运输局", None, "持续推进", None, None],
]


def test_a_table_becomes_drafts_under_its_categories(personas: Personas) -> None:
    preview = tasktable_import(data=workbook(ROWS, merge_category=True), user=personas.supervisor,
                               filename="某州2025年稳外贸任务分工表.xlsx", commit=True)
    assert preview.applied and preview.done_url.startswith("/ledger/review/")
    document = Document.objects.get()
    drafts = list(document.measures.order_by("start", "pk"))
    headings = [d.title for d in drafts if d.heading]
    measures = [d for d in drafts if not d.heading]
    assert headings == ["外贸主体", "通关便利"]
    first, second, third = measures
    assert first.parent is not None and first.parent.title == "外贸主体" and second.parent == first.parent
    assert first.lead_unit_name == "州商务局" and first.co_unit_names == ["州财政局", "州税务局"]
    assert first.responsible_person_name == "张力"
    assert first.deadline == date(2025, 6, 30) and first.expected_outcome == "新增3家"
    assert second.deadline == date(2025, 10, 31)
    assert third.ongoing and third.co_unit_names == ["州海关", "州交通运输局"]
    assert all(document.text[d.start:d.end] == d.text for d in drafts)


def test_category_rows_head_the_rows_after_them(personas: Personas) -> None:
    rows: list[list[Any]] = [
        ["一、稳定外贸主体", None, None, None, None, None, None, None, None],
        [1, None, "培育外贸综合服务企业", "州商务局", None, None, None, None, None],
        ["二、提升通关效率", None, None, None, None, None, None, None, None],
        [2, None, "压缩进出口整体通关时间", "州口岸办", None, None, None, None, None],
    ]
    tasktable_import(data=workbook(rows), user=personas.supervisor, filename="分工表.xlsx", commit=True)
    measures = DraftMeasure.objects.filter(heading=False).order_by("start")
    assert [m.parent.title for m in measures if m.parent] == ["稳定外贸主体", "提升通关效率"]


def test_a_parent_code_column_chooses_the_higher_level_task(personas: Personas) -> None:
    city = Task.objects.create(code="2025-C-0042", title="稳住外贸基本盘", level="city")
    rows = [[1, None, "培育外贸综合服务企业", "州商务局", None, None, None, None, "2025-C-0042"]]
    tasktable_import(data=workbook(rows), user=personas.supervisor, filename="分工表.xlsx", commit=True)
    link = DraftParent.objects.get()
    assert link.parent == city and link.measure.title == "培育外贸综合服务企业"


def test_an_unknown_parent_code_is_a_row_error_and_nothing_is_written(personas: Personas) -> None:
    rows = [ROWS[0][:8] + [None], [2, None, "支持企业参加境外展会", "州商务局", None, None, None, None, "2025-C-9999"]]
    preview = tasktable_import(data=workbook(rows), user=personas.supervisor, filename="分工表.xlsx", commit=False)
    assert [(p.row, p.column) for p in preview.problems] == [(5, "上级任务编号")]
    assert "2025-C-9999" in preview.problems[0].message
    with pytest.raises(ImportRefused):
        tasktable_import(data=workbook(rows), user=personas.supervisor, filename="分工表.xlsx", commit=True)
    assert not Document.objects.exists() and not DraftMeasure.objects.exists()


def test_a_table_without_a_task_column_is_refused_clearly(personas: Personas) -> None:
    data = workbook([[1, "州商务局", "2025年底"]], header=["序号", "牵头单位", "完成时限"])
    preview = tasktable_import(data=data, user=personas.supervisor, filename="分工表.xlsx", commit=False)
    assert not preview.ok and "任务内容" in preview.problems[0].message


def test_a_merged_cell_hiding_a_row_is_named(personas: Personas) -> None:
    rows = [ROWS[0], [2, None, None, "州贸促会", None, None, "2025年底前", None, None]]
    preview = tasktable_import(data=workbook(rows), user=personas.supervisor, filename="分工表.xlsx", commit=False)
    assert [(p.row, p.column) for p in preview.problems] == [(5, "具体举措")]
    assert "合并单元格" in preview.problems[0].message


def test_an_impossible_date_and_a_row_without_unit_are_flagged_drafts(personas: Personas) -> None:
    rows = [[1, None, "培育外贸综合服务企业", None, None, None, "2025年2月30日", None, None]]
    preview = tasktable_import(data=workbook(rows), user=personas.supervisor, filename="分工表.xlsx", commit=True)
    assert preview.applied and len(preview.notices) == 2
    draft = DraftMeasure.objects.get()
    assert set(draft.problems) == {"invalid_deadline", "note_without_unit"} and draft.deadline is None


def test_an_unknown_header_is_mapped_once_and_read_on_every_later_import(personas: Personas) -> None:
    header = [*HEADER[:3], "主办处室", *HEADER[4:]]
    data = workbook([ROWS[0]], header=header)
    preview = tasktable_import(data=data, user=personas.supervisor, filename="分工表.xlsx", commit=False)
    assert preview.unknown_headers == ["主办处室"]
    HeaderAlias.objects.create(kind=KIND, header="主办处室", column="lead")
    preview = tasktable_import(data=data, user=personas.supervisor, filename="分工表.xlsx", commit=True)
    draft = DraftMeasure.objects.get(heading=False)
    assert not preview.unknown_headers, preview.notices
    assert draft.lead_unit_name == "州商务局", (draft.co_unit_names, preview.notices)


def test_a_word_table_goes_through_the_same_reader(personas: Personas) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某县2025年农村人居环境整治任务分工")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "责任单位", "完成时限", "预期成效"], strict=True):
        cell.text = text
    for values in (["1", "推进农村厕所改造", "县农业农村局、县卫生健康局", "2025年11月底前", "改厕2000户"],
                   ["2", "开展村庄清洁行动", "各乡镇人民政府", "常态化推进", ""]):
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    tasktable_import(data=out.getvalue(), user=personas.supervisor, filename="分工.docx", commit=True)
    first, second = DraftMeasure.objects.order_by("start")
    assert first.lead_unit_name == "县农业农村局" and first.co_unit_names == ["县卫生健康局"]
    assert first.deadline == date(2025, 11, 30) and first.expected_outcome == "改厕2000户"
    assert second.ongoing and second.lead_unit_name == "各乡镇人民政府"


def test_a_zip_bomb_is_refused_before_it_is_read(personas: Personas) -> None:
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    # one entry, word/document.xml holding 300 MB of "0", deflated (without deflating 300 MB here)
    data = bomb(empty.getvalue(), part="word/document.xml", megabytes=300, fill=b"0")
    preview = tasktable_import(data=data, user=personas.supervisor, filename="bomb.docx", commit=True)
    assert not preview.ok and not Document.objects.exists()


def test_the_page_previews_commits_and_leads_to_the_review(personas: Personas) -> None:
    client = Client()
    client.login(username=personas.supervisor.username, password=PASSWORD)
    upload = io.BytesIO(workbook(ROWS))
    upload.name = "分工表.xlsx"
    page = client.post("/ledger/tasktable/import/", {"file": upload})
    assert page.status_code == 200 and "培育外贸综合服务企业" in page.content.decode()
    token = page.context["token"]
    queued = client.post(f"/ledger/tasktable/import/{token}/commit/")
    assert queued.status_code == 302 and queued["Location"].startswith("/briefings/jobs/")
    assert not Document.objects.exists()  # the commit is a job: nothing written until it runs
    jobs_run_pending()
    done = client.get(f"{queued['Location']}progress/", HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"].startswith("/ledger/review/")
    review = client.get(done["HX-Redirect"]).content.decode()
    assert review.count('draft-heading') == 2 and "州财政局、州税务局" in review
    reporter = Client()
    reporter.login(username=personas.reporter_a.username, password=PASSWORD)
    assert reporter.get("/ledger/tasktable/import/").status_code == 403


def test_the_columns_speak_the_text_readers_words() -> None:
    """One vocabulary: every header this import knows is a column word of the text reader of tables."""
    from luoshi.documents.extraction.tasktable import _column

    for column in COLUMNS:
        if column.key in ("parent_code", "remark"):
            continue
        for header in (column.label, *column.aliases):
            assert _column(header) is not None, header


def test_the_preview_asks_once_for_an_unknown_header_and_keeps_the_answer(personas: Personas) -> None:
    client = Client()
    client.login(username=personas.supervisor.username, password=PASSWORD)
    upload = io.BytesIO(workbook([ROWS[0]], header=[*HEADER[:3], "主办处室", *HEADER[4:]]))
    upload.name = "分工表.xlsx"
    page = client.post("/ledger/tasktable/import/", {"file": upload})
    assert 'id="column-mapping"' in page.content.decode()
    token = page.context["token"]
    mapped = client.post(f"/ledger/tasktable/import/{token}/columns/",
                         {"index": ["0"], "header_0": "主办处室", "column_0": "lead"})
    assert mapped.status_code == 200 and 'id="column-mapping"' not in mapped.content.decode()
    assert HeaderAlias.objects.get(kind=KIND, header="主办处室").column == "lead"
    client.post(f"/ledger/tasktable/import/{mapped.context['token']}/commit/")
    jobs_run_pending()
    assert DraftMeasure.objects.get(heading=False).lead_unit_name == "州商务局"


def test_a_header_cannot_be_mapped_to_a_column_the_flow_lacks(personas: Personas) -> None:
    from luoshi.core.errors import DomainError
    from luoshi.sheets.pending import header_aliases_save

    with pytest.raises(DomainError):
        header_aliases_save(kind=KIND, mapping={"主办处室": "password"}, columns=COLUMNS, user=personas.supervisor)
    assert not HeaderAlias.objects.exists()


def test_the_same_table_twice_is_refused_and_a_bulk_confirm_takes_headings_in_their_stride(
        personas: Personas) -> None:
    from luoshi.ledger.services import draft_measures_confirm_bulk
    from luoshi.ledger.services.tasks import unit_create

    tasktable_import(data=workbook(ROWS[:2]), user=personas.supervisor, filename="分工表.xlsx", commit=True)
    again = tasktable_import(data=workbook(ROWS[:2]), user=personas.supervisor, filename="分工表.xlsx", commit=False)
    assert not again.ok and "已导入过" in again.problems[0].message
    for name in ("州商务局", "州财政局", "州税务局", "州贸促会"):
        unit_create(name=name, level="department")
    drafts = list(DraftMeasure.objects.order_by("-heading"))  # a heading after its measures, too
    tasks = draft_measures_confirm_bulk(measures=[*reversed(drafts), *drafts], user=personas.supervisor)
    assert len(tasks) == 2 and Task.objects.filter(source_measure__heading=True).count() == 1


def test_a_parent_code_at_a_lower_level_is_a_row_error(personas: Personas) -> None:
    Task.objects.create(code="2025-Z-0001", title="园区外贸任务", level="zone")
    rows = [[1, None, "培育外贸综合服务企业", "州商务局", None, None, None, None, "2025-Z-0001"]]
    preview = tasktable_import(data=workbook(rows), user=personas.supervisor, filename="分工表.xlsx", commit=False)
    assert [(p.row, p.column) for p in preview.problems] == [(4, "上级任务编号")]
