"""Helpers for tests that open our files in LibreOffice, as an office would."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def converted_pdf_text(content: bytes, suffix: str) -> str:
    """Convert the file to PDF with `soffice --headless --convert-to pdf` and return the PDF's text."""
    binary = soffice()
    assert binary, "LibreOffice (soffice) is not installed; `make test` installs it"
    with tempfile.TemporaryDirectory(prefix="luoshi-office-") as folder:
        source = Path(folder) / f"file{suffix}"
        source.write_bytes(content)
        profile = Path(folder) / "profile"
        result = subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", folder, str(source)],
            capture_output=True, timeout=180, check=False,
        )
        pdf = Path(folder) / "file.pdf"
        assert result.returncode == 0 and pdf.exists(), result.stderr.decode(errors="replace")
        return pdf_text(pdf.read_bytes())


def pdf_text(content: bytes) -> str:
    import io

    reader = PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() or "" for page in reader.pages).replace(" ", "").replace("\n", "")
