"""The core must stay importable without Streamlit (it is used from the CLI and tests)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _core_modules() -> list[str]:
    """Every module under cchc/, subpackages and the CLI included."""
    return sorted(
        ".".join(("cchc", *p.relative_to(ROOT / "cchc").with_suffix("").parts)).removesuffix(".__init__")
        for p in (ROOT / "cchc").rglob("*.py")
    )


def test_the_module_list_covers_subpackages():
    modules = _core_modules()
    assert {"cchc", "cchc.__main__", "cchc.db", "cchc.ingest", "cchc.ingest.safety"} <= set(modules)
    assert len(modules) == len(list((ROOT / "cchc").rglob("*.py")))


def test_importing_the_core_does_not_import_streamlit_ui_or_pages():
    code = (
        "import importlib, sys\n"
        f"for m in {_core_modules()!r}: importlib.import_module(m)\n"
        "assert 'streamlit' not in sys.modules, 'streamlit imported by the core'\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('ui', 'pages'))\n"
        "assert not ui, f'the core imported {ui}'\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
