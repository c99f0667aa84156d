"""What importing a task table (or recording completions) reports: counts and one sentence."""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.ingest.report import Problem


@dataclass
class TaskImportResult:
    file: str
    plan_code: str
    outcome: str  # imported | partial | already_imported | nothing_new | rejected | dry_run
    batch_id: int | None = None
    rows_total: int = 0
    added: int = 0  # tasks new to the plan
    changed: int = 0  # tasks whose text changed
    known: int = 0  # tasks already there, unchanged
    completions: int = 0  # completion records written
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows_added(self) -> int:
        return self.added + self.changed + self.completions

    @property
    def message(self) -> str:
        """One Vietnamese sentence for people."""
        if self.outcome == "already_imported":
            return f"{self.file}: tệp này đã được nhập cho kế hoạch {self.plan_code} (lô {self.batch_id}); không thêm gì."
        if self.outcome == "rejected":
            fatal = next((p for p in self.problems if p.severity == "fatal"), None)
            if fatal is not None:
                return f"{self.file}: không nhập được; không ghi gì. {fatal.message}"
            return (
                f"{self.file}: {self.rejected} dòng lỗi; chưa ghi gì vào cơ sở dữ liệu"
                " (sửa lỗi hoặc chọn «chỉ nhập các dòng hợp lệ»)."
            )
        if self.outcome == "nothing_new":
            return f"{self.file}: {self.known} nhiệm vụ đã có sẵn, không có gì mới."
        verb = "sẽ thêm" if self.outcome == "dry_run" else "đã thêm"
        parts = [f"{self.added} nhiệm vụ mới"] if self.added or not (self.changed or self.completions) else []
        if self.changed:
            parts.append(f"{self.changed} nhiệm vụ sửa đổi")
        if self.completions:
            parts.append(f"{self.completions} lần hoàn thành")
        text = f"{self.file}: {verb} {', '.join(parts)}"
        if self.known:
            text += f"; {self.known} nhiệm vụ không đổi"
        if self.rejected:
            text += f"; bỏ qua {self.rejected} dòng lỗi"
        return text + "."
