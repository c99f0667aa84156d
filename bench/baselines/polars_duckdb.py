"""Baseline: polars.read_excel (calamine) → polars mapping and dates → DuckDB.

python bench/baselines/polars_duckdb.py LOG.xlsx DB.duckdb
"""

from __future__ import annotations

import sys

import duckdb
import polars as pl
from common import CREATE, HEADER_ROW, unit_codes

path, database = sys.argv[1:3]
log = pl.read_excel(path, read_options={"header_row": HEADER_ROW}, schema_overrides={"Ngày đăng": pl.String})
con = duckdb.connect(database)
codes = unit_codes(con)
day = pl.col("Ngày đăng")
items = log.filter(pl.col("Đơn vị").is_in(list(codes))).select(
    pl.col("Đơn vị").replace_strict(codes).alias("unit_code"),
    pl.coalesce(
        day.str.strptime(pl.Datetime, "%Y-%m-%d %H:%M:%S", strict=False),
        day.str.strptime(pl.Datetime, "%d/%m/%Y", strict=False),
    )
    .dt.date()
    .alias("item_date"),
    pl.col("Kênh đăng").alias("channel"),
    pl.col("Loại tin").alias("item_kind"),
    pl.col("Tiêu đề").alias("title"),
    pl.col("Đường dẫn").alias("url"),
    pl.col("Trạng thái").alias("status"),
)
con.execute(CREATE)
con.register("new_items", items.to_arrow())
con.execute("insert into items select * from new_items")
con.close()
