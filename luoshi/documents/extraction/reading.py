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
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from luoshi.core.uploads import ArchiveRefused, archive_check

from .datatypes import SourceDocument, SourceKind
from .task_resources import NOTE_LINE_RE, NUMBERING_RE

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
# A PDF line wrapped inside a sentence or a note is joined to the next when it fills most of the
# page's width (or leaves a bracket open) and does not end a sentence; page-number lines go.
WRAPPED_LINE_SHARE = 0.8
OPEN_NOTE_MAX_CHARS = 160
_LINE_END_CHARS = "。.！!？?；;：:…”’）)〕】》"
_OPENING_BRACKETS = "（(〔【"
_CLOSING_BRACKETS = "）)〕】"
_PAGE_NUMBER_RE = re.compile(r"^[\s\-—–－·]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[\s\-—–－·]*$")
_ASCII_WORD_END_RE = re.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START_RE = re.compile(r"^[A-Za-z0-9]")
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


@dataclass(slots=True)
class _OpenBlock:
    """A container element being parsed: where its text starts and how much prose it holds."""

    tag: str
    first: int
    prose: int = 0


# A web page's main content: the smallest block holding this share of the most prose any block
# holds, once the page has this much. Prose is text outside links, navigation and page chrome,
# scored by its sentence punctuation above all (breadcrumbs and menus have little), a little by
# its length.
MAIN_CONTENT_SHARE = 0.8
MAIN_CONTENT_MIN_SCORE = 40
_PROSE_PUNCTUATION_RE = re.compile(r"[，。；！？,;]")


def prose_score(text: str) -> int:
    """How much a run of a page's text reads as prose: 20 per sentence mark, 1 per 5 characters."""
    return 20 * len(_PROSE_PUNCTUATION_RE.findall(text)) + len(text.strip()) // 5


class _VisibleTextParser(HTMLParser):
    """Collects the visible text of a page body; block elements become line breaks.

    Navigation, headers, footers, forms and scripts are dropped by tag; of what remains, the text
    kept is the main content (see :meth:`main_parts`), so that link lists and side columns laid out
    with plain ``div`` elements do not open the text.
    """

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

    CONTAINERS = frozenset({"div", "article", "main", "section", "td", "body", "table", "tbody"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.link_depth = 0
        self.containers: list[_OpenBlock] = []
        # Closed containers: (first part index, last part index, prose characters, depth).
        self.blocks: list[tuple[int, int, int, int]] = []
        self.headings: list[tuple[int, int]] = []
        self.heading_open: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIPPED and tag not in self.VOID:
            self.skip_depth += 1
        if tag == "a":
            self.link_depth += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag in self.CONTAINERS and not self.skip_depth:
            self.containers.append(_OpenBlock(tag, len(self.parts)))
        if tag in ("h1", "h2") and not self.skip_depth:
            self.heading_open = len(self.parts)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        if tag == "a" and self.link_depth:
            self.link_depth -= 1
        if tag in ("h1", "h2") and self.heading_open is not None:
            if "".join(self.parts[self.heading_open :]).strip():
                self.headings.append((self.heading_open, len(self.parts)))
            self.heading_open = None
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag in self.CONTAINERS and not self.skip_depth:
            while self.containers:
                block = self.containers.pop()
                self.blocks.append((block.first, len(self.parts), block.prose, len(self.containers)))
                if self.containers:  # a parent holds its children's prose
                    self.containers[-1].prose += block.prose
                if block.tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip_depth:
            self.parts.append(data)
            if self.containers and not self.link_depth:
                self.containers[-1].prose += prose_score(data)

    def main_parts(self) -> list[str]:
        """The parts of the main content: the smallest block that holds most of the page's prose
        (and the last h1/h2 before it, when it holds none), else every part."""
        if not self.blocks:
            return self.parts
        most = max(prose for _, _, prose, _ in self.blocks)
        if most < MAIN_CONTENT_MIN_SCORE:
            return self.parts
        holding = [block for block in self.blocks if block[2] >= MAIN_CONTENT_SHARE * most]
        first, last, _, _ = min(holding, key=lambda block: (block[1] - block[0], -block[3]))
        parts = self.parts[first:last]
        before = [heading for heading in self.headings if heading[1] <= first]
        if before and not any(first <= heading[0] < last for heading in self.headings):
            heading = before[-1]  # the article's title, not a site name in an h1 above it
            parts = [*self.parts[heading[0] : heading[1]], "\n", *parts]
        return parts

    def text(self) -> str:
        joined = "".join(self.main_parts()).replace("\r\n", "\n").replace("\xa0", " ")
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


def _open_bracket(line: str) -> bool:
    """Whether a bracket opened near the end of ``line`` (a note's length) is still open."""
    opened: list[int] = []
    for index, char in enumerate(line):
        if char in _OPENING_BRACKETS:
            opened.append(index)
        elif char in _CLOSING_BRACKETS and opened:
            opened.pop()
    return bool(opened) and len(line) - opened[-1] <= OPEN_NOTE_MAX_CHARS


def _wrapped(line: str, following: str, width: int) -> bool:
    """Whether ``line`` was wrapped by the page and continues on ``following``."""
    if not line or not following or NUMBERING_RE.match(following):
        return False
    if _open_bracket(line):
        return True  # a note's bracket closes on a later line
    if line[-1] in _LINE_END_CHARS or NOTE_LINE_RE.match(following):
        return False
    return len(line) >= WRAPPED_LINE_SHARE * width


def join_wrapped_lines(pages: list[str]) -> str:
    """The pages' text with lines the page wrapped inside a sentence or a note joined.

    A line is joined to the next when it does not end a sentence, the next does not start a
    numbered unit or a note line, and it fills at least ``WRAPPED_LINE_SHARE`` of the page's
    longest line or leaves a bracket open; across a page break likewise. Lines that hold only a
    page number are dropped. Latin words keep a space between them.
    """
    lines: list[tuple[str, int]] = []
    for page in pages:
        page_lines = [line.strip() for line in page.split("\n")]
        page_lines = [line for line in page_lines if line and not _PAGE_NUMBER_RE.match(line)]
        # A page of one or two lines gives no measure of its width: only open brackets join there.
        width = max((len(line) for line in page_lines), default=0) if len(page_lines) >= 3 else 10**6
        lines.extend((line, width) for line in page_lines)
    joined: list[str] = []
    for index, (line, _width) in enumerate(lines):
        if joined and _wrapped(joined[-1], line, lines[index - 1][1]):
            space = " " if _ASCII_WORD_END_RE.search(joined[-1]) and _ASCII_WORD_START_RE.match(line) else ""
            joined[-1] += space + line
        else:
            joined.append(line)
    return "\n".join(joined)


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
    if not any(page.strip() for page in pages):
        raise ReadError("no_text_layer", filename, f"{len(pages)} pages without text")
    text = join_wrapped_lines(pages)
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
