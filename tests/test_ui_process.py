"""The server process freezes what its first run left alive, once (ui.process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run apart: freezing the test process itself would keep its objects' cycles for the whole run.
PROBE = """
import gc, json
from ui import process
before = gc.get_freeze_count()
young = [[i] for i in range(1000)]  # tracked objects alive at the first call
process.freeze_startup_objects()
first = gc.get_freeze_count()
later = [[i] for i in range(1000)]  # made after the freeze: left to the collector
process.freeze_startup_objects()
print(json.dumps([before, first, gc.get_freeze_count()]))
"""


def test_the_first_call_freezes_the_objects_alive_and_later_calls_do_nothing():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    before, first, again = (int(n) for n in out.strip().strip("[]").split(","))
    assert before == 0
    assert first >= 1000  # at least the lists made before the call
    assert again == first  # the second call froze nothing more
