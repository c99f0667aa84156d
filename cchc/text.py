"""Text normalisation shared by importers and matchers; numbers written the Vietnamese way."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """NFC-normalise and collapse whitespace (cells arrive in NFC or NFD, with stray spaces)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Lower-case, strip diacritics (đ → d) and punctuation: the key for fuzzy-equal text."""
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return _SPACES.sub(" ", text).strip()


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """Vietnamese separators: 12.345 and 1,5."""
    import pandas as pd  # here, not at the top: the importer's processes never need it

    if value is None or pd.isna(value):
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
