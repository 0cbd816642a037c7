"""The CJK font embedded in briefing PDFs.

The trap: reportlab's built-in CJK font (STSong-Light) is only a reference to a font the
viewer must already have; poppler and many other viewers then show no Chinese at all. So the
PDF embeds a real font, as a subset (only the glyphs used). reportlab embeds TrueType outlines
(glyf) only, not the CFF outlines of Noto CJK, so the font is WenQuanYi Zen Hei (文泉驿正黑,
GPL-2.0 with the font embedding exception; Debian package `fonts-wqy-zenhei`, installed by
`make test` and `make run`), or any TrueType CJK font named by settings.LUOSHI["PDF_FONT"]
(environment variable LUOSHI_PDF_FONT).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

PDF_FONT_NAME = "LuoshiCJK"
PDF_FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian fonts-wqy-zenhei
    "/usr/share/fonts/truetype/arphic/uming.ttc",  # Debian fonts-arphic-uming
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # Debian fonts-droid-fallback
]
MSG_NO_FONT = ("PDF 需要可嵌入的中文 TrueType 字体,未找到。请安装 Debian 软件包 fonts-wqy-zenhei"
               "(apt-get install fonts-wqy-zenhei,make run / make test 会自动安装),"
               "或以环境变量 LUOSHI_PDF_FONT 指定字体文件。/ No embeddable CJK TrueType font found: "
               "install fonts-wqy-zenhei or set LUOSHI_PDF_FONT. Looked in: %(paths)s")


class FontMissing(RuntimeError):
    """No CJK TrueType font to embed: the message says which package to install."""


def pdf_font_candidates() -> list[str]:
    configured = str(getattr(settings, "LUOSHI", {}).get("PDF_FONT") or "")
    return [p for p in [configured, *PDF_FONT_CANDIDATES] if p]


@lru_cache(maxsize=1)
def pdf_font() -> str:
    """Register the first usable CJK TrueType font (once per process); returns its PDF name.
    Raises FontMissing naming the package to install."""
    for candidate in pdf_font_candidates():
        if not Path(candidate).is_file():
            continue
        try:
            font = TTFont(PDF_FONT_NAME, candidate, subfontIndex=0)
        except TTFError:  # CFF outlines (OpenType/Noto CJK) cannot be embedded by reportlab
            continue
        pdfmetrics.registerFont(font)
        return PDF_FONT_NAME
    raise FontMissing(MSG_NO_FONT % {"paths": ", ".join(pdf_font_candidates())})
