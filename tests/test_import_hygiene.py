"""The core must stay importable without Streamlit (it is used from the CLI and tests)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_core_does_not_import_streamlit():
    modules = [
        ".".join(p.relative_to(ROOT / "cchc").with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "cchc").rglob("*.py")
        if p.stem != "__main__"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(('cchc.' + m).rstrip('.'))\n"
        "import cchc.ingest\n"
        "assert 'streamlit' not in sys.modules, 'streamlit imported by the core'\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
