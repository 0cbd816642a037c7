"""The Word briefing follows the layout of Chinese official documents (GB/T 9704-2012) and opens
in LibreOffice (issue 12, point 6)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from luoshi.briefings.models import Briefing
from luoshi.briefings.services import briefing_generate
from luoshi.briefings.tests.conftest import Ledger
from luoshi.briefings.tests.office import converted_pdf_text
from luoshi.ledger.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing(ledger: Ledger) -> Briefing:
    person = Person.objects.get(user=ledger.personas.supervisor)
    person.unit = ledger.personas.unit_a
    person.save()
    ledger.personas.supervisor.person = person
    return briefing_generate(user=ledger.personas.supervisor, period="2024-09", scope={})


def docx_bytes(briefing: Briefing) -> bytes:
    return briefing.docx_file.open("rb").read()


def east_asian(element: object) -> str | None:
    fonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts"))  # type: ignore[attr-defined]
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_page_has_the_standard_margins_and_grid(briefing: Briefing) -> None:
    section = WordDocument(io.BytesIO(docx_bytes(briefing))).sections[0]
    for measured, expected in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                               (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
        assert measured is not None and abs(measured - Mm(expected)) < Mm(0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert int(grid.get(qn("w:linePitch"))) == round(225 / 22 / 25.4 * 1440)  # 22 lines in 225 mm


def test_title_recipients_body_signature_and_date_are_where_the_standard_puts_them(briefing: Briefing) -> None:
    document = WordDocument(io.BytesIO(docx_bytes(briefing)))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.text == briefing.title and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and east_asian(title.runs[0]._r) == "方正小标宋简体"
    recipients = next(p for p in paragraphs if p.text.startswith("主送："))
    assert recipients.text == "主送：各有关单位："
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16) and east_asian(normal.element) == "仿宋_GB2312"
    heading = next(p for p in paragraphs if p.text == "一、总体进展")
    assert east_asian(heading.runs[-1]._r) == "黑体"
    body = next(p for p in paragraphs if p.text.startswith("截至2024年9月底"))
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters of 3号
    signer, day = paragraphs[-2], paragraphs[-1]
    assert signer.text == "滨海新区科学技术局" and signer.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    generated = briefing.generated_at
    assert day.text.endswith("日") and day.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert str(generated.year) in day.text
    footer_xml = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "— " in footer_xml


def test_the_fangsong_fonts_fall_back_by_name(briefing: Briefing) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes(briefing))) as package:
        font_table = package.read("word/fontTable.xml").decode()
    for name, alternative in (("仿宋_GB2312", "仿宋"), ("仿宋", "FangSong"), ("FangSong", "STFangsong"),
                              ("方正小标宋简体", "华文中宋")):
        assert f'w:name="{name}"><w:altName w:val="{alternative}"/>' in font_table


def test_the_word_file_opens_in_libreoffice_as_an_official_document(briefing: Briefing) -> None:
    text = converted_pdf_text(docx_bytes(briefing), ".docx")
    for part in (briefing.title, "主送：各有关单位：", "一、总体进展", "滨海新区科学技术局", "年"):
        assert part.replace(" ", "") in text, part
