"""Reading a file's bytes into a :class:`SourceDocument`: the one text every offset indexes.

One small reader per kind behind :func:`read_document`: plain text, web page (stdlib
``html.parser``), Word ``.docx`` (python-docx) and PDF (pypdf's text layer). Text bytes are
decoded by byte-order mark (UTF-8, UTF-16 LE/BE), else strict UTF-8, else strict GB18030,
which covers GBK and GB2312.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import PurePath

from luoshi.core.uploads import ArchiveRefused, archive_check

from .datatypes import SourceDocument, SourceKind

DEFAULT_MAX_BYTES = 20_000_000
# Share of control characters (other than tab, newline, carriage return, form feed) above
# which decoded "text" is taken for binary data.
MAX_CONTROL_SHARE = 0.01

READ_ERROR_CODES = ("empty", "too_large", "binary", "undecodable", "no_text_layer", "unsupported", "corrupt")
_REASONS_ZH = {
    "empty": "是空文件，没有可读取的内容",
    "too_large": "超过了允许的大小",
    "binary": "是二进制文件，不是文本、网页、Word或PDF文档",
    "undecodable": "的编码无法识别（支持UTF-8、UTF-16和GBK/GB18030）",
    "no_text_layer": "没有可提取的文字层（可能是扫描件）",
    "unsupported": "的格式不受支持",
    "corrupt": "已损坏或无法解析",
}
_ADVICE_ZH = {
    "empty": "请检查文件后重新上传。",
    "too_large": "请拆分文件或压缩后重新上传。",
    "binary": "请上传文本、网页、Word（.docx）或PDF文件。",
    "undecodable": "请另存为UTF-8编码后重新上传。",
    "no_text_layer": "请上传带文字层的PDF或文本。",
    "unsupported": "请上传文本、网页、Word（.docx）或PDF文件。",
    "corrupt": "请重新导出文件后上传。",
}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_UNSUPPORTED_EXTENSIONS = frozenset(
    {".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".rtf", ".odt", ".zip"}
)
_HTML_SNIFF_RE = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--)", re.IGNORECASE)


class ReadError(Exception):
    """A file could not be read into text. ``code`` is stable (see ``READ_ERROR_CODES``)."""

    def __init__(self, code: str, filename: str, detail: str = "") -> None:
        super().__init__(f"{filename}: {code}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.filename = filename
        self.detail = detail

    @property
    def message_zh(self) -> str:
        """A Chinese sentence naming the file and the reason, for the people who upload it."""
        reason = _REASONS_ZH.get(self.code, "无法读取")
        advice = _ADVICE_ZH.get(self.code, "请检查文件后重新上传。")
        return f"文件“{self.filename}”{reason}，{advice}"


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Decode text bytes: BOM first, then strict UTF-8, then strict GB18030. Returns (text, encoding)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError as error:
                raise ReadError("undecodable", filename, str(error)) from error
    if b"\x00" in data:
        raise ReadError("binary", filename, "NUL bytes")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ReadError("undecodable", filename, "neither UTF-8 nor GB18030")


def _check_text(text: str, filename: str) -> None:
    if not text.strip():
        raise ReadError("empty", filename, "no text")
    controls = len(_CONTROL_RE.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ReadError("binary", filename, f"{controls} control characters")


class _VisibleTextParser(HTMLParser):
    """Collects the visible text of a page body; block elements become line breaks."""

    SKIPPED = frozenset(
        {
            "script",
            "style",
            "nav",
            "header",
            "footer",
            "aside",
            "noscript",
            "iframe",
            "form",
            "select",
            "button",
            "template",
            "svg",
            "canvas",
            "menu",
        }
    )
    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "dd",
            "dt",
            "dl",
            "blockquote",
            "pre",
            "hr",
            "td",
            "th",
            "main",
            "figure",
            "figcaption",
            "center",
            "address",
            "caption",
        }
    )
    VOID = frozenset(
        {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIPPED and tag not in self.VOID:
            self.skip_depth += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip_depth:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts).replace("\r\n", "\n").replace("\xa0", " ")
        lines = [line.strip() for line in joined.split("\n")]
        return "\n".join(line for line in lines if line)


def read_html(data: bytes, filename: str) -> SourceDocument:
    markup, encoding = decode_text(data, filename)
    parser = _VisibleTextParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as error:  # html.parser is lenient; anything it raises means a broken page
        raise ReadError("corrupt", filename, str(error)) from error
    text = parser.text()
    _check_text(text, filename)
    title = " ".join("".join(parser.title_parts).split()) or None
    return SourceDocument(text=text, encoding=encoding, kind="html", filename=filename, title_hint=title)


def read_docx(data: bytes, filename: str) -> SourceDocument:
    try:  # a zip bomb is refused from the zip directory, before python-docx inflates anything
        archive_check(data)
    except ArchiveRefused as error:
        raise ReadError("too_large", filename, error.message_zh) from error
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(block, document).text)
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        lines.append(cell.text)
    except ReadError:
        raise
    except Exception as error:
        raise ReadError("corrupt", filename, str(error)) from error
    text = "\n".join(line.strip() for line in lines if line.strip())
    _check_text(text, filename)
    return SourceDocument(text=text, encoding="docx", kind="docx", filename=filename)


def read_pdf(data: bytes, filename: str) -> SourceDocument:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("unsupported", filename, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as error:
        raise ReadError("corrupt", filename, str(error)) from error
    text = "\n".join(page.strip() for page in pages if page.strip())
    if not text.strip():
        raise ReadError("no_text_layer", filename, f"{len(pages)} pages without text")
    _check_text(text, filename)
    return SourceDocument(text=text, encoding="pdf", kind="pdf", filename=filename)


def read_plain(data: bytes, filename: str) -> SourceDocument:
    text, encoding = decode_text(data, filename)
    _check_text(text, filename)
    return SourceDocument(text=text, encoding=encoding, kind="text", filename=filename)


def sniff_kind(data: bytes, filename: str) -> SourceKind:
    """The reader to use, from the content's magic bytes first and the file name's extension second."""
    extension = PurePath(filename).suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile as error:
            if extension == ".docx":
                raise ReadError("corrupt", filename, str(error)) from error
        raise ReadError("unsupported", filename, "zip archive that is not a Word document")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("unsupported", filename, "legacy Office format")
    if extension == ".pdf":
        raise ReadError("corrupt", filename, "no PDF header")
    if extension == ".docx":
        raise ReadError("corrupt", filename, "not a zip archive")
    if extension in _UNSUPPORTED_EXTENSIONS:
        raise ReadError("unsupported", filename, f"{extension} files")
    if extension in _HTML_EXTENSIONS or _HTML_SNIFF_RE.match(data[:1024].lstrip(codecs.BOM_UTF8)):
        return "html"
    return "text"


def read_document(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read a file's bytes into text.

    Raises :class:`ReadError` with code ``empty``, ``too_large``, ``binary``, ``undecodable``,
    ``no_text_layer`` (a scanned PDF), ``unsupported`` or ``corrupt``.
    """
    if not data:
        raise ReadError("empty", filename, "0 bytes")
    if len(data) > max_bytes:
        raise ReadError("too_large", filename, f"{len(data)} bytes > {max_bytes}")
    kind = sniff_kind(data, filename)
    if kind == "pdf":
        return read_pdf(data, filename)
    if kind == "docx":
        return read_docx(data, filename)
    if kind == "html":
        return read_html(data, filename)
    return read_plain(data, filename)
