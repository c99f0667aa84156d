"""Work in Arrow without loading pandas (0.3–0.5 s of CPU at every start of a process).

pyarrow imports pandas on its first conversion of Python values (`pa.array([...])`), only to
recognise pandas' missing values and objects among them. The importer's processes (the CLI's
import and the reader's worker) never hold a pandas object; while `without_pandas()` is in force
pandas cannot be imported, and pyarrow carries on without it (it tries again afterwards).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


class _NoPandas:
    """A module finder that finds no pandas."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not loaded by the importer (cchc.lean)")


@contextlib.contextmanager
def without_pandas() -> Iterator[None]:
    """No pandas inside the block (unless it was loaded before); meant for a whole process's work."""
    sys.meta_path.insert(0, _NoPandas)
    try:
        yield
    finally:
        sys.meta_path.remove(_NoPandas)
