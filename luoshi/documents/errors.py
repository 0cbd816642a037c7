"""Translated messages for reading failures; the pure pipeline gives stable codes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError

READ_ERROR_MESSAGES = {
    "empty": _("文件“%(filename)s”是空的,没有可读取的内容。"),
    "too_large": _("文件“%(filename)s”超过大小上限(%(detail)s)。请拆分后再导入。"),
    "binary": _("文件“%(filename)s”不是文本、网页、Word 或 PDF 文件,无法读取。"),
    "undecodable": _("文件“%(filename)s”的编码无法识别(支持 UTF-8、GB18030/GBK)。请另存为 UTF-8 后再导入。"),
    "no_text_layer": _("文件“%(filename)s”没有可提取的文字层(可能是扫描件)。请上传带文字层的 PDF 或文本。"),
    "unsupported": _("文件“%(filename)s”的格式不受支持(支持 .txt、.html、.docx、.pdf)。"),
    "corrupt": _("文件“%(filename)s”已损坏或格式不正确:%(detail)s"),
    "unreadable": _("无法读取文件“%(filename)s”:%(detail)s"),
}


class DocumentReadError(DomainError):
    """A file could not be read; the message names the file and the reason."""

    def __init__(self, code: str, filename: str, detail: str = "") -> None:
        template = READ_ERROR_MESSAGES.get(code, READ_ERROR_MESSAGES["unreadable"])
        super().__init__(template % {"filename": filename, "detail": detail}, code=f"read_{code}")
        self.filename = filename
        self.detail = detail
