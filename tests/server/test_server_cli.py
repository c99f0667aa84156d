"""Server mode through the command line: the same commands on PostgreSQL as on a DuckDB file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc import db, server
from server.conftest import ROOT, Cluster, cli, free_port


@pytest.mark.parametrize(
    ("target", "is_url"),
    [
        ("postgresql://cchc:mk@db.tinh.vn:5432/cchc", True),
        ("postgres://cchc@localhost/cchc", True),
        ("host=/run/postgresql dbname=cchc user=cchc", True),
        ("dbname=cchc", True),
        ("host=127.0.0.1 port=5432 dbname='cchc tinh' password='a b'", True),
        ("data/cchc.duckdb", False),
        ("cchc.duckdb", False),
        ("/srv/cchc/postgresql.duckdb", False),
        ("dbname=x.duckdb backup", False),  # a word that is no key=value: a file name
        ("colour=blue dbname=x", False),  # a key libpq does not know
        ("port=5432", False),  # says which database nowhere
        ("", False),
        (Path("postgresql://cchc@localhost/cchc"), False),  # a Path is a file, whatever its text
    ],
)
def test_a_url_or_dsn_is_postgresql_and_anything_else_a_file(target: object, is_url: bool) -> None:
    assert server.is_url(target) is is_url


def test_the_password_never_shows() -> None:
    assert server.redact("postgresql://cchc:bi-mat@h:5432/db") == "postgresql://cchc:***@h:5432/db"
    assert server.redact("host=h password='bi mat' dbname=db") == "host=h password=*** dbname=db"


def test_a_url_creates_no_file_and_a_path_never_connects(
    pg_url: str, tmp_path: Path, cluster: Cluster
) -> None:
    before = set(ROOT.rglob("*.duckdb")) | set(tmp_path.iterdir())
    out = cli("init", "--db", pg_url)
    assert out.returncode == 0, out.stderr
    assert (set(ROOT.rglob("*.duckdb")) | set(tmp_path.iterdir())) == before
    assert "units" in cluster.psql(
        "select tablename from pg_tables where schemaname = 'main'", pg_url.rsplit("/", 1)[1]
    )
    # A path that merely looks like a DSN is a DuckDB file beside it, not a connection.
    path = tmp_path / "dbname=cchc.duckdb"
    out = cli("init", "--db", path)
    assert out.returncode == 0, out.stderr
    assert path.exists()


def test_an_unreachable_database_is_one_vietnamese_line_and_exit_2(tmp_path: Path) -> None:
    url = f"postgresql://cchc:bi-mat@127.0.0.1:{free_port()}/cchc"
    for args in (
        ("fulfillment", "--db", url, "--period", "2026-06"),
        ("import", str(ROOT / "data" / "demo" / "nhat-ky-tin-bai-2026-06.xlsx"), "--db", url),
        ("init", "--db", url),
    ):
        out = cli(*args)
        assert out.returncode == 2
        assert out.stderr.startswith(
            "Lỗi: không kết nối được cơ sở dữ liệu PostgreSQL postgresql://cchc:***@"
        )
        assert len(out.stderr.strip().splitlines()) == 1 and "bi-mat" not in out.stderr
    assert not list(tmp_path.iterdir())


@pytest.fixture(scope="module")
def demo_pair(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The demo built by `init --demo` on PostgreSQL and on a DuckDB file."""
    url, path = cluster.new_database(), tmp_path_factory.mktemp("file") / "demo.duckdb"
    for target in (url, path):
        out = cli("init", "--db", target, "--demo")
        assert out.returncode == 0, out.stderr
    return url, path


@pytest.mark.parametrize(
    "args",
    [
        ("fulfillment", "--period", "2026-06", "--as-of", "2026-07-15", "--format", "csv"),
        ("fulfillment", "--period", "2026", "--as-of", "2026-11-20", "--format", "csv"),
        (
            "fulfillment",
            "--period",
            "2026-Q2",
            "--unit",
            "Phúc Lợi",
            "--as-of",
            "2026-07-01",
            "--format",
            "csv",
        ),
        ("tasks", "--as-of", "2026-10-01"),
        ("tasks", "--as-of", "2026-10-01", "--unit", "Sở Tư pháp"),
    ],
)
def test_the_demo_gives_byte_identical_csv_on_both_stores(
    demo_pair: tuple[str, Path], args: tuple[str, ...]
) -> None:
    url, path = demo_pair
    on_server, on_file = cli(*args, "--db", url), cli(*args, "--db", path)
    assert on_server.returncode == on_file.returncode == 0, on_server.stderr + on_file.stderr
    assert len(on_file.stdout.splitlines()) > 1
    assert on_server.stdout.encode() == on_file.stdout.encode()


def test_init_never_prints_the_password(cluster: Cluster) -> None:
    url = cluster.new_database()
    cluster.psql("alter role postgres password 'bi-mat'")
    try:
        with_password = url.replace("postgres@", "postgres:bi-mat@")
        out = cli("init", "--db", with_password)
        assert out.returncode == 0 and "bi-mat" not in out.stdout + out.stderr
        assert "postgres:***@" in out.stdout
    finally:
        cluster.psql("alter role postgres password null")


def test_accounts_on_the_server(pg_url: str) -> None:
    add = cli(
        "user",
        "add",
        "snv.admin",
        "--db",
        pg_url,
        "--role",
        "city",
        "--password-stdin",
        stdin="mat-khau-dai-12\n",
    )
    assert add.returncode == 0, add.stderr
    assert cli("user", "disable", "snv.admin", "--db", pg_url).returncode == 0
    assert cli("user", "disable", "khong-co", "--db", pg_url).returncode == 2
    con = db.connect(pg_url)
    try:
        assert db.run(con, "auth/auth_user_get", {"username": "snv.admin"})["disabled"].tolist() == [True]
    finally:
        con.close()


def test_ids_come_from_postgresql_sequences(pg_url: str) -> None:
    con = db.connect(pg_url)
    try:
        with db.transaction(con) as cur:
            first, second = db.next_id(cur, "batch_seq"), db.next_id(cur, "batch_seq")
        assert second == first + 1
        assert db.is_server(con) and not db.is_server(db.connect(":memory:"))
        db.checkpoint(con)  # skipped: PostgreSQL keeps its own log
    finally:
        con.close()


def test_a_job_runs_in_one_process_at_a_time(pg_url: str) -> None:
    one, other = server.Admin(pg_url), server.Admin(pg_url)
    try:
        with one.locked("cchc:auto-backup", wait=False) as mine:
            assert mine
            with other.locked("cchc:auto-backup", wait=False) as theirs:
                assert not theirs  # another process holds the job: this one skips it
            with one.locked("cchc:auto-backup", wait=False) as again:
                assert again  # re-entrant in the process that holds it
        with other.locked("cchc:auto-backup", wait=False) as theirs:
            assert theirs  # released: the next one takes it
    finally:
        one.close()
        other.close()


def test_a_log_read_in_slices_and_one_read_whole_dedup_alike_on_postgresql(
    pg_url: str, tmp_path: Path
) -> None:
    """A log read in slices comes without its dedup keys (the worker keeps its peak low; the CLI
    keys it), a log read whole with them (the reader's): on PostgreSQL, where the batches are
    gathered first, both go in, and the second finds the first's rows known."""
    from tests.ingest.corpus import Sheet, with_xlsxwriter
    from tests.test_cli_import import HEADER

    def log(name: str, n: int) -> Path:
        body = [
            ["Sở Tư pháp", f"{i % 28 + 1:02d}/04/2026", "Cổng TTĐT", f"Tin, số {i + 1}!"] for i in range(n)
        ]
        path = tmp_path / name
        path.write_bytes(with_xlsxwriter(Sheet("Tin bài", [["BÁO CÁO"], HEADER, *body])))
        return path

    assert cli("init", "--db", pg_url).returncode == 0
    sliced = cli(
        "import", log("lon.xlsx", 300), "--db", pg_url, env={"CCHC_SLICE_BYTES": "0", "CCHC_SLICE_ROWS": "64"}
    )
    assert (sliced.returncode, sliced.stdout.strip(), sliced.stderr) == (0, "lon.xlsx: đã thêm 300 dòng.", "")
    whole = cli("import", log("them.xlsx", 301), "--db", pg_url)
    assert (whole.returncode, whole.stdout.strip()) == (0, "them.xlsx: đã thêm 1 dòng, 300 dòng đã có sẵn.")
