"""`python -m cchc fulfillment --by kind-month`: the roll-up per unit kind x month, as CSV or a
table (imported by that command only: `--help` starts without pandas)."""

from __future__ import annotations

import sys
from datetime import date

import duckdb

from cchc import cli_table
from cchc.exports.csv_safe import iso_date, write_rows
from cchc.periods import Period
from cchc.quotas.rollups import KIND_MONTH_COLUMNS, kind_months
from cchc.vocab import UNIT_KINDS


def print_kind_months(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: list[str] | None, fmt: str
) -> int:
    """`fulfillment --by kind-month`: rule-periods due and met per unit kind x judged month."""
    frame = kind_months(con, period, as_of, units)
    if fmt == "csv":
        rows = frame[KIND_MONTH_COLUMNS].itertuples(index=False)
        write_rows(sys.stdout, KIND_MONTH_COLUMNS, ([iso_date(v) for v in row] for row in rows))
    elif len(frame):
        shown = frame.assign(
            kind_label=frame["unit_kind"].map(UNIT_KINDS).fillna(frame["unit_kind"]),
            month_label=frame["month"].map(lambda m: f"{m.month:02d}/{m.year}"),
        )
        print(cli_table.render(cli_table.KIND_MONTH, shown.to_dict("records")))
    else:
        print("Không có định mức nào trong kỳ này.")
    return 0
