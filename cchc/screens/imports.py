"""The Nhập dữ liệu page as data: previews (dry runs) of publication logs and task tables, the
imports themselves with their audit entries, links to the units imported, the import history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cchc import auth, db, tasks
from cchc.ingest import importer, load
from cchc.ingest.report import Problem
from cchc.quotas import summary
from cchc.screens.tasks import upload_table
from cchc.screens.tasks import upload_targets as upload_targets  # the same targets as Nhiệm vụ
from cchc.screens.unit import home_screen
from cchc.uploads import upload_bytes, upload_mb
from cchc.vocab import CHANNELS, ITEM_KINDS, ITEM_STATUSES

PREVIEW_ROWS = 200
SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo", "fatal": "Không đọc được"}


def _day(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def too_large() -> str:
    """Why a file over the web upload limit (cchc.uploads, CCHC_UPLOAD_MB) is not read."""
    return f"Tệp lớn hơn {upload_mb()} MB; hãy tách thành nhiều tệp nhỏ hơn."


def _too_large(name: str) -> Problem:
    return Problem(name, None, None, None, too_large(), "fatal")


def problems_table(problems: Sequence[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Trang tính": p.sheet or "",
                "Dòng": p.row,
                "Cột": p.column or "",
                "Mức": SEVERITY.get(p.severity, p.severity),
                "Nội dung": p.message,
            }
            for p in problems
        ]
    )


# --- publication logs -------------------------------------------------------------------------


@dataclass(frozen=True)
class FilePreview:
    """A log file checked without writing: the outcome, its rejected rows, the first valid rows."""

    outcome: importer.FileOutcome
    rejected: int
    rows: pd.DataFrame


def _rows_table(
    con: duckdb.DuckDBPyConnection, outcome: importer.FileOutcome, units: Sequence[str] | None
) -> pd.DataFrame:
    """The first valid rows of a file with Vietnamese headings and labels."""
    rows = outcome.parsed.rows.slice(0, PREVIEW_ROWS).to_pandas() if outcome.parsed else pd.DataFrame()
    if rows.empty:
        return rows
    known = summary.units_list(con, units=units)
    names = dict(zip(known["code"], known["name"], strict=True))
    return pd.DataFrame(
        {
            "Trang tính": rows["sheet"],
            "Dòng": rows["row"],
            "Đơn vị": rows["unit_code"].map(names),
            "Ngày": rows["item_date"].map(_day),
            "Kênh": rows["channel"].map(CHANNELS),
            "Loại": rows["item_kind"].map(ITEM_KINDS),
            "Tiêu đề": rows["title"],
            "Đường dẫn": rows["url"],
            "Trạng thái": rows["status"].map(ITEM_STATUSES),
        }
    )


def preview_file(
    con: duckdb.DuckDBPyConnection, data: bytes, name: str, who: str, *, units: Sequence[str] | None = None
) -> FilePreview:
    """Parse and dry-run a log file for the scope `units` (rows of other units are rejected)."""
    if len(data) > upload_bytes():
        return FilePreview(importer.FileOutcome(name, None, None, _too_large(name)), 0, pd.DataFrame())
    outcome = importer.import_bytes(
        con, data, name, who=who, dry_run=True, accept_partial=True, allowed=units
    )
    rejected = importer.rejected_rows(outcome.parsed) if outcome.parsed else 0
    return FilePreview(outcome, rejected, _rows_table(con, outcome, units))


def import_file(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    user: auth.User,
    accept_partial: bool,
    *,
    units: Sequence[str] | None = None,
) -> load.ImportResult | None:
    """Import a log file for the scope `units`; audited. None when the file could not be read."""
    done = importer.import_bytes(
        con, data, name, who=user.username or "người dùng", accept_partial=accept_partial, allowed=units
    )
    if done.result is not None:
        auth.audit(con, user, "import", f"{name}: {done.result.outcome}, thêm {done.result.added}")
    return done.result


def unit_links(
    con: duckdb.DuckDBPyConnection, codes: Sequence[str], *, units: Sequence[str] | None = None
) -> list[tuple[str, str, str | None]]:
    """(code, name, screen showing it or None) of the units an import touched, in their order."""
    known = summary.units_list(con, units=[c for c in codes if units is None or c in units])
    found = {r["code"]: r for r in known.to_dict("records")}
    links = []
    for code in codes:
        unit = found.get(code)
        home = home_screen(unit) if unit else None
        links.append((code, str(unit["name"]) if unit else code, home[0] if home else None))
    return links


# --- task tables ------------------------------------------------------------------------------


def preview_task_table(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    plan: str,
    who: str,
    today: date,
    *,
    units: Sequence[str] | None = None,
) -> tasks.TaskImportResult:
    """Dry-run a task table for a plan, counting what would be written even when rows are rejected."""
    if len(data) > upload_bytes():
        return tasks.TaskImportResult(name, plan, "rejected", problems=[_too_large(name)])
    return tasks.import_task_table(
        con, data, name, plan, who=who, accept_partial=True, dry_run=True, today=today, units=units
    )


def import_task_table(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    plan: str,
    user: auth.User,
    accept_partial: bool,
    today: date,
    *,
    units: Sequence[str] | None = None,
) -> tasks.TaskImportResult:
    """Import a task table for a plan within the scope `units`; audited whatever the outcome."""
    result = upload_table(
        con, data, name, plan, user, today, accept_partial=accept_partial, units=units, audit=False
    )
    # Nhập dữ liệu records every attempt, whatever its outcome, with the plan.
    auth.audit(con, user, "import_tasks", f"{plan}: {result.message}")
    return result


# --- history ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """The import batches a user may see, as a table, and those they may still undo (id → file)."""

    table: pd.DataFrame
    undoable: dict[int, str]


def _within_scope(
    con: duckdb.DuckDBPyConnection, batches: pd.DataFrame, user: auth.User, units: Sequence[str] | None
) -> pd.Series:
    """Per batch, whether the user's scope covers it: every unit of its rows within `units` (a
    city-wide user: all). A batch without rows (undone, or only known rows) is the importer's own."""
    if units is None:
        return pd.Series(True, index=batches.index)
    ids = [int(b) for b in batches["batch_id"]]
    scoped = db.run(con, "imports/batches_within_scope", {"units": list(units), "batch_ids": ids})
    within = dict(zip(scoped["batch_id"].astype(int), scoped["within"].astype(bool), strict=True))
    own = batches["imported_by"] == user.username
    return pd.Series(
        [within.get(int(b), bool(o)) for b, o in zip(batches["batch_id"], own, strict=True)],
        index=batches.index,
    )


def history(
    con: duckdb.DuckDBPyConnection, user: auth.User, limit: int = 50, *, units: Sequence[str] | None = None
) -> History:
    """The newest import batches within the scope `units` (all for city-wide users); those the
    user may undo: live publication batches within the scope, when the role may import."""
    batches = load.list_batches(con, limit=limit)
    batches = batches[_within_scope(con, batches, user, units)]
    table = pd.DataFrame(
        {
            "Lô": batches["batch_id"],
            "Tệp": batches["file_name"],
            "Thời điểm": batches["imported_at"],
            "Người nhập": batches["imported_by"],
            "Thêm mới": batches["rows_added"],
            "Đã có": batches["rows_known"],
            "Lỗi bỏ qua": batches["rows_rejected"],
            "Trạng thái": batches["undone_at"].map(lambda t: "Đã hoàn tác" if pd.notna(t) else "Hiệu lực"),
        }
    )
    live = batches[batches["undone_at"].isna() & (batches["kind"] == "publications")]
    if not user.can_import:
        live = live.iloc[0:0]
    return History(table, dict(zip(live["batch_id"].astype(int), live["file_name"], strict=True)))


def known_file_message(result: load.ImportResult, just_imported: bool) -> str:
    """What a file's panel says when its content is already in a live batch: the import just made
    in this session, or an earlier one."""
    if just_imported:
        return f"Đã nhập: lô {result.batch_id}."
    return f"Tệp này đã được nhập trước đây (lô {result.batch_id}); nhập lại sẽ không thêm gì."


def undo_refusal(batch_id: int | None, confirmed: bool) -> str | None:
    """Why a click on Hoàn tác does nothing yet (what to do), or None when the undo may go ahead."""
    if batch_id is None:
        return "Chọn lô cần hoàn tác trong danh sách, đánh dấu ô 'Tôi hiểu', rồi bấm Hoàn tác."
    if not confirmed:
        return f"Chưa hoàn tác lô {batch_id}: đánh dấu ô 'Tôi hiểu' rồi bấm Hoàn tác lần nữa."
    return None


def undo_message(batch_id: int, file_name: str, removed: int) -> str:
    """What an undo did, in one sentence."""
    return f"Đã hoàn tác lô {batch_id} ({file_name}): xóa {removed} dòng tin/bài khỏi số liệu."


def undo(
    con: duckdb.DuckDBPyConnection, batch_id: int, user: auth.User, *, units: Sequence[str] | None = None
) -> int:
    """Undo an import batch whose units are all within the scope `units`, for a role that may
    import; audited. Returns how many items were removed; PermissionError otherwise."""
    if batch_id not in history(con, user, limit=1_000_000, units=units).undoable:
        raise PermissionError(f"lô {batch_id} không thể hoàn tác bằng tài khoản này")
    removed = load.undo_batch(con, batch_id, user.username or "người dùng")
    auth.audit(con, user, "undo", f"lô {batch_id}: xóa {removed} tin/bài")
    return removed
