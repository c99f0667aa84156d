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
    if b"\x00" in raw[:4096]:
        raise PlanReadError(f"{path.name}: không phải tệp văn bản (có byte nhị phân)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanReadError(f"{path.name}: tệp .txt phải lưu bằng mã UTF-8 ({exc.reason})") from exc
    return Blocks(lines=[clean_line(line) for line in text.splitlines()])


def _read_docx(path: Path) -> Blocks:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanReadError(f"{path.name}: tệp .docx hỏng hoặc không phải tệp Word ({exc})") from exc
    blocks = Blocks()
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            blocks.lines.append(clean_line(text))
        elif tag == "tbl":
            blocks.tables.append((len(blocks.lines), _table_rows(Table(child, document))))
            blocks.lines.append("")
    return blocks


def _table_rows(table: object) -> list[Row]:
    """Cell texts row by row; a merged cell counts once (python-docx repeats it across the merge)."""
    rows: list[Row] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: Row = []
        seen: list[object] = []
        for cell in row.cells:
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            cells.append("\n".join(clean_line(p.text) for p in cell.paragraphs).strip())
        rows.append(cells)
    return rows


def _read_pdf(path: Path) -> Blocks:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs; the one message that matters is ours.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise PlanReadError(f"{path.name}: tệp PDF có mật khẩu; hãy mở khóa rồi tải lại")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PlanReadError(f"{path.name}: tệp PDF hỏng, không đọc được ({exc})") from exc
    if not "".join(pages).strip():
        raise PlanReadError(
            f"{path.name}: tệp PDF không có lớp chữ (bản scan); hãy nhận dạng chữ (OCR) hoặc tải bản .docx"
        )
    return Blocks(lines=[clean_line(line) for page in pages for line in page.splitlines()])
