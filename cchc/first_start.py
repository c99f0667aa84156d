"""The very first start of the app: build the demo database so that a half-built one never shows."""

from __future__ import annotations

import os
from pathlib import Path

from cchc.setup import ProgressFn, init_database


def building_path(path: Path) -> Path:
    """Where the database is built before it is moved into place (hidden, beside `path`)."""
    return path.with_name(f".{path.name}.building")


def build_demo_database(path: Path, progress: ProgressFn) -> None:
    """Build the demo database beside `path` and move it into place only when complete.

    The rename means `path` never holds a half-built database; leftovers of a start cut short
    by a stopped server are removed first, and a failed build leaves nothing behind (the
    exception is raised again for the caller to report).
    """
    building = building_path(path)
    try:
        for leftover in (building, Path(f"{building}.wal")):
            leftover.unlink(missing_ok=True)
        init_database(building, demo=True, progress=progress).close()
        os.replace(building, path)
    except Exception:
        building.unlink(missing_ok=True)
        Path(f"{building}.wal").unlink(missing_ok=True)
        raise
