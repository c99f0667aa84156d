"""Plan task tables: the API the CLI and the Nhiệm vụ page use (`from cchc import tasks`).

The package, one job per module:
  deadlines    phrases ("Quý III", "Định kỳ hằng tháng") → Deadline; windows: the dates they name
  occurrences  the (start, due) windows a deadline asks for inside a plan period
  plans        plans as task tables see them: dates for deadlines, the issuer for units
  assignees    lead/coordinator cells → units, unit kinds, or reported text
  status       status as of a day, per task and per occurrence (the rules are there)
  completions  who may complete what; which records an edit changes
  editor       the page's completion editor (rows ↔ edits)
  rows, outcome, store, seed   the write path: rows ready to store, what an import reports,
               the transactions, the seed plans' tables
Reading the uploaded file is cchc.ingest.tasks; the .xlsx download cchc.exports.tasks; the
timeline chart cchc.charts.tasks.
"""

from __future__ import annotations

from cchc.charts.tasks import STATUS_COLORS, timeline_figure
from cchc.exports.tasks import to_xlsx
from cchc.tasks.completions import CompletionEdit
from cchc.tasks.editor import completion_edits, editor_rows, period_label
from cchc.tasks.outcome import TaskImportResult
from cchc.tasks.plans import (
    PlanContext,
    UnknownPlan,
    as_date,
    plan_context,
    plan_contexts,
    plan_label,
    resolve_plan,
    upload_targets,
)
from cchc.tasks.seed import load_seed_tasks
from cchc.tasks.status import (
    CSV_COLUMNS,
    lead_units,
    occurrence_status,
    plans_with_tasks,
    status_counts,
    task_status,
)
from cchc.tasks.store import import_task_table, record_completion, record_completions, refresh_deadlines
from cchc.vocab import TASK_STATUSES

__all__ = [
    "CSV_COLUMNS",
    "STATUS_COLORS",
    "TASK_STATUSES",
    "CompletionEdit",
    "PlanContext",
    "TaskImportResult",
    "UnknownPlan",
    "as_date",
    "completion_edits",
    "editor_rows",
    "import_task_table",
    "lead_units",
    "load_seed_tasks",
    "occurrence_status",
    "period_label",
    "plan_context",
    "plan_contexts",
    "plan_label",
    "plans_with_tasks",
    "record_completion",
    "record_completions",
    "refresh_deadlines",
    "resolve_plan",
    "status_counts",
    "task_status",
    "timeline_figure",
    "to_xlsx",
    "upload_targets",
]
