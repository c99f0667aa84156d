"""Reading a ~40-page plan: `plan read` on .docx and .pdf, whole process and in-process.

Builds the plan from seed 004 (the city plan of Hà Nội): its assignments four times over with
other counts and its task table four times over, written as .docx (python-docx: paragraphs and a
Word table) and as .pdf (fpdf2, DejaVu Sans, wrapped at the page width, the table ruled): 41
pages. Prints the medians of interleaved runs (wall time, and the CPU time of the whole process,
since on a shared machine the wall time also counts waiting for a core), and, for the PDF's text,
pypdfium2 (what the product uses) against pypdf and pdfplumber, checked to give the same rules.

    .venv/bin/python bench/bench_plan_read.py [--runs 7] [--seed data/seeds/004_….txt]
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.plandoc import read_plan
from cchc.plandoc.extract import Blocks, clean_line
from cchc.plandoc.reader import read_blocks_plan

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def plan_text(seed: Path, copies: int = 4) -> tuple[list[str], list[list[str]]]:
    """The body lines (copies × the seed's body, counts varied) and the task rows (copies × its table)."""
    text = seed.read_text(encoding="utf-8")
    body, _, annex = text.partition("\nPhụ lục\n")
    head, _, rest = body.partition("IV. TỔ CHỨC THỰC HIỆN")
    closing = rest[rest.index("Trên đây là") :]
    assignments = rest[: rest.index("Trên đây là")]
    parts = [head, "IV. TỔ CHỨC THỰC HIỆN"]
    for n in range(copies):
        varied = re.sub(
            r"\b0(\d) (tin|bài|lần)", lambda m, n=n: f"0{int(m.group(1)) + n} {m.group(2)}", assignments
        )
        parts.append(varied)
    parts.append(closing)
    lines = [clean_line(line) for line in "\n".join(parts).splitlines()]
    rows = [line.split("\t") for line in annex.splitlines() if "\t" in line]
    header, data = rows[0], [r for r in rows if r != rows[0]]
    table = [header]
    for n in range(copies):
        for r in data:
            stt = r[0].rstrip(".")
            table.append([f"{int(stt) + 21 * n}." if stt.isdigit() else "", *r[1:]])
    return lines, table


def write_docx(lines: list[str], table: list[list[str]], path: Path) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.add_paragraph("Phụ lục")
    word = document.add_table(rows=0, cols=len(table[0]))
    for row in table:
        for cell, text in zip(word.add_row().cells, row, strict=False):
            cell.text = text
    document.save(str(path))


def write_pdf(lines: list[str], table: list[list[str]], path: Path) -> int:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("dejavu", "", str(FONT))
    pdf.set_font("dejavu", size=13)
    for line in [*lines, "Phụ lục"]:
        pdf.multi_cell(0, 7.5, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", size=9)
    pdf.add_font("dejavu", "B", str(FONT.with_name("DejaVuSans-Bold.ttf")))
    with pdf.table(col_widths=(8, 60, 40, 30, 30)) as grid:  # a real table, ruled cells
        for row in table:
            cells = grid.row()
            for text in row:
                cells.cell(text)
    pdf.output(str(path))
    return pdf.pages_count


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms (min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f})"


def _whole_process(path: Path, cpu: list[float]) -> float:
    """Wall time of one `plan read`; its CPU time (user + system) is added to cpu, since on a shared
    machine the wall time also counts the waits for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "cchc", "plan", "read", str(path), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert run.returncode == 0, run.stderr
    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def _pdfplumber_blocks(path: Path) -> Blocks:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return Blocks(lines=[clean_line(line) for line in text.splitlines()])


def _pdfium_blocks(path: Path) -> Blocks:
    from cchc.plandoc.extract import read_blocks

    return read_blocks(path)


def _pypdf_blocks(path: Path) -> Blocks:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return Blocks(lines=[clean_line(line) for line in text.splitlines()])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--seed",
        type=Path,
        default=next((Path(__file__).resolve().parent.parent / "data" / "seeds").glob("004_*.txt")),
    )
    args = parser.parse_args()
    lines, table = plan_text(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        docx_path, pdf_path = Path(tmp) / "plan.docx", Path(tmp) / "plan.pdf"
        write_docx(lines, table, docx_path)
        pages = write_pdf(lines, table, pdf_path)
        chars = sum(len(x) for x in lines) + sum(len(c) for r in table for c in r)
        for path in (docx_path, pdf_path):
            found = read_plan(path)
            print(
                f"{path.suffix}: {len(found['rules'])} rules, {len(found['tasks'])} tasks, {len(found['unread'])} unread"
            )
        print(f"plan: {pages} PDF pages, {chars:,} characters, {len(table) - 1} table rows")

        labels = (
            "docx in",
            "pdf in",
            "docx cli",
            "pdf cli",
            "docx cpu",
            "pdf cpu",
            "pypdfium2",
            "pypdf",
            "pdfplumber",
        )
        timings: dict[str, list[float]] = {k: [] for k in labels}
        readers = (
            ("pypdfium2", _pdfium_blocks),
            ("pypdf", _pypdf_blocks),
            ("pdfplumber", _pdfplumber_blocks),
        )
        for _ in range(args.runs):  # interleaved, so a busy machine weighs on every figure alike
            for label, path in (("docx", docx_path), ("pdf", pdf_path)):
                start = time.perf_counter()
                read_plan(path)
                timings[f"{label} in"].append(time.perf_counter() - start)
                timings[f"{label} cli"].append(_whole_process(path, timings[f"{label} cpu"]))
            for label, reader in readers:
                start = time.perf_counter()
                reader(pdf_path)
                timings[label].append(time.perf_counter() - start)
        rules = [read_blocks_plan(reader(pdf_path))["rules"] for _, reader in readers]
        print(f"in-process read_plan, .docx: {_median_ms(timings['docx in'])}")
        print(f"in-process read_plan, .pdf:  {_median_ms(timings['pdf in'])}")
        for kind in ("docx", "pdf"):
            print(
                f"whole process `python -m cchc plan read`, .{kind}: wall {_median_ms(timings[kind + ' cli'])}; "
                f"CPU {_median_ms(timings[kind + ' cpu'])}"
            )
        print("PDF text alone: " + "; ".join(f"{label} {_median_ms(timings[label])}" for label, _ in readers))
        print(f"the three PDF texts give the same rules: {rules[0] == rules[1] == rules[2]}")


if __name__ == "__main__":
    main()
