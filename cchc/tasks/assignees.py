"""Resolve a task table's lead/coordinator cell to units, unit kinds, or reported text.

A cell names one or several units as the plan's issuer sees them: in phường Phúc Lợi's plan
"Phòng Văn hóa-Xã hội" is that ward's office (00136-VHXH); in the city plan "Các Sở, ban, ngành;
UBND các xã, phường" is every department and every commune of the city. Rules:

* Parts are split on ';' and on bullet lines; inside a part, commas and "và" separate units
  only where the pieces are themselves units ("Phòng Kinh tế, Hạ tầng và Đô thị" stays whole):
  the longest run of pieces that resolves wins; pieces that resolve to nothing stay together
  as one 'unknown' fragment.
* "Các Sở: Tư pháp; Khoa học và Công nghệ; ..." distributes "Sở" over the list.
* Names are looked up first among the issuer's own units (its offices, or a city's departments
  and communes), then among the city-level units of the same province, then fuzzily (a typo
  like "Phòng VHXXH") among the issuer's own units only. Text in brackets is ignored.
* Group phrases become a unit kind scoped to the issuer: in a city plan "UBND các xã, phường"
  -> kind 'commune' under the city; in a ward plan "Các phòng, ban, đơn vị phường" -> kind
  'ward_office' under the ward. Generic phrases ("các cơ quan liên quan", "cơ quan báo chí")
  are kept as text ('generic'); anything else is 'unknown' and should be reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from cchc.text import fold, nfc

CITY_LEVEL_KINDS = ("city", "department", "central_agency", "public_service", "commune")
FUZZY_MIN = 88

# Group phrases after _group_key(): 'các', 'UBND' and digits dropped.
_CITY_GROUPS: dict[str, str] = {
    "so ban nganh": "department",
    "so nganh": "department",
    "so ban nganh thanh pho": "department",
    "so": "department",
    "xa phuong": "commune",
    "phuong xa": "commune",
    "xa phuong dac khu": "commune",
    "xa phuong thi tran": "commune",
    "co quan nganh doc trung uong dong tren dia ban thanh pho": "central_agency",
    "co quan nganh doc trung uong dong tren dia ban": "central_agency",
    "co quan nganh doc trung uong": "central_agency",
    "co quan nganh doc": "central_agency",
    "don vi su nghiep cong lap thuoc thanh pho": "public_service",
    "don vi su nghiep cong lap": "public_service",
}
_COMMUNE_GROUPS: dict[str, str] = {
    "phong ban don vi": "ward_office",
    "phong ban chuyen mon": "ward_office",
    "phong chuyen mon": "ward_office",
    "phong don vi": "ward_office",
    "phong ban": "ward_office",
    "co quan don vi": "ward_office",
    "co quan chuyen mon": "ward_office",
    "ban nganh": "ward_office",
    "to dan pho": "neighbourhood",
    "khu pho": "neighbourhood",
    "truong khu pho": "neighbourhood",
    "thon to dan pho": "neighbourhood",
    "thon": "neighbourhood",
}
_GENERIC = {
    "co quan lien quan",
    "co quan co lien quan",
    "co quan don vi lien quan",
    "co quan don vi co lien quan",
    "don vi lien quan",
    "don vi co lien quan",
    "co quan bao chi",
    "co quan bao chi truyen thong",
    "co quan chu tri",
    "co quan chu tri duoc phan cong theo ke hoach",
}
GROUP_LABELS: dict[str, str] = {
    "department": "Các Sở, ban, ngành",
    "commune": "UBND các xã, phường",
    "central_agency": "Các cơ quan ngành dọc Trung ương",
    "public_service": "Các đơn vị sự nghiệp công lập",
    "ward_office": "Các phòng, ban, đơn vị",
    "neighbourhood": "Các khu phố, tổ dân phố",
}
_LEVEL_SUFFIX = re.compile(r"(?:\s+(?:thuoc|cua|tren dia ban))?\s+(?:xa|phuong|dac khu)$")
_LIST_PREFIX = re.compile(r"^\s*(?:các\s+)?(sở|phòng|ban)\s*:\s*(.+)$", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^()]*\)")
_SPLIT = re.compile(r"(,|\s+và\s+|\s+&\s+)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-+•–]\s*")


@dataclass(frozen=True)
class UnitRef:
    """A unit as the resolver needs it."""

    code: str
    name: str
    kind: str
    parent_code: str | None
    aliases: str | None = None


@dataclass(frozen=True)
class Assignee:
    """One fragment of a cell and what it names."""

    text: str
    label: str
    resolution: str  # unit | kind | generic | unknown
    unit_code: str | None = None
    unit_kind: str | None = None
    scope_parent: str | None = None


def _strip_suffix(name: str) -> str:
    """'Phòng Văn hóa - Xã hội (Phường Phúc Lợi)' -> 'Phòng Văn hóa - Xã hội'."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name)


def _group_key(key: str) -> str:
    words = [w for w in key.split() if w not in ("cac", "ubnd", "nhung") and not w.isdigit()]
    text = " ".join(words)
    return text.removeprefix("uy ban nhan dan ").strip()


class UnitResolver:
    """Resolves cells of one plan, issued by `issuer`, against the units of its province."""

    def __init__(self, issuer: UnitRef, units: Iterable[UnitRef]) -> None:
        self.issuer = issuer
        self.level = "city" if issuer.kind == "city" else "commune"
        self._issuer_key = fold(issuer.name)
        self._own: dict[str, set[str]] = {}
        self._province: dict[str, set[str]] = {}
        self._names: dict[str, str] = {issuer.code: issuer.name}
        for unit in units:
            self._names[unit.code] = unit.name
            labels = [unit.name, *(a for a in (unit.aliases or "").split("|") if a.strip())]
            keys = {self._key(_strip_suffix(label)) for label in labels} - {""}
            if unit.parent_code == issuer.code or unit.code == issuer.code:
                for key in keys:
                    self._own.setdefault(key, set()).add(unit.code)
            if unit.kind in CITY_LEVEL_KINDS:
                for key in keys:
                    self._province.setdefault(key, set()).add(unit.code)
        self._own_keys = list(self._own)

    def _key(self, text: str) -> str:
        """Folded name without the issuer's name or a trailing 'xã'/'phường' ('... phường Phú Định')."""
        key = fold(text)
        for prefix in ("uy ban nhan dan ", "ubnd "):
            if key.startswith(prefix) and self.level == "city":
                key = key[len(prefix) :]
        if self._issuer_key and key.endswith(" " + self._issuer_key):
            key = key[: -len(self._issuer_key) - 1]
        if self.level == "commune":
            key = _LEVEL_SUFFIX.sub("", key)
        return key.strip()

    # ------------------------------------------------------------------ one name

    def _unit(self, text: str, *, fuzzy: bool) -> Assignee | None:
        raw = fold(text)
        key = self._key(text)
        if self.level == "commune" and (key in ("", "ubnd", "uy ban nhan dan") or raw == self._issuer_key):
            return Assignee(text, self.issuer.name, "unit", unit_code=self.issuer.code)
        for index in (self._own, self._province):
            for k in (raw, key):
                codes = index.get(k)
                if codes and len(codes) == 1:
                    code = next(iter(codes))
                    return Assignee(text, self._names[code], "unit", unit_code=code)
        if fuzzy and key and self._own_keys:
            hits = process.extract(key, self._own_keys, scorer=fuzz.ratio, limit=2)
            if hits and hits[0][1] >= FUZZY_MIN and (len(hits) == 1 or hits[1][1] < hits[0][1]):
                codes = self._own[hits[0][0]]
                if len(codes) == 1:
                    code = next(iter(codes))
                    return Assignee(text, self._names[code], "unit", unit_code=code)
        return None

    def _group(self, text: str) -> Assignee | None:
        raw = _group_key(fold(text))
        stripped = _group_key(self._key(text))
        groups = _CITY_GROUPS if self.level == "city" else _COMMUNE_GROUPS
        for key in (raw, stripped):
            if key in _GENERIC:
                return Assignee(text, text, "generic")
            kind = groups.get(key)
            if kind is not None:
                label = f"{GROUP_LABELS[kind]} ({self.issuer.name})"
                return Assignee(text, label, "kind", unit_kind=kind, scope_parent=self.issuer.code)
        return None

    def _one(self, text: str, *, fuzzy: bool) -> Assignee | None:
        return self._group(text) or self._unit(text, fuzzy=fuzzy)

    # ------------------------------------------------------------------ a part, a cell

    def _part(self, text: str, prefix: str | None) -> list[Assignee]:
        if prefix:
            hit = self._one(f"{prefix} {text}", fuzzy=False)
            if hit is not None:
                return [
                    Assignee(text, hit.label, hit.resolution, hit.unit_code, hit.unit_kind, hit.scope_parent)
                ]
        whole = self._one(text, fuzzy=False)
        if whole is not None:
            return [whole]
        pieces = _SPLIT.split(text)  # [piece, sep, piece, sep, ...]
        words, seps = pieces[0::2], pieces[1::2]
        out: list[Assignee] = []
        pending: list[int] = []
        i = 0
        while i < len(words):
            found = None
            for j in range(len(words), i, -1):
                if j - i == len(words):
                    continue  # the whole part: tried above
                candidate = self._join(words, seps, i, j)
                found = self._one(candidate, fuzzy=False)
                if found is not None:
                    break
            if found is None:
                pending.append(i)
                i += 1
                continue
            if pending:
                out.append(self._leftover(words, seps, pending))
                pending = []
            out.append(found)
            i = j
        if pending:
            out.append(self._leftover(words, seps, pending))
        if len(out) == 1 and out[0].resolution == "unknown":
            fuzzy = self._one(text, fuzzy=True)
            return [fuzzy] if fuzzy else out
        return out

    @staticmethod
    def _join(words: list[str], seps: list[str], i: int, j: int) -> str:
        text = words[i]
        for k in range(i + 1, j):
            text += seps[k - 1] + words[k]
        return text.strip()

    def _leftover(self, words: list[str], seps: list[str], idx: list[int]) -> Assignee:
        text = self._join(words, seps, idx[0], idx[-1] + 1)
        fuzzy = self._unit(text, fuzzy=True)
        return fuzzy or Assignee(text, text, "unknown")

    def resolve(self, cell: str | None) -> list[Assignee]:
        """Every unit, kind or fragment the cell names, in order."""
        if not cell or not nfc(cell):
            return []
        lines = cell.splitlines()
        text = (
            "; ".join(_BULLET.sub("", ln) for ln in lines) if any(_BULLET.match(ln) for ln in lines) else cell
        )
        text = nfc(_BRACKETS.sub(" ", nfc(text)))
        out: list[Assignee] = []
        prefix: str | None = None
        for raw_part in text.split(";"):
            part = raw_part.strip(" .,:")
            if not part:
                continue
            listed = _LIST_PREFIX.match(part)
            if listed:
                prefix = listed.group(1).capitalize()
                part = listed.group(2).strip()
            out.extend(self._part(part, prefix))
        return _dedupe(out)


def _dedupe(items: list[Assignee]) -> list[Assignee]:
    seen: set[tuple[str | None, str | None, str]] = set()
    out: list[Assignee] = []
    for a in items:
        key = (a.unit_code, a.unit_kind, a.label if a.resolution in ("generic", "unknown") else "")
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
