"""Baseline, the floor: fastexcel → Arrow → DuckDB, the mapping and the dates done in SQL.

python bench/baselines/fastexcel_duckdb.py LOG.xlsx DB.duckdb
"""

from __future__ import annotations

import sys

import duckdb
import fastexcel
import pyarrow as pa
from common import CREATE, HEADER_ROW, unit_codes

path, database = sys.argv[1:3]
rows = (
    fastexcel.read_excel(path).load_sheet(0, header_row=HEADER_ROW, dtypes={"Ngày đăng": "string"}).to_arrow()
)
con = duckdb.connect(database)
codes = unit_codes(con)
con.register("codes", pa.table({"spelling": list(codes), "code": list(codes.values())}))
con.register("log", rows)
con.execute(CREATE)
con.execute("""
    insert into items
    select
        codes.code,
        coalesce(try_strptime("Ngày đăng", '%Y-%m-%d %H:%M:%S'), try_strptime("Ngày đăng", '%d/%m/%Y'))::date,
        "Kênh đăng", "Loại tin", "Tiêu đề", "Đường dẫn", "Trạng thái"
    from log join codes on codes.spelling = log."Đơn vị"
""")
con.close()
