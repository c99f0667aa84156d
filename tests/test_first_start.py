"""cchc.first_start: the demo database appears whole or not at all."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cchc import first_start


def test_a_build_moves_a_whole_database_into_place(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cchc.duckdb"
    first_start.building_path(path).write_bytes(b"left by a stopped server")
    seen: list[tuple[float, str]] = []

    def init(building: Path, *, demo: bool, progress) -> duckdb.DuckDBPyConnection:
        assert demo and building == first_start.building_path(path) and not building.exists()
        assert not path.exists()  # never the real path while building
        progress(0.5, "Nạp dữ liệu minh họa")
        con = duckdb.connect(str(building))
        con.execute("create table marker as select 42 as answer")
        return con

    monkeypatch.setattr(first_start, "init_database", init)
    first_start.build_demo_database(path, lambda f, t: seen.append((f, t)))
    assert seen == [(0.5, "Nạp dữ liệu minh họa")]
    assert duckdb.connect(str(path)).execute("select answer from marker").fetchone() == (42,)
    assert not list(tmp_path.glob(".*building*"))


def test_a_failed_build_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cchc.duckdb"

    def init(building: Path, *, demo: bool, progress) -> duckdb.DuckDBPyConnection:
        duckdb.connect(str(building)).close()  # half-built, then the build fails
        raise OSError("disk full")

    monkeypatch.setattr(first_start, "init_database", init)
    with pytest.raises(OSError, match="disk full"):
        first_start.build_demo_database(path, lambda f, t: None)
    assert not path.exists()
    assert not list(tmp_path.iterdir())
