"""Baseline: pandas.read_excel (engine as given) → pandas mapping and dates → DuckDB.

python bench/baselines/pandas_excel.py calamine|openpyxl LOG.xlsx DB.duckdb
"""

from __future__ import annotations

import sys

import duckdb
import pandas as pd
from common import CREATE, HEADER_ROW, unit_codes

engine, path, database = sys.argv[1:4]
log = pd.read_excel(path, engine=engine, header=HEADER_ROW)
con = duckdb.connect(database)
codes = unit_codes(con)
log = log[log["Đơn vị"].isin(codes)]
items = pd.DataFrame(
    {
        "unit_code": log["Đơn vị"].map(codes),
        # date cells arrive as datetimes, typed dates as "05/3/2026"
        "item_date": pd.to_datetime(log["Ngày đăng"], format="mixed", dayfirst=True).dt.date,
        "channel": log["Kênh đăng"],
        "item_kind": log["Loại tin"],
        "title": log["Tiêu đề"],
        "url": log["Đường dẫn"],
        "status": log["Trạng thái"],
    }
)
con.execute(CREATE)
con.register("new_items", items)
con.execute("insert into items select * from new_items")
con.close()
