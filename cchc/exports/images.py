"""Chart images for the report: PNG bytes via kaleido and the system Chromium, and a zip of them."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import threading
import warnings
import zipfile
from collections.abc import Mapping

import plotly.graph_objects as go

_IMAGE_LOCK = threading.Lock()
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def images_available() -> bool:
    """Whether chart images can be made here: kaleido installed and a Chromium it can drive."""
    if importlib.util.find_spec("kaleido") is None:
        return False
    return bool(os.environ.get("BROWSER_PATH")) or any(shutil.which(b) for b in BROWSERS)


def figure_images(figs: Mapping[str, go.Figure], width: int = 1000) -> dict[str, bytes]:
    """PNG bytes per figure via kaleido and the system Chromium; {} when either is missing."""
    if not figs:
        return {}
    try:
        import kaleido
        import plotly.io as pio
    except ImportError:
        return {}
    out: dict[str, bytes] = {}
    with _IMAGE_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            kaleido.start_sync_server(silence_warnings=True)
            for name, fig in figs.items():
                height = int(fig.layout.height or 450)
                out[name] = pio.to_image(fig, format="png", width=width, height=height, scale=1)
        except Exception:  # no browser, or it failed: the report goes out without pictures
            return {}
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
    return out


def images_zip(images: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, png in images.items():
            zf.writestr(f"{name}.png", png)
    return buffer.getvalue()
