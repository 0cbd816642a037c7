"""The briefing PDF embeds its CJK font as a subset, so poppler renders and extracts the Chinese
text (issue 12, point 6)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from luoshi.briefings.exports import fonts
from luoshi.briefings.services import briefing_generate
from luoshi.briefings.tests.conftest import Ledger

pytestmark = pytest.mark.django_db


def poppler(tool: str) -> str:
    binary = shutil.which(tool)
    assert binary, f"{tool} (poppler-utils) is not installed; `make test` installs it"
    return binary


def test_poppler_renders_the_briefing_pdf_and_finds_its_chinese_text(ledger: Ledger, tmp_path: Path) -> None:
    briefing = briefing_generate(user=ledger.personas.supervisor, period="2024", scope={})
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(briefing.pdf_file.open("rb").read())

    listed = subprocess.run([poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    # reportlab always lists its initial font, Helvetica (one of the 14 fonts every viewer has);
    # every other font must be embedded, as a subset, with a Unicode map.
    font_rows = [line.split() for line in listed.splitlines()[2:] if line.strip() and
                 not line.startswith("Helvetica ")]
    assert font_rows, listed
    for row in font_rows:  # name, type…, emb, sub, uni, object, id
        assert "+" in row[0] and row[-5:-2] == ["yes", "yes", "yes"], listed
    assert any("WenQuanYiZenHei" in row[0] for row in font_rows), listed

    subprocess.run([poppler("pdftoppm"), "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True)
    (page,) = tmp_path.glob("page*.png")
    assert page.stat().st_size > 5000

    text = subprocess.run([poppler("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = text.replace(" ", "").replace("\n", "")
    assert briefing.title in flat
    assert "一、总体进展" in flat and "纳入台账的9项重点任务中" in flat


def test_a_missing_font_is_a_clear_error(settings: Settings, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    fonts.pdf_font.cache_clear()
    settings.LUOSHI = {**settings.LUOSHI, "PDF_FONT": str(tmp_path / "none.ttf")}
    monkeypatch.setattr(fonts, "PDF_FONT_CANDIDATES", [str(tmp_path / "missing.ttc")])
    try:
        with pytest.raises(fonts.FontMissing) as error:
            fonts.pdf_font()
        assert "fonts-wqy-zenhei" in str(error.value) and "LUOSHI_PDF_FONT" in str(error.value)
    finally:
        fonts.pdf_font.cache_clear()


def test_an_opentype_font_is_skipped_for_a_truetype_one(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # CFF outlines: reportlab cannot embed them
    fonts.pdf_font.cache_clear()
    settings.LUOSHI = {**settings.LUOSHI, "PDF_FONT": noto}
    try:
        assert fonts.pdf_font() == fonts.PDF_FONT_NAME
    finally:
        fonts.pdf_font.cache_clear()
