"""The quarterly report's charts (plotly): the page shows them and the workbook embeds them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from cchc.charts import overview as charts

if TYPE_CHECKING:
    from cchc.screens.report import ReportData


def report_figures(data: ReportData) -> dict[str, go.Figure]:
    """The report's charts, keyed by a file-name stem; the page shows the same ones."""
    figs: dict[str, go.Figure] = {}
    kinds = data.share_by_kind
    if not kinds.empty:
        figs["ty-le-dat-theo-loai-don-vi"] = charts.share_bars(
            kinds, "kind_label", f"Tỷ lệ định mức đạt theo loại đơn vị, {data.label}"
        )
        status = data.detail.groupby(["kind_label", "status"], as_index=False).size()
        figs["tinh-trang-dinh-muc-theo-loai-don-vi"] = charts.status_bars(
            status.rename(columns={"size": "count"}),
            "kind_label",
            f"Số định mức-kỳ theo tình trạng và loại đơn vị, {data.label}",
        )
    if not data.items_by_month.empty:
        figs["tin-bai-moi-theo-kenh"] = charts.items_over_time(
            data.items_by_month, f"Tin/bài mới theo kênh từng tháng, {data.label}"
        )
    return figs
