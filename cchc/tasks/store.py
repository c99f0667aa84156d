"""The write path of task tables: import a table, record completions, re-parse deadlines.

Every write is one transaction and one import batch (kind 'tasks', shared with publication
logs and written in cchc.db.transaction): a file already imported for the plan adds
nothing, a file with rejected rows writes nothing unless accept_partial, nothing new writes
nothing, and the rows are re-counted after COMMIT (DuckDB can roll back silently).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb
import pyarrow as pa

from cchc import db
from cchc.ingest import load as loader
from cchc.ingest.report import FileRejected, Problem
from cchc.ingest.tasks import TaskRow, read_task_table
from cchc.tasks.assignees import Assignee, UnitResolver
from cchc.tasks.deadlines import Deadline
from cchc.tasks.plans import PlanContext, plan_context, plan_contexts, resolve_plan, unit_resolver
from cchc.text import nfc

KIND = "tasks"
PAGE_EDIT = "Cập nhật trên trang Nhiệm vụ"


@dataclass
class TaskImportResult:
    file: str
    plan_code: str
    outcome: str  # imported | partial | already_imported | nothing_new | rejected | dry_run
    batch_id: int | None = None
    rows_total: int = 0
    added: int = 0  # tasks new to the plan
    changed: int = 0  # tasks whose text changed
    known: int = 0  # tasks already there, unchanged
    completions: int = 0  # completion records written
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows_added(self) -> int:
        return self.added + self.changed + self.completions

    @property
    def message(self) -> str:
        """One Vietnamese sentence for people."""
        if self.outcome == "already_imported":
            return f"{self.file}: tệp này đã được nhập cho kế hoạch {self.plan_code} (lô {self.batch_id}); không thêm gì."
        if self.outcome == "rejected":
            fatal = next((p for p in self.problems if p.severity == "fatal"), None)
            if fatal is not None:
                return f"{self.file}: không nhập được; không ghi gì. {fatal.message}"
            return (
                f"{self.file}: {self.rejected} dòng lỗi; chưa ghi gì vào cơ sở dữ liệu"
                " (sửa lỗi hoặc chọn «chỉ nhập các dòng hợp lệ»)."
            )
        if self.outcome == "nothing_new":
            return f"{self.file}: {self.known} nhiệm vụ đã có sẵn, không có gì mới."
        verb = "sẽ thêm" if self.outcome == "dry_run" else "đã thêm"
        parts = [f"{self.added} nhiệm vụ mới"] if self.added or not (self.changed or self.completions) else []
        if self.changed:
            parts.append(f"{self.changed} nhiệm vụ sửa đổi")
        if self.completions:
            parts.append(f"{self.completions} lần hoàn thành")
        text = f"{self.file}: {verb} {', '.join(parts)}"
        if self.known:
            text += f"; {self.known} nhiệm vụ không đổi"
        if self.rejected:
            text += f"; bỏ qua {self.rejected} dòng lỗi"
        return text + "."


@dataclass
class _Prepared:
    row: TaskRow
    deadline: Deadline
    occurrences: list[tuple[str, date | None, date | None]]
    units: list[tuple[str, Assignee]]  # (role, assignee)

    @property
    def source(self) -> tuple[str | None, ...]:
        r = self.row
        return (r.task, r.lead, r.coordinating, r.deadline_text, r.product)


def _prepare(
    row: TaskRow, ctx: PlanContext, resolver: UnitResolver, file: str, problems: list[Problem]
) -> _Prepared:
    d = ctx.parse(row.deadline_text)
    if d.kind == "unknown" or (d.kind == "relative" and d.due is None):
        problems.append(
            Problem(
                file,
                row.sheet,
                row.row,
                "Thời gian thực hiện",
                f"{d.note}; trạng thái: Chưa xác định hạn.",
                "warning",
            )
        )
    units = [("lead", a) for a in resolver.resolve(row.lead)]
    units += [("coordinating", a) for a in resolver.resolve(row.coordinating)]
    for role, a in units:
        if role == "lead" and a.resolution == "unknown":
            problems.append(
                Problem(
                    file,
                    row.sheet,
                    row.row,
                    "Cơ quan chủ trì",
                    f"«{a.text}» không có trong danh mục đơn vị: nhiệm vụ vẫn được nạp nhưng không lọc theo đơn vị này được.",
                    "warning",
                )
            )
    return _Prepared(row, d, ctx.occurrences(d), units)


def _occurrence_for(p: _Prepared, done: date) -> str | None:
    """The occurrence a completion date belongs to (the rule is in cchc.tasks)."""
    occ = p.occurrences
    if len(occ) == 1 and occ[0][0] == "once":
        return "once"
    holding = [k for k, s, e in occ if s is not None and e is not None and s <= done <= e]
    if holding:
        return holding[0]
    begun = [k for k, s, _ in occ if s is not None and s <= done]
    return begun[-1] if begun else None


def import_task_table(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    filename: str,
    plan_code: str,
    who: str,
    accept_partial: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    units: Sequence[str] | None = None,
) -> TaskImportResult:
    """Read a task table for a plan and write what is new, in one transaction (or nothing).

    Tasks are matched by STT: new ones are added, changed ones get a new version, tasks missing
    from the file are left as they are. Completion columns add completion records.
    units: the units the user acts for (None: any); the plan's issuer must be one of them.
    Raises UnknownPlan; an unreadable or refused file gives outcome 'rejected' with the reason.
    """
    ctx = plan_context(con, plan_code)
    result = TaskImportResult(filename, ctx.plan_code, "imported")
    if units is not None and ctx.issuer.code not in units:
        why = (
            f"Kế hoạch {ctx.plan_code} do {ctx.issuer.name} ban hành: tài khoản của bạn không được nhập"
            " bảng nhiệm vụ của kế hoạch này."
        )
        result.outcome, result.problems = "rejected", [Problem(filename, None, None, None, why, "fatal")]
        return result
    try:
        table = read_task_table(data, filename, today=today)
    except FileRejected as exc:
        result.outcome, result.problems = "rejected", [exc.problem]
        return result
    result.problems = list(table.problems)
    result.rows_total, result.rejected = table.rows_total, table.rejected_rows
    resolver = unit_resolver(con, ctx)
    prepared = [_prepare(r, ctx, resolver, filename, result.problems) for r in table.rows]
    digest = hashlib.sha256(ctx.plan_code.encode() + b"\0" + data).hexdigest()
    with db.WRITE_LOCK:
        cur = con.cursor()
        try:
            found = db.execute(cur, "imports/import_find_batch", {"sha256": digest, "kind": KIND})
            if found:
                result.outcome, result.batch_id = "already_imported", int(found[0][0])
                return result
            if result.rejected and not accept_partial:
                result.outcome = "rejected"
                return result
            versions, completions = _diff(cur, ctx, prepared, result)
            if not versions and not completions:
                result.outcome = "dry_run" if dry_run else "nothing_new"
                return result
            _write(con, ctx.plan_code, versions, completions, result, digest=digest, who=who, dry_run=dry_run)
        finally:
            cur.close()
    if not dry_run and result.rejected:
        result.outcome = "partial"
    return result


def _diff(
    cur: duckdb.DuckDBPyConnection, ctx: PlanContext, prepared: list[_Prepared], result: TaskImportResult
) -> tuple[list[_Prepared], list[dict]]:
    current = {r[0]: tuple(r[1:]) for r in db.execute(cur, "tasks/task_current", {"plan": ctx.plan_code})}
    latest = {
        (r[0], r[1]): tuple(r[2:])
        for r in db.execute(cur, "tasks/task_latest_completions", {"plan": ctx.plan_code, "units": None})
    }
    versions: list[_Prepared] = []
    completions: list[dict] = []
    for p in prepared:
        before = current.get(p.row.stt)
        if before is None:
            result.added += 1
            versions.append(p)
        elif before != p.source:
            result.changed += 1
            versions.append(p)
        else:
            result.known += 1
        done = p.row.completed_on
        if done is None:
            continue
        key = _occurrence_for(p, done)
        if key is None:
            first = p.occurrences[0][1]
            result.problems.append(
                Problem(
                    result.file,
                    p.row.sheet,
                    p.row.row,
                    "Ngày hoàn thành",
                    f"Ngày hoàn thành {done:%d/%m/%Y} trước kỳ đầu tiên của nhiệm vụ"
                    f" (từ {first:%d/%m/%Y}): chưa ghi nhận."
                    if first
                    else "Không xác định được kỳ.",
                    "warning",
                )
            )
            continue
        record = (done, p.row.evidence, p.row.note)
        if latest.get((p.row.stt, key)) != record:
            completions.append(
                {"plan_code": ctx.plan_code, "stt": p.row.stt, "occurrence_key": key, "unit_code": None}
                | dict(zip(("completed_on", "evidence", "note"), record, strict=True))
            )
    result.completions = len(completions)
    return versions, completions


_TASK_SCHEMA = pa.schema(
    [
        ("plan_code", pa.string()),
        ("stt", pa.int32()),
        ("batch_id", pa.int64()),
        ("task", pa.string()),
        ("lead_text", pa.string()),
        ("coordinating_text", pa.string()),
        ("deadline_text", pa.string()),
        ("product", pa.string()),
        ("source_sheet", pa.string()),
        ("source_row", pa.int32()),
        ("deadline_kind", pa.string()),
        ("recurrence", pa.string()),
        ("start_date", pa.date32()),
        ("due_date", pa.date32()),
        ("deadline_note", pa.string()),
    ]
)
_OCC_SCHEMA = pa.schema(
    [
        ("plan_code", pa.string()),
        ("stt", pa.int32()),
        ("batch_id", pa.int64()),
        ("occurrence_key", pa.string()),
        ("occ_start", pa.date32()),
        ("occ_due", pa.date32()),
    ]
)
_UNIT_SCHEMA = pa.schema(
    [
        ("plan_code", pa.string()),
        ("stt", pa.int32()),
        ("batch_id", pa.int64()),
        ("role", pa.string()),
        ("seq", pa.int32()),
        ("text", pa.string()),
        ("label", pa.string()),
        ("resolution", pa.string()),
        ("unit_code", pa.string()),
        ("unit_kind", pa.string()),
        ("scope_parent", pa.string()),
    ]
)
_DONE_SCHEMA = pa.schema(
    [
        ("plan_code", pa.string()),
        ("stt", pa.int32()),
        ("occurrence_key", pa.string()),
        ("unit_code", pa.string()),  # null: for the task as a whole
        ("completed_on", pa.date32()),
        ("evidence", pa.string()),
        ("note", pa.string()),
    ]
)


def _parsed_fields(d: Deadline) -> dict:
    return {
        "deadline_kind": d.kind,
        "recurrence": d.recurrence,
        "start_date": d.start,
        "due_date": d.due,
        "deadline_note": d.note,
    }


def _version_tables(plan_code: str, batch_id: int, versions: list[_Prepared]) -> dict[str, pa.Table]:
    tasks, occ, units = [], [], []
    for p in versions:
        r = p.row
        key = {"plan_code": plan_code, "stt": r.stt, "batch_id": batch_id}
        tasks.append(
            key
            | {
                "task": r.task,
                "lead_text": r.lead,
                "coordinating_text": r.coordinating,
                "deadline_text": r.deadline_text,
                "product": r.product,
                "source_sheet": r.sheet,
                "source_row": r.row,
            }
            | _parsed_fields(p.deadline)
        )
        occ += [key | {"occurrence_key": k, "occ_start": s, "occ_due": e} for k, s, e in p.occurrences]
        for seq, (role, a) in enumerate(p.units, start=1):
            units.append(
                key
                | {
                    "role": role,
                    "seq": seq,
                    "text": a.text,
                    "label": a.label,
                    "resolution": a.resolution,
                    "unit_code": a.unit_code,
                    "unit_kind": a.unit_kind,
                    "scope_parent": a.scope_parent,
                }
            )
    return {
        "incoming_tasks": pa.Table.from_pylist(tasks, schema=_TASK_SCHEMA),
        "incoming_occurrences": pa.Table.from_pylist(occ, schema=_OCC_SCHEMA),
        "incoming_units": pa.Table.from_pylist(units, schema=_UNIT_SCHEMA),
    }


def _write(
    con: duckdb.DuckDBPyConnection,
    plan_code: str,
    versions: list[_Prepared],
    completions: list[dict],
    result: TaskImportResult,
    *,
    digest: str,
    who: str,
    dry_run: bool,
    file_name: str | None = None,
) -> None:
    """One transaction: a batch row, task versions, occurrences, units, completion records."""
    try:
        with db.transaction(con, commit=not dry_run, checkpoint=True) as cur:
            _insert(
                cur, plan_code, versions, completions, result, digest=digest, who=who, file_name=file_name
            )
    except db.CommitRefused as exc:
        raise loader.ImportFailed(f"Cơ sở dữ liệu từ chối lô nhập: {exc}") from exc
    except duckdb.Error as exc:
        raise loader.ImportFailed(f"Không ghi được vào cơ sở dữ liệu: {exc}") from exc
    if dry_run:
        result.outcome, result.batch_id = "dry_run", None
        return
    stored = db.scalar(con, "tasks/task_batch_count", {"batch_id": result.batch_id})
    if stored != result.rows_added:
        raise loader.ImportFailed(
            f"Sau khi ghi chỉ thấy {stored}/{result.rows_added} dòng của lô {result.batch_id}."
        )


def _insert(
    cur: duckdb.DuckDBPyConnection,
    plan_code: str,
    versions: list[_Prepared],
    completions: list[dict],
    result: TaskImportResult,
    *,
    digest: str,
    who: str,
    file_name: str | None,
) -> None:
    batch_id = int(
        db.execute(
            cur,
            "imports/import_insert_batch",
            {
                "kind": KIND,
                "file_name": file_name or result.file,
                "sha256": digest,
                "who": who,
                "rows_total": result.rows_total,
                "rows_rejected": result.rejected,
            },
        )[0][0]
    )
    result.batch_id = batch_id
    tables = _version_tables(plan_code, batch_id, versions) if versions else {}
    tables["incoming_completions"] = pa.Table.from_pylist(completions, schema=_DONE_SCHEMA)
    registered: list[str] = []
    try:
        for name, table in tables.items():
            cur.register(name, table)
            registered.append(name)
        if versions:
            for query in (
                "tasks/task_insert_versions",
                "tasks/task_insert_occurrences",
                "tasks/task_insert_units",
            ):
                db.execute(cur, query)
        if completions:
            db.execute(cur, "tasks/task_insert_completions", {"batch_id": batch_id, "who": who})
        db.execute(
            cur,
            "imports/import_finish_batch",
            {"batch_id": batch_id, "added": result.rows_added, "known": result.known},
        )
    finally:
        for name in registered:
            cur.unregister(name)


# --------------------------------------------------------------------------- completions


@dataclass(frozen=True)
class CompletionEdit:
    """A completion recorded (or, with completed_on None, cleared) for one occurrence."""

    plan_code: str
    stt: int
    occurrence_key: str
    completed_on: date | None
    evidence: str | None = None
    note: str | None = None


def _clean(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = nfc(str(value))
    return text or None


def record_completions(
    con: duckdb.DuckDBPyConnection,
    edits: Iterable[CompletionEdit],
    who: str,
    today: date | None = None,
    units: Sequence[str] | None = None,
) -> int:
    """Record completions (date, evidence, note) with who and when; returns how many changed.

    units: the units the user acts for (None: any); a task must be led by one of them. A task
    that a group of units leads ('UBND các xã, phường' of the city) is the duty of each member:
    a unit's completion of it is recorded for that unit (the scope's member of the group) and
    counts only within scopes holding that unit; otherwise (a named lead, or units None) the
    completion is recorded for the task as a whole and counts for everyone.
    Raises ValueError (Vietnamese message) for a missing name, a date after today, an
    occurrence that the task does not have, or a task outside `units`; nothing is written then.
    """
    who = nfc(who or "")
    if not who:
        raise ValueError("Hãy ghi tên người cập nhật.")
    today = today or date.today()
    cleaned = [
        CompletionEdit(
            e.plan_code, int(e.stt), e.occurrence_key, e.completed_on, _clean(e.evidence), _clean(e.note)
        )
        for e in edits
    ]
    with db.WRITE_LOCK:
        cur = con.cursor()
        try:
            rows: list[dict] = []
            for plan in sorted({e.plan_code for e in cleaned}):
                keys = {
                    (r[0], r[1]) for r in db.execute(cur, "tasks/task_current_occurrences", {"plan": plan})
                }
                scope = None if units is None else list(units)
                latest = {  # what the user sees, to tell an edit from an unchanged row
                    (r[0], r[1]): tuple(r[2:])
                    for r in db.execute(cur, "tasks/task_latest_completions", {"plan": plan, "units": scope})
                }
                led = None  # stt -> the unit the completion is recorded for (None: the whole task)
                if scope is not None:
                    params = {"plan": plan, "units": scope}
                    led = {r[1]: r[2] for r in db.execute(cur, "tasks/task_led_by", params)}
                for e in (e for e in cleaned if e.plan_code == plan):
                    if led is not None and e.stt not in led:
                        raise ValueError(
                            f"Nhiệm vụ {e.stt} của kế hoạch {plan} không do đơn vị của bạn chủ trì."
                        )
                    if (e.stt, e.occurrence_key) not in keys:
                        raise ValueError(
                            f"Kế hoạch {plan} không có nhiệm vụ {e.stt} (kỳ {e.occurrence_key})."
                        )
                    if e.completed_on is not None and e.completed_on > today:
                        raise ValueError(
                            f"Nhiệm vụ {e.stt}: ngày hoàn thành {e.completed_on:%d/%m/%Y} ở sau hôm nay ({today:%d/%m/%Y})."
                        )
                    record = (e.completed_on, e.evidence, e.note)
                    before = latest.get((e.stt, e.occurrence_key))
                    if before == record or (before is None and record == (None, None, None)):
                        continue
                    unit_code = None if led is None else led[e.stt]
                    rows.append(
                        {
                            "plan_code": plan,
                            "stt": e.stt,
                            "occurrence_key": e.occurrence_key,
                            "unit_code": unit_code,
                        }
                        | dict(zip(("completed_on", "evidence", "note"), record, strict=True))
                    )
            if not rows:
                return 0
            result = TaskImportResult(PAGE_EDIT, rows[0]["plan_code"], "imported", rows_total=len(rows))
            result.completions = len(rows)
            stamp = f"{who}|{datetime.now().isoformat()}|{rows!r}".encode()
            _write(
                con,
                rows[0]["plan_code"],
                [],
                rows,
                result,
                digest=hashlib.sha256(stamp).hexdigest(),
                who=who,
                dry_run=False,
            )
            return len(rows)
        finally:
            cur.close()


def record_completion(
    con: duckdb.DuckDBPyConnection,
    plan_code: str,
    stt: int,
    completed_on: date | None,
    who: str,
    *,
    occurrence_key: str = "once",
    evidence: str | None = None,
    note: str | None = None,
    today: date | None = None,
) -> int:
    """Record one completion; see record_completions."""
    edit = CompletionEdit(resolve_plan(con, plan_code), stt, occurrence_key, completed_on, evidence, note)
    return record_completions(con, [edit], who, today=today)


# --------------------------------------------------------------------------- re-parsing


_PARSED_SCHEMA = pa.schema(
    [("plan_code", pa.string()), ("stt", pa.int32()), ("batch_id", pa.int64())]
    + [
        f
        for f in _TASK_SCHEMA
        if f.name in ("deadline_kind", "recurrence", "start_date", "due_date", "deadline_note")
    ]
)


def refresh_deadlines(con: duckdb.DuckDBPyConnection) -> int:
    """Re-parse every stored deadline against the plans' current dates (after plans.csv changes)."""
    contexts = {p.plan_code: p for p in plan_contexts(con)}
    with db.WRITE_LOCK:
        cur = con.cursor()
        try:
            versions = db.execute(cur, "tasks/task_all_versions")
        finally:
            cur.close()
        parsed, occ = [], []
        for plan_code, stt, batch_id, text in versions:
            ctx = contexts.get(plan_code)
            if ctx is None:
                continue
            d = ctx.parse(text)
            key = {"plan_code": plan_code, "stt": stt, "batch_id": batch_id}
            parsed.append(key | _parsed_fields(d))
            occ += [
                key | {"occurrence_key": k, "occ_start": s, "occ_due": e} for k, s, e in ctx.occurrences(d)
            ]
        if not parsed:
            return 0
        with db.transaction(con) as tx:
            tx.register("incoming_parsed", pa.Table.from_pylist(parsed, schema=_PARSED_SCHEMA))
            tx.register("incoming_occurrences", pa.Table.from_pylist(occ, schema=_OCC_SCHEMA))
            try:
                for query in (
                    "tasks/task_update_parsed",
                    "tasks/task_delete_occurrences",
                    "tasks/task_insert_occurrences",
                ):
                    db.execute(tx, query)
            finally:
                tx.unregister("incoming_parsed")
                tx.unregister("incoming_occurrences")
        return len(parsed)
