"""The write path of task tables: import a table, record completions, re-parse deadlines.

A task's identity is its printed STT within its plan: new ones are added, changed ones get a new
version, tasks missing from the file are left as they are.

Every write is one transaction and one import batch (kind 'tasks', shared with publication
logs and written in cchc.db.transaction): a file already imported for the plan adds
nothing, a file with rejected rows writes nothing unless accept_partial, nothing new writes
nothing, and the rows are re-counted after COMMIT (DuckDB can roll back silently). Undoing a
batch (cchc.ingest.load) restores what was before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import duckdb
import pyarrow as pa

from cchc import clock, db
from cchc.ingest import load
from cchc.ingest.report import FileRejected, Problem
from cchc.ingest.worker import read_task_table  # parsed in a limited worker process
from cchc.tasks.completions import CompletionEdit, cleaned_edits, completion_rows
from cchc.tasks.outcome import TaskImportResult
from cchc.tasks.plans import PlanContext, plan_context, plan_contexts, resolve_plan, unit_resolver
from cchc.tasks.rows import (
    DONE_SCHEMA,
    OCC_SCHEMA,
    PARSED_SCHEMA,
    Prepared,
    occurrence_for,
    parsed_fields,
    prepare,
    version_tables,
)
from cchc.text import nfc

KIND = "tasks"
PAGE_EDIT = "Cập nhật trên trang Nhiệm vụ"


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
    prepared = [prepare(r, ctx, resolver, filename, result.problems) for r in table.rows]
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
    cur: duckdb.DuckDBPyConnection, ctx: PlanContext, prepared: list[Prepared], result: TaskImportResult
) -> tuple[list[Prepared], list[dict]]:
    current = {r[0]: tuple(r[1:]) for r in db.execute(cur, "tasks/task_current", {"plan": ctx.plan_code})}
    latest = {
        (r[0], r[1]): tuple(r[2:])
        for r in db.execute(cur, "tasks/task_latest_completions", {"plan": ctx.plan_code, "units": None})
    }
    versions: list[Prepared] = []
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
        key = occurrence_for(p, done)
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


def _write(
    con: duckdb.DuckDBPyConnection,
    plan_code: str,
    versions: list[Prepared],
    completions: list[dict],
    result: TaskImportResult,
    *,
    digest: str,
    who: str,
    dry_run: bool,
    file_name: str | None = None,
) -> None:
    """One transaction: a batch row, task versions, occurrences, units, completion records (run
    again whole on a serialization failure)."""

    def attempt() -> None:
        with db.transaction(con, commit=not dry_run, checkpoint=True) as cur:
            _insert(
                cur, plan_code, versions, completions, result, digest=digest, who=who, file_name=file_name
            )

    try:
        db.retrying(attempt)
    except db.CommitRefused as exc:
        raise load.ImportFailed(f"Cơ sở dữ liệu từ chối lô nhập: {exc}") from exc
    except duckdb.Error as exc:
        raise load.ImportFailed(f"Không ghi được vào cơ sở dữ liệu: {exc}") from exc
    if dry_run:
        result.outcome, result.batch_id = "dry_run", None
        return
    stored = db.scalar(con, "tasks/task_batch_count", {"batch_id": result.batch_id})
    if stored != result.rows_added:
        raise load.ImportFailed(
            f"Sau khi ghi chỉ thấy {stored}/{result.rows_added} dòng của lô {result.batch_id}."
        )


def _insert(
    cur: duckdb.DuckDBPyConnection,
    plan_code: str,
    versions: list[Prepared],
    completions: list[dict],
    result: TaskImportResult,
    *,
    digest: str,
    who: str,
    file_name: str | None,
) -> None:
    batch_id = int(db.execute(cur, "imports/next_batch_id")[0][0])
    db.execute(
        cur,
        "imports/import_insert_batch",
        {
            "batch_id": batch_id,
            "kind": KIND,
            "file_name": file_name or result.file,
            "sha256": digest,
            "who": who,
            "rows_total": result.rows_total,
            "rows_rejected": result.rejected,
        },
    )
    result.batch_id = batch_id
    tables = version_tables(plan_code, batch_id, versions) if versions else {}
    tables["incoming_completions"] = pa.Table.from_pylist(completions, schema=DONE_SCHEMA)
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
    today = today or clock.today()
    cleaned = cleaned_edits(edits)
    with db.WRITE_LOCK:
        cur = con.cursor()
        try:
            rows = completion_rows(cur, cleaned, units, today)
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
            parsed.append(key | parsed_fields(d))
            occ += [
                key | {"occurrence_key": k, "occ_start": s, "occ_due": e} for k, s, e in ctx.occurrences(d)
            ]
        if not parsed:
            return 0
        with db.transaction(con) as tx:
            tx.register("incoming_parsed", pa.Table.from_pylist(parsed, schema=PARSED_SCHEMA))
            tx.register("incoming_occurrences", pa.Table.from_pylist(occ, schema=OCC_SCHEMA))
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


def insert_task_versions(
    cur: duckdb.DuckDBPyConnection,
    plan_code: str,
    versions: list[Prepared],
    *,
    file_name: str,
    digest: str,
    who: str,
) -> int:
    """Write a plan's tasks as one import batch inside the caller's transaction (a plan and its
    task table registered together, cchc.plans); returns the batch."""
    result = TaskImportResult(file_name, plan_code, "imported", rows_total=len(versions), added=len(versions))
    _insert(cur, plan_code, versions, [], result, digest=digest, who=who, file_name=file_name)
    assert result.batch_id is not None  # set by _insert
    return result.batch_id
