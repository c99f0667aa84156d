"""Serialization failures (SQLSTATE 40001) on a real PostgreSQL, and kept reads that stay current
when another process writes a source without refreshing them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from cchc import db
from cchc.ingest.importer import import_files
from cchc.periods import parse_period
from cchc.quotas.fulfillment import fulfillment, recomputed
from server.conftest import Cluster
from server.test_server_writers import overlapping_logs, reference_db


def against_a_concurrent_writer(url: str, write: Callable[[], Any]) -> Any:
    """Run `write` in a thread while another session holds the sources stamp's row (updated, not
    yet committed); once `write` waits for that row, its snapshot already taken, the other
    session commits: PostgreSQL then refuses `write`'s statement with SQLSTATE 40001."""
    other = psycopg.connect(url)
    other.execute("update cchc_server.sources_stamp set stamp = 'another writer'")
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = write()
        except BaseException as exc:  # handed to the test
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    with psycopg.connect(url, autocommit=True) as watcher:
        for _ in range(300):
            waiting = watcher.execute(
                "select count(*) from pg_stat_activity"
                " where datname = current_database() and wait_event_type = 'Lock'"
            ).fetchone()
            if waiting and waiting[0]:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the write never waited for the other session's row")
    other.commit()
    other.close()
    thread.join(120)
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_a_serialization_failure_is_raised_as_such_and_a_retried_write_succeeds(cluster: Cluster) -> None:
    url = cluster.new_database()
    con = db.connect(url)
    calls: list[int] = []

    def rename() -> None:
        calls.append(1)
        with db.transaction(con) as cur:
            db.execute(cur, "meta/meta_get", {"key": "schema_version"})  # the snapshot is taken
            cur.execute("update units set name = name").fetchall()  # fires the stamp's trigger

    with pytest.raises(db.SerializationFailure):
        against_a_concurrent_writer(url, lambda: db.retrying(rename, attempts=1))
    calls.clear()
    against_a_concurrent_writer(url, lambda: db.retrying(rename))
    assert len(calls) == 2  # refused once, then done
    con.close()


def test_an_import_refused_for_a_concurrent_write_runs_again(cluster: Cluster, tmp_path: Path) -> None:
    log = overlapping_logs(tmp_path, 1)[0]
    url = reference_db(cluster.new_database())
    con = db.connect(url)
    run = against_a_concurrent_writer(url, lambda: import_files(con, [log], who="kiểm thử"))
    assert run.exit_code == 0 and run.results[0].added == 24
    assert db.scalar(con, "server/count_rows", {"table_name": "publications"}) == 24
    assert db.scalar(con, "server/count_rows", {"table_name": "import_batches"}) == 1
    con.close()


def test_kept_reads_see_a_write_another_process_made_without_refreshing(
    cluster: Cluster, tmp_path: Path
) -> None:
    url = reference_db(cluster.new_database(), *overlapping_logs(tmp_path, 2))
    reader = db.connect(url)
    month, as_of = parse_period("2026-04"), date(2026, 5, 15)
    before = fulfillment(reader, month, as_of)
    assert before["actual"].sum() > 0
    with psycopg.connect(url, autocommit=True) as other:  # a write that skips the kept refresh
        other.execute(
            "delete from main.item_counts where unit_code = (select min(unit_code) from main.item_counts)"
        )
    after = fulfillment(reader, month, as_of)
    assert after.equals(recomputed(reader, month, as_of))
    assert after["actual"].sum() < before["actual"].sum()
    scoped = fulfillment(reader, month, as_of, [after["unit_code"].iloc[0]])
    assert scoped.equals(recomputed(reader, month, as_of, [after["unit_code"].iloc[0]]))
    reader.close()
