"""Match the unit names clerks type ("UBND P. Phúc Lợi", "phuong phuc loi") to unit codes."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from cchc.text import fold

# Folded forms: fold() turns "Ủy ban nhân dân" into "uy ban nhan dan" and "P." into "p".
_AUTHORITY = ("uy ban nhan dan ", "ubnd ")
# Kind word → canonical kind; "P." and "X." are the usual abbreviations.
_KINDS = {
    "phuong": "phuong",
    "p": "phuong",
    "xa": "xa",
    "x": "xa",
    "dac khu": "dac khu",
}
_AMBIGUOUS = ""  # marks a key claimed by two units


def _strip_authority(key: str) -> str:
    for prefix in _AUTHORITY:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def _split_kind(key: str) -> tuple[str | None, str]:
    """("phuong", "phuc loi") for "phuong phuc loi"; (None, key) when no kind word leads."""
    for word in sorted(_KINDS, key=len, reverse=True):
        if key.startswith(word + " ") and len(key) > len(word) + 1:
            return _KINDS[word], key[len(word) + 1 :]
    return None, key


class UnitMatcher:
    """Look up unit codes by name or alias, ignoring case, diacritics, 'UBND' and kind words."""

    def __init__(self, units: Iterable[tuple[str, str, str]], preferred: Collection[str] = ()) -> None:
        """`units`: (code, name, aliases joined by '|'). A name that a `preferred` unit (those of
        the home province) shares with units elsewhere means the preferred one: the country has
        several "Xã Thanh Hà"; a Hà Nội log means Hà Nội's."""
        self._preferred = frozenset(preferred)
        units = sorted(units, key=lambda u: u[0] not in self._preferred)  # preferred claim first
        self._exact: dict[str, str] = {}
        self._bare: dict[str, list[tuple[str | None, str]]] = {}  # name without kind word → (kind, code)
        self._choices: dict[str, str] = {}  # folded spelling → display name, for suggestions
        self._names: dict[str, str] = {}
        for code, name, aliases in units:
            self._names[code] = name
            for label in [name, *(a for a in (aliases or "").split("|") if a.strip())]:
                key = _strip_authority(fold(label))
                if not key:
                    continue
                self._claim(key, code)
                kind, bare = _split_kind(key)
                if kind is not None:
                    self._bare.setdefault(bare, []).append((kind, code))
                self._choices.setdefault(key, name)
        self._cache: dict[str, str | None] = {}

    def _claim(self, key: str, code: str) -> None:
        held = self._exact.get(key, code)
        if held in self._preferred and code not in self._preferred:
            return
        if held != code:
            self._exact[key] = _AMBIGUOUS
        else:
            self._exact[key] = code

    def match(self, raw: str) -> str | None:
        """Unit code for a typed name, or None when unknown or ambiguous."""
        if raw in self._cache:
            return self._cache[raw]
        code = self._lookup(_strip_authority(fold(raw)))
        self._cache[raw] = code
        return code

    def _lookup(self, key: str) -> str | None:
        if not key:
            return None
        if key in self._exact:
            return self._exact[key] or None
        kind, bare = _split_kind(key)
        if kind is not None and bare in self._exact:  # alias stored without its kind word
            return self._exact[bare] or None
        # "Phúc Lợi" or "P. Phúc Lợi" for "Phường Phúc Lợi": the kind word, if typed, must agree.
        codes = {c for k, c in self._bare.get(bare, ()) if kind is None or k == kind}
        codes = (codes & self._preferred) or codes
        return codes.pop() if len(codes) == 1 else None

    def suggest(self, raw: str, n: int = 3) -> list[str]:
        """Up to `n` closest unit names, best first."""
        key = _strip_authority(fold(raw))
        if not key or not self._choices:
            return []
        found: list[str] = []
        from rapidfuzz import fuzz, process  # only for suggestions: the importer never needs it

        hits = process.extract(key, list(self._choices), scorer=fuzz.WRatio, limit=len(self._choices))
        for spelling, _score, _index in hits:
            name = self._choices[spelling]
            if name not in found:
                found.append(name)
            if len(found) == n:
                break
        return found

    def name(self, code: str) -> str:
        """Display name of a unit code."""
        return self._names[code]
