"""How large a file the web page takes: one setting, `CCHC_UPLOAD_MB`, read here only.

The command line and the server-side reader take files up to cchc.ingest.safety.MAX_BYTES
(128 MB: a province's year of a million rows); a web upload is held whole in the server's
memory, once per session, so its limit is lower by default and set by whoever runs the server.
Streamlit refuses a larger request itself at `server.maxUploadSize` (.streamlit/config.toml,
or STREAMLIT_SERVER_MAX_UPLOAD_SIZE): set both to the same number (README, Deployment limits).
"""

from __future__ import annotations

import os

UPLOAD_ENV = "CCHC_UPLOAD_MB"
DEFAULT_MB = 20
MAX_MB = 128  # cchc.ingest.safety.MAX_BYTES: the readers take nothing larger


def upload_mb() -> int:
    """The web upload limit in MB: $CCHC_UPLOAD_MB when it is a whole number from 1 to 128
    (a number past 128 is taken as 128), else 20."""
    text = os.environ.get(UPLOAD_ENV, "").strip()
    if not text.isdigit() or int(text) < 1:
        return DEFAULT_MB
    return min(int(text), MAX_MB)


def upload_bytes() -> int:
    """upload_mb() in bytes."""
    return upload_mb() * 1024 * 1024
