"""The meta step: title, date, genre and issuer."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.documents.extraction import extract
from luoshi.documents.extraction.datatypes import DocumentMeta, Section, Span, Speaker, WorkingDocument
from luoshi.documents.extraction.meta import document_kind, first_date, issue_date, read_meta

from .builders import section


def _document(
    text: str,
    *,
    speakers: tuple[Speaker, ...] = (),
    sections: tuple[Section, ...] = (),
    furniture: tuple[Span, ...] = (),
    reference: date | None = None,
) -> WorkingDocument:
    first_line = text.split("\n", 1)[0]
    meta = DocumentMeta(title_span=Span(0, len(first_line), "title", first_line), speakers=speakers)
    return WorkingDocument(
        text=text, meta=meta, sections=sections, furniture=furniture, reference_date=reference
    )


def test_a_work_report_takes_its_date_from_the_title_and_its_issuer_from_the_byline() -> None:
    text = "2024年政府工作报告 ——2024年1月10日在某区人民代表大会上\n某区区长 张三\n正文。"
    byline = Speaker("某区", "区长", "张三", Span(38, 45, "speaker", "某区区长 张三"))
    meta = read_meta(_document(text, speakers=(byline,))).meta
    assert (meta.title, meta.date, meta.kind, meta.issuer) == (
        "2024年政府工作报告",
        date(2024, 1, 10),
        "work_report",
        "某区",
    )


def test_a_press_conference_takes_its_date_from_the_page_furniture() -> None:
    text = "某市召开新闻发布会\n稿源:某网 2024-09-30 00:08\n9月29日,某市政府新闻办召开新闻发布会。"
    furniture = (Span(10, 31, "furniture:byline", text[10:31]),)
    meta = read_meta(_document(text, furniture=furniture)).meta
    assert (meta.kind, meta.date, meta.issuer) == ("press_conference", date(2024, 9, 30), "某市政府新闻办")


def test_a_document_without_a_date_takes_the_reference_date() -> None:
    meta = read_meta(_document("某某工作方案\n正文。", reference=date(2023, 5, 1))).meta
    assert meta.date == date(2023, 5, 1)


def test_speakers_are_listed_once_each() -> None:
    speaker = Speaker("区财政局", "局长", "刘芳", Span(0, 1, "speaker", "x"))
    again = Speaker("区财政局", "局长", "刘芳", Span(5, 6, "speaker", "y"))
    meta = read_meta(_document("标题\n正文", speakers=(speaker, again))).meta
    assert len(meta.speakers) == 1


@pytest.mark.parametrize(
    ("title", "opening", "kind"),
    [
        ("某区召开新闻发布会", "", "press_conference"),
        ("2024年政府工作报告", "", "work_report"),
        ("关于做好2024年重点工作的通知", "", "notice"),
        ("关于支持先进制造业发展的若干措施", "", "policy"),
        ("某某材料", "现在，我代表区人民政府向大会报告工作", "policy"),
        ("某某材料", "区长在政府工作报告中说", "work_report"),
    ],
)
def test_it_tells_the_genre(title: str, opening: str, kind: str) -> None:
    assert document_kind(title, opening, ()) == kind


def test_review_and_plan_parts_make_a_work_report() -> None:
    text = "材料\n2023年工作回顾\n2024年重点工作\n"
    sections = (section(text, "2023年工作回顾", index=1), section(text, "2024年重点工作", index=2))
    assert document_kind("材料", "", sections) == "work_report"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年1月10日", date(2024, 1, 10)),
        ("发布 2024-09-30 00:08", date(2024, 9, 30)),
        ("check 2024/1/11 8:49", date(2024, 1, 11)),
        ("2024年13月40日 然后 2023年2月1日", date(2023, 2, 1)),
        ("没有日期", None),
    ],
)
def test_it_reads_the_first_valid_full_date(text: str, expected: date | None) -> None:
    assert first_date(text) == expected


@pytest.mark.parametrize(
    ("text", "issued"),
    [
        ("关于印发工作要点的通知\n根据2024年3月1日会议精神，制定本要点。\n某县人民政府办公室\n2024年3月18日\n", date(2024, 3, 18)),
        ("实施方案\n自2025年1月1日起执行。\n江岭省人民政府\n二〇二四年十二月二十日\n", date(2024, 12, 20)),
        ("实施方案\n按照2023年5月6日部署，2023年6月2日印发。\n", date(2023, 6, 2)),
        ("实施方案\n自2025年1月1日起执行。\n", None),
        ("实施方案\n某县人民政府\n2025年2月30日\n", None),
    ],
)
def test_the_issue_date_is_the_signatures_not_the_first_in_the_text(text: str, issued: date | None) -> None:
    assert issue_date(text) == issued


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("某市数字经济提速行动方案（2025—2026年）", "某市数字经济提速行动方案（2025—2026年）"),
        ("坚定信心 真抓实干——某区2025年政府工作报告", "坚定信心 真抓实干"),
        ("某县优化营商环境工作要点 — 2025年版", "某县优化营商环境工作要点"),
    ],
)
def test_a_year_range_in_the_title_is_no_subtitle(line: str, title: str) -> None:
    """Issue #11: a plan's title keeps its 2025—2026年; a dash between words still starts a subtitle."""
    assert extract(line + "\n\n一、重点任务\n1.建设平台。（牵头单位：市数据局）\n").meta.title == title
