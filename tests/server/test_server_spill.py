"""A server-mode connection spills to a real folder: DuckDB names its temporary folder after the
database, and for PostgreSQL that is `postgres:<url>.tmp`, which cannot be made, so an import
held to its memory limit (a province's year of a million rows, 30/11) failed with «IO Error:
Failed to create directory "postgres:postgresql://….tmp"»."""

from __future__ import annotations

import os
from pathlib import Path

from cchc import db


def test_a_query_past_the_memory_limit_spills_on_a_server_connection(pg_url: str) -> None:
    con = db.connect(pg_url)
    try:
        folder = con.execute("select current_setting('temp_directory')").fetchone()[0]
        assert folder == str(Path(folder).resolve()) and not folder.startswith("postgres:")
        assert Path(folder).name == f"cchc-duckdb-{os.getpid()}"
        con.execute("set memory_limit = '64MB'")
        con.execute("set preserve_insertion_order = false")
        # A sort of 4M rows and their hashes holds about 200 MB: past the limit, it spills to the folder.
        (n,) = con.execute(
            "select count(*) from (select i, md5(i::varchar) as h from range(4000000) t(i) order by h)"
        ).fetchone()
        assert n == 4_000_000
    finally:
        con.close()
