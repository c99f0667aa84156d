"""Text out of a plan document: .docx (paragraphs and Word tables, in document order), .pdf with a
text layer, .txt. Everything comes back as :class:`Blocks`: lines of text, and tables as rows of
cells. A table written as tab-separated lines in a .txt stays text here; cchc.plandoc.tables reads it.

Libraries are imported inside the reader that needs them, so `python -m cchc --help` stays fast.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc.plandoc.wordnum import Numbering, numbering_levels


class PlanReadError(Exception):
    """The document cannot be read (missing, wrong type, corrupt, no text layer); the message is Vietnamese."""


Row = list[str]


@dataclass
class Blocks:
    """The document's text as lines, with each Word table kept whole at its place.

    lines: the text, one paragraph or PDF line each (NFC, markdown marks removed).
    tables: (index in lines where the table stood, rows of cell texts).
    """

    lines: list[str] = field(default_factory=list)
    tables: list[tuple[int, list[Row]]] = field(default_factory=list)


SUFFIXES = (".docx", ".pdf", ".txt")
_MARKDOWN = re.compile(r"\*{1,3}|^#{1,6}\s+|\\(?=[.\-()\[\]])")
_SPACES = re.compile(r"[ \u00a0\u2007\u202f\t]+")


def clean_line(text: str) -> str:
    """NFC, no markdown emphasis, non-breaking spaces as spaces; tabs are kept (they separate cells)."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "")
    text = _MARKDOWN.sub("", text.strip(" \r\n"))
    if "\t" not in text.strip():
        return _SPACES.sub(" ", text).strip()
    return "\t".join(_SPACES.sub(" ", part).strip() for part in text.split("\t")).strip(" ")


def read_blocks(path: Path) -> Blocks:
    """The text of a plan document; PlanReadError when it cannot be read."""
    if not path.exists():
        raise PlanReadError(f"không tìm thấy tệp {path}")
    if not path.is_file():
        raise PlanReadError(f"{path} không phải là một tệp")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PlanReadError(f"{path.name}: chỉ đọc được tệp .docx, .pdf hoặc .txt (tệp này là '{suffix}')")
    reader = {".docx": _read_docx, ".pdf": _read_pdf, ".txt": _read_txt}[suffix]
    blocks = reader(path)
    if not any(line.strip() for line in blocks.lines) and not blocks.tables:
        raise PlanReadError(f"{path.name}: tệp không có chữ nào đọc được (bản scan cần nhận dạng chữ trước)")
    return blocks


def _read_txt(path: Path) -> Blocks:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": UTF-16 with its mark
        try:
            return Blocks(lines=[clean_line(line) for line in raw.decode("utf-16").splitlines()])
        except UnicodeDecodeError as exc:
            raise PlanReadError(f"{path.name}: tệp UTF-16 hỏng ({exc.reason})") from exc
    if b"\x00" in raw[:4096]:
        raise PlanReadError(f"{path.name}: không phải tệp văn bản (có byte nhị phân)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanReadError(f"{path.name}: tệp .txt phải lưu bằng mã UTF-8 ({exc.reason})") from exc
    return Blocks(lines=[clean_line(line) for line in text.splitlines()])


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p: Any) -> str:
    """A w:p's text: its runs' w:t, a tab or a line break as a space."""
    return "".join(
        node.text or "" if node.tag == f"{_W}t" else " " for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br")
    )


def _read_docx(path: Path) -> Blocks:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanReadError(f"{path.name}: tệp .docx hỏng hoặc không phải tệp Word ({exc})") from exc
    blocks = Blocks()
    numbering = Numbering(numbering_levels(document))
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            blocks.lines.append(clean_line(numbering.marker(child) + _paragraph_text(child)))
        elif child.tag == f"{_W}tbl":
            blocks.tables.append((len(blocks.lines), _table_rows(child)))
            blocks.lines.append("")
    return blocks


def _table_rows(table: Any) -> list[Row]:
    """Cell texts row by row, straight from the XML (python-docx's cell objects cost half a second on
    a 90-row table). A cell merged down from the row above comes out empty: the row continues it."""
    rows: list[Row] = []
    for tr in table.findall(f"{_W}tr"):
        cells = []
        for tc in tr.findall(f"{_W}tc"):
            paragraphs = [clean_line(_paragraph_text(p)) for p in tc.findall(f"{_W}p")]
            cells.append("\n".join(p for p in paragraphs if p))
        rows.append(cells)
    return rows


def _read_pdf(path: Path) -> Blocks:
    """The text layer through PDFium (pypdfium2): about seven times faster than pypdf on a 40-page
    plan, and its words come out singly spaced (bench/bench_plan_read.py)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4 or "password" in str(exc).lower():
            raise PlanReadError(f"{path.name}: tệp PDF có mật khẩu; hãy mở khóa rồi tải lại") from exc
        raise PlanReadError(f"{path.name}: tệp PDF hỏng, không đọc được") from exc
    pages: list[str] = []
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise PlanReadError(f"{path.name}: tệp PDF hỏng, không đọc được ({exc})") from exc
    finally:
        document.close()
    if not "".join(pages).strip():
        raise PlanReadError(
            f"{path.name}: tệp PDF không có lớp chữ (bản scan); hãy nhận dạng chữ (OCR) hoặc tải bản .docx"
        )
    return Blocks(lines=[clean_line(line) for page in pages for line in page.splitlines()])
