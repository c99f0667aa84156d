"""queries.load: includes expanded, and a store's variants read in place of a file, also where
it is included (cchc.server.VARIANTS: PostgreSQL reads the kept days from kept_days)."""

from __future__ import annotations

from pathlib import Path

from cchc import db, queries, server


def test_a_variant_replaces_an_included_file() -> None:
    plain = queries.load("quotas/fulfillment_kept")
    swapped = queries.load("quotas/fulfillment_kept", (("quotas/kept_counts", "server/kept_counts"),))
    # the file's read sums each row's own lists; the server's subtracts the days from kept_days
    assert "list_filter(day_counts" in plain and "from kept_days" not in plain
    assert "from kept_days" in swapped and "list_filter(day_counts" not in swapped
    assert queries.load("quotas/fulfillment_kept.sql") == plain  # the suffix is optional


def test_a_file_connection_reads_the_plain_queries(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "a.duckdb")
    for name in ("quotas/rollup_kind_month", "quotas/kept_sources", *server.VARIANTS):
        assert server.query_text(con, name) == queries.load(name)
    con.close()


def test_every_variant_names_a_file() -> None:
    for name, other in server.VARIANTS.items():
        assert (queries.QUERIES_DIR / f"{name}.sql").exists(), name
        assert (queries.QUERIES_DIR / f"{other}.sql").exists(), other
