"""Checks on the raw upload, made before any parser sees it.

A file passes only if it is a plain .xlsx (or a UTF-8 .csv) of sane size: not a legacy or
password-protected Office file, no macros, no zip bomb (checked on the zip directory, then every
part, whatever its name, is inflated from its compressed bytes and counted: cchc.ingest.zipstream),
no DTD or unknown encoding in any XML part, no shared-string count the part cannot hold, no cell
reference past XFD1048576, no sheet (and no workbook) whose cells the reader could not hold.
These checks come first; the parsing itself runs in a limited process (cchc.ingest.worker).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from cchc.ingest.report import FileRejected, reject
from cchc.ingest.sheetscan import SheetScanner, WorksheetScan
from cchc.ingest.zipstream import Part
from cchc.parallel import POOL

MAX_BYTES = 128 * 1024 * 1024  # the CLI and the server; a 1M-row log is about 43 MB
MAX_ENTRIES = 1_000
MAX_UNCOMPRESSED = 2 * 1024 * 1024 * 1024  # every part inflated; a 1M-row log: about 480 MB
MAX_RATIO = 100  # Apache POI's default (MIN_INFLATE_RATIO = 0.01) for parts over GRACE_BYTES
GRACE_BYTES = 1024 * 1024
# The reader (calamine) allocates every cell of a sheet's bounding box, about 35 bytes each:
# one value in XFD1048576 aborts the process, one in ZZ200000 takes 5 GB. 2**24 cells ≈ 600 MB:
# sixteen columns of Excel's every row (a province's yearly log: a million rows, 8–12 columns).
MAX_CELLS = 2**24
MAX_BOOK_CELLS = 2**25  # every sheet together (990 sparse sheets would take 10 GB)
_STRING_BYTES = 5  # the shortest shared string, <si/>
_HEAD = 64 * 1024
KEEP_BYTES = 128 * 1024 * 1024  # a worksheet up to this size is kept inflated for a later scan
_CHUNK = 1024 * 1024
# What inflating a damaged or lying zip entry raises (NotImplementedError: an unknown method).
_INFLATE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError)

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_ENCODING = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([^"']{0,40})["']""")
_COUNT = re.compile(rb"""\s(uniqueCount|count)\s*=\s*["']\s*(\d+)""")

SAVE_AS_XLSX = "hãy mở bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx)"
BOMB = f"Tệp có cấu trúc nén bất thường (nghi «bom nén»), không đọc; {SAVE_AS_XLSX}."
# An entry that inflates past its declared size fails the same CRC check as a damaged one.
DAMAGED = f"Tệp bị hỏng hoặc khai báo sai kích thước nén (nghi «bom nén»), không đọc; {SAVE_AS_XLSX}."
MACRO = f"Tệp có macro (VBA) không được nhận; {SAVE_AS_XLSX}."
FAR_CELLS = (
    "Tệp có ô dữ liệu nằm rất xa bảng (tới ô {ref}), phải đọc tới {cells} ô; hãy xóa các hàng, cột thừa "
    "ngoài bảng (Ctrl+End cho biết ô cuối cùng) rồi lưu lại và tải lên."
)
BEYOND = (
    "Tệp có ô ở vị trí không thể có trong Excel («{ref}»: quá cột XFD hoặc quá dòng 1.048.576) "
    f"(nghi tệp được tạo để gây hại), không đọc; {SAVE_AS_XLSX}."
)
TOO_MANY_CELLS = (
    "Các trang tính của tệp cộng lại phải đọc tới {cells} ô (giới hạn {limit}); hãy xóa các trang tính "
    "thừa và các hàng, cột thừa ngoài bảng rồi lưu lại và tải lên."
)
STRINGS = (
    "Tệp khai báo {count} chuỗi văn bản, nhiều hơn nội dung thật của nó (nghi tệp được tạo để gây hại), "
    f"không đọc; {SAVE_AS_XLSX}."
)
ENCODING = "Phần «{part}» của tệp khai báo bảng mã lạ «{encoding}», không đọc; " + SAVE_AS_XLSX + "."


@dataclass(frozen=True)
class SafeFile:
    """An upload that passed the checks."""

    kind: str  # 'xlsx' | 'csv'
    text: str | None = None  # the decoded CSV
    worksheets: dict[str, WorksheetScan] = field(default_factory=dict)  # part → scan, if it found anything
    # A worksheet may hold error cells (#N/A, #DIV/0!…): it has a '#' somewhere. Only then does
    # the reader need the slower load that reports them cell by cell.
    error_cells: bool = False
    reader: Future | None = None  # open_reader(data), running or done


def check_upload(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    open_reader: Callable[[bytes], object] | None = None,
) -> SafeFile:
    """Raise FileRejected unless `data` is safe to hand to the parser.

    `open_reader(data)`, if given, runs on a worker thread as soon as it is safe (see
    _check_zip); its result is `SafeFile.reader`.
    """
    if not data:
        raise reject(filename, "Tệp rỗng.")
    if len(data) > max_bytes:
        raise too_large(filename, len(data), max_bytes)
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise reject(filename, "Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi lưu lại và tải lên.")
        raise reject(filename, f"Tệp ở định dạng .xls cũ; {SAVE_AS_XLSX}.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if suffix in (".xlsm", ".xltm", ".xlam"):
            raise reject(filename, f"Tệp có macro ({suffix}) không được nhận; {SAVE_AS_XLSX}.")
        return _check_zip(data, filename, open_reader)
    if data.startswith(b"%PDF"):
        raise reject(filename, f"Tệp là PDF, không phải bảng tính; {SAVE_AS_XLSX}.")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        raise reject(filename, f"Tệp là trang HTML/XML đổi đuôi, không phải .xlsx thật; {SAVE_AS_XLSX}.")
    if suffix == ".csv":
        return SafeFile("csv", text=_decode_csv(data, filename))
    raise reject(
        filename,
        f"Tệp không phải bảng tính Excel .xlsx (có thể là tệp CSV/văn bản đổi đuôi); {SAVE_AS_XLSX}.",
    )


def too_large(filename: str, size: int, max_bytes: int = MAX_BYTES) -> FileRejected:
    """The rejection of a file of `size` bytes over `max_bytes` (raise the result)."""
    return reject(filename, f"Tệp quá lớn ({_size(size)}); giới hạn là {_size(max_bytes)}.")


def read_file(path: str, filename: str) -> bytes:
    """The bytes of a file named on the command line; FileRejected when it cannot be read or is
    larger than any log (checked before reading it)."""
    from cchc.cli_errors import os_reason

    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_BYTES:
                raise too_large(filename, size)
            return file.read()
    except OSError as exc:
        raise reject(filename, f"Không đọc được tệp: {os_reason(exc)}.") from None


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def _decode_csv(data: bytes, filename: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise reject(
            filename, "Tệp CSV không ở mã UTF-8; hãy lưu lại bằng «CSV UTF-8 (Comma delimited)»."
        ) from None
    if "\x00" in text:
        raise reject(filename, "Tệp CSV chứa ký tự lạ (có thể là mã UTF-16); hãy lưu lại bằng «CSV UTF-8».")
    return text


def _check_zip(data: bytes, filename: str, open_reader: Callable[[bytes], object] | None) -> SafeFile:
    _, infos = _open_zip(data, filename)
    _check_directory(infos, filename)  # nothing is inflated before the directory's sizes look sane
    scanners, later, types = _inflate_parts(data, infos, filename)
    if b"macroenabled" in types.lower():
        raise reject(filename, MACRO)
    reader = POOL.submit(open_reader, data) if open_reader is not None else None
    try:
        for scanner, kept in later:
            for chunk in kept:
                scanner.feed(chunk)
            kept.clear()
        _check_extents(list(scanners.values()), filename)
        scans = {name: scanner.finish() for name, scanner in scanners.items()}
    except BaseException:
        if reader is not None:
            wait([reader])  # it parses only checked parts; let it end before the rejection
        raise
    worksheets = {name: scan for name, (scan, _) in scans.items() if scan is not None}
    error_cells = any(errors for _, errors in scans.values())
    return SafeFile("xlsx", worksheets=worksheets, error_cells=error_cells, reader=reader)


def _open_zip(data: bytes, filename: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError, struct.error):
        # NotImplementedError: a damaged directory can claim a zip version from the future
        raise reject(filename, "Tệp .xlsx bị hỏng, không mở được.") from None


def _check_directory(infos: list[zipfile.ZipInfo], filename: str) -> None:
    """Refuse, from the zip directory alone: bombs, passwords, other zip kinds, macros, .xlsb."""
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise reject(filename, BOMB)
    for info in infos:
        if info.flag_bits & 0x1:
            raise reject(filename, "Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi lưu lại và tải lên.")
        if info.file_size > GRACE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise reject(filename, BOMB)
    names = {i.filename.lower() for i in infos}
    if "[content_types].xml" not in names or not any(n.startswith("xl/") for n in names):
        what = "Word" if any(n.startswith("word/") for n in names) else "nén ZIP khác"
        raise reject(filename, f"Tệp là tệp {what}, không phải bảng tính .xlsx.")
    if any(n.endswith(".bin") and "vbaproject" in n for n in names):
        raise reject(filename, MACRO)
    if "xl/workbook.bin" in names:
        raise reject(filename, f"Tệp ở định dạng nhị phân .xlsb; {SAVE_AS_XLSX}.")


def _inflate_parts(
    data: bytes, infos: list[zipfile.ZipInfo], filename: str
) -> tuple[dict[str, SheetScanner], list[tuple[SheetScanner, list[bytes]]], bytes]:
    """Inflate every part, whatever its name (real sizes and CRCs), and check each XML prolog.

    Returns the worksheets' scanners, the small worksheets kept inflated to be measured
    afterwards (while the reader opens the workbook: opening reads only parts checked by then,
    and no cell is parsed before the measuring ends), and the head of [Content_Types].xml.
    """
    later: list[tuple[SheetScanner, list[bytes]]] = []
    scanners: dict[str, SheetScanner] = {}
    types = b""
    for info in infos:
        head, scanner, kept = _inflate_part(data, info, filename)
        if scanner is not None:
            scanners[info.filename] = scanner
            if kept is not None:
                later.append((scanner, kept))
        if info.filename.lower() == "[content_types].xml":
            types = head
    return scanners, later, types


def _inflate_part(
    data: bytes, info: zipfile.ZipInfo, filename: str
) -> tuple[bytes, SheetScanner | None, list[bytes] | None]:
    """Inflate one part in bounded chunks: (its head, a scanner if it is a worksheet, the
    worksheet's chunks if it is small enough to keep for scanning later).

    The part is inflated from its compressed bytes and counted (cchc.ingest.zipstream): an
    entry whose real bytes are not what the directory declares is refused.
    """
    scanner: SheetScanner | None = None
    kept: list[bytes] | None = None
    try:
        part = Part(data, info, _CHUNK)
        head = part.read(_HEAD)
        root = _check_prolog(head, info, filename) if _looks_xml(head, info) else None
        if root is not None and root[1] == b"worksheet":
            scanner = SheetScanner(info, root[0])
            kept = [head] if info.file_size <= KEEP_BYTES else None
            if kept is None:
                scanner.feed(head)
        for chunk in part.rest():
            if kept is not None:
                kept.append(chunk)
            elif scanner is not None:
                scanner.feed(chunk)
    except _INFLATE_ERRORS:
        raise reject(filename, DAMAGED) from None
    if root is not None and root[1] == b"sst":
        _check_strings(head, info, filename)
    return head, scanner, kept


def _looks_xml(head: bytes, info: zipfile.ZipInfo) -> bool:
    """An XML part, by its name or its first bytes (a sheet may hide under any name)."""
    if info.filename.lower().endswith(_XML_SUFFIXES) or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _check_strings(head: bytes, info: zipfile.ZipInfo, filename: str) -> None:
    """The reader reserves room for the count the shared strings declare (4294967295 → abort)."""
    tag = head[: head.find(b">", head.find(b"sst")) + 1]
    for name, digits in _COUNT.findall(tag):
        count = int(digits) if len(digits) <= 12 else 10**12
        limit = info.file_size // _STRING_BYTES + 1 if name == b"uniqueCount" else MAX_BOOK_CELLS
        if count > limit:
            raise reject(filename, STRINGS.format(count=f"{count:,}".replace(",", ".")))


def _check_extents(scanners: list[SheetScanner], filename: str) -> None:
    """Each sheet, and all of them together, within what the reader may allocate."""
    for scanner in scanners:
        scanner.close()
        extent = scanner.extent
        if extent.beyond is not None:
            raise reject(filename, BEYOND.format(ref=extent.beyond))
        if extent.cells > MAX_CELLS:
            cells = f"{extent.cells:,}".replace(",", ".")
            raise reject(filename, FAR_CELLS.format(ref=extent.farthest, cells=cells))
    total = sum(s.extent.cells for s in scanners)
    if total > MAX_BOOK_CELLS:
        cells, limit = (f"{n:,}".replace(",", ".") for n in (total, MAX_BOOK_CELLS))
        raise reject(filename, TOO_MANY_CELLS.format(cells=cells, limit=limit))


def _check_prolog(head: bytes, info: zipfile.ZipInfo, filename: str) -> tuple[bytes, bytes] | None:
    """Reject a DTD before the root element, or an encoding nobody knows; return the root
    element's (namespace prefix, local name), None when the part is no XML.

    Entity expansion needs a DOCTYPE, and a DOCTYPE can only stand in the prolog (before
    the root element), so the prolog is the only place to look: skip the XML declaration,
    comments and blanks, and the next thing must be the root element.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:256]:
        raise reject(filename, f"Phần «{info.filename}» của tệp dùng mã UTF-16 bất thường; {SAVE_AS_XLSX}.")
    start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    declared = _ENCODING.match(head, start)
    if declared is not None:
        _check_encoding(declared.group(1), info, filename)
    pos = _PROLOG.match(head, start).end()  # type: ignore[union-attr]  # matches the empty string at worst
    if head.startswith(b"<!", pos):
        raise reject(
            filename, "Tệp chứa khai báo DOCTYPE/ENTITY trong XML (có thể là tệp độc hại), không đọc."
        )
    root = _ROOT.match(head, pos)
    if root is None:
        if pos == len(head) and info.file_size > len(head):
            raise reject(filename, f"Phần «{info.filename}» của tệp có cấu trúc XML bất thường.")
        return None  # not XML at all: the parser will say so
    return root.group(1) or b"", root.group(2)


def _check_encoding(name: bytes, info: zipfile.ZipInfo, filename: str) -> None:
    """An encoding Python does not know fails the workbook's XML parser with LookupError."""
    text = name.decode("ascii", "replace")
    try:
        codecs.lookup(text)
    except LookupError:
        raise reject(filename, ENCODING.format(part=info.filename, encoding=text[:40])) from None
