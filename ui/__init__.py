"""Streamlit helpers shared by app.py and pages/ (Streamlit only; the logic is in cchc).

session: the connection, the user, the scope and `cached`; filters: pickers kept in the URL;
links: page paths and deep links; formats: numbers and dates; signin; unit_sections.
The names below are the ones pages call as `ui.<name>`.
"""

from __future__ import annotations

from ui.chrome import drawn, inline_svg, localise_chrome, on_phone, plotly_chart, tab_title
from ui.filters import (
    ALL_KINDS,
    MONTHS_VI,
    PICKABLE_KINDS,
    active_years,
    kind_and_unit_pickers,
    kind_picker,
    searchable_format,
    shown,
    year_month_picker,
)
from ui.formats import fmt_date, fmt_datetime, fmt_int, fmt_pct, plain
from ui.links import ROOT, TASKS_PAGE, ensure_entrypoint, follow_deep_link, hide_developer_chrome, unit_page
from ui.province import province_name, province_picker
from ui.session import (
    after_write,
    backup_after_import,
    backups_dir,
    cached,
    connection,
    fresh,
    kept_warm,
    scope,
    sees_no_unit,
    today,
    user,
    version,
)
from ui.tables import html_cards, html_table

__all__ = [
    "ALL_KINDS",
    "MONTHS_VI",
    "PICKABLE_KINDS",
    "ROOT",
    "TASKS_PAGE",
    "active_years",
    "after_write",
    "backup_after_import",
    "backups_dir",
    "cached",
    "connection",
    "drawn",
    "ensure_entrypoint",
    "fmt_date",
    "fmt_datetime",
    "fmt_int",
    "fmt_pct",
    "follow_deep_link",
    "fresh",
    "hide_developer_chrome",
    "html_cards",
    "html_table",
    "inline_svg",
    "kept_warm",
    "kind_and_unit_pickers",
    "kind_picker",
    "localise_chrome",
    "on_phone",
    "plain",
    "plotly_chart",
    "province_name",
    "province_picker",
    "scope",
    "searchable_format",
    "sees_no_unit",
    "shown",
    "tab_title",
    "today",
    "unit_page",
    "user",
    "version",
    "year_month_picker",
]
