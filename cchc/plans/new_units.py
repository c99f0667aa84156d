"""The units a plan names (issue 12, point 5): those the database has, resolved to their code, and
the new ones, each proposed with a code, its kind, its parent (the issuer) and province, whether
the plan's rules or task leads need it, and whether it is added with the plan.

A new unit is added only when a person confirms it: on the page (a checkbox, checked by default
when the plan needs it) or with `plan add --add-units`. Rules and tasks that name it then resolve
to it; an unconfirmed one stays unresolved, as any unknown name does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from cchc import db, provinces
from cchc.ingest.units import UnitMatcher
from cchc.plans.proposal import UnitProposal
from cchc.tasks.assignees import UnitRef, UnitResolver
from cchc.text import fold
from cchc.unit_catalog import suggest_code
from cchc.unit_checks import unit_row_problems

ADD_NONE, ADD_NEEDED, ADD_ALL = "none", "needed", "all"  # which undecided new units are added
# The kinds of unit a new unit may be, under each kind of issuer.
KINDS_UNDER = {
    "commune": ("ward_office", "neighbourhood"),
    "city": ("department", "central_agency", "public_service"),
}


@dataclass
class NamedUnit:
    """One unit the plan names: an existing one (`new` False, `code` its code) or a new one."""

    name: str  # as the plan writes it, in full
    kind: str
    source: str
    code: str
    new: bool = False
    needed: bool = False  # a rule or a task's lead names it
    add: bool = False  # created with the plan
    decided: bool | None = None  # the person's choice; None: the default applies
    new_name: str | None = None  # the name it is created under, when the person changed it
    parent: str | None = None
    province: str | None = None

    @property
    def label(self) -> str:
        return self.new_name or self.name

    @property
    def aliases(self) -> str:
        """The name as the plan writes it, when created under another: the plan still resolves."""
        return self.name if self.label != self.name else ""

    def row(self) -> dict[str, str | None]:
        """The units row it is created as."""
        return {
            "code": self.code,
            "name": self.label,
            "kind": self.kind,
            "parent_code": self.parent,
            "province": self.province,
            "aliases": self.aliases or None,
            "lat": None,
            "lon": None,
        }


@dataclass
class Lookup:
    """The units as a resolution needs them: every unit of the country to find the issuer, then
    (once placed at it) the units of the issuer's province only — a Hải Phòng plan's "Sở Tư
    pháp" is Hải Phòng's, never Hà Nội's. New units join on request."""

    rows: list[tuple[str, str, str]]  # (code, name, aliases) for the matcher
    preferred: list[str]
    issuer: UnitRef | None = None
    province_units: list[UnitRef] = field(default_factory=list)
    _plain: dict[bool, UnitMatcher] = field(default_factory=dict)  # placed? → matcher without extras

    def _rows(self) -> list[tuple[str, str, str]]:
        if self.issuer is None:
            return self.rows
        return [(u.code, u.name, u.aliases or "") for u in self.province_units]

    def matcher(self, extra: Sequence[NamedUnit] = ()) -> UnitMatcher:
        placed = self.issuer is not None
        if not extra and placed in self._plain:
            return self._plain[placed]
        rows = self._rows() + [(u.code, u.label, u.aliases) for u in extra]
        found = UnitMatcher(rows, preferred=[*self.preferred, *(u.code for u in extra)])
        if not extra:
            self._plain[placed] = found
        return found

    def resolver(self, extra: Sequence[NamedUnit] = ()) -> UnitResolver:
        assert self.issuer is not None, "place() the lookup at its issuer first"
        refs = [UnitRef(u.code, u.label, u.kind, u.parent, u.aliases or None) for u in extra]
        return UnitResolver(self.issuer, [*self.province_units, *refs])

    def place(self, con: duckdb.DuckDBPyConnection, issuer: UnitRef, province: str | None) -> None:
        """Resolve from here on as `issuer`'s plans: among the units of its province."""
        units = [
            UnitRef(*r) for r in db.execute(con.cursor(), "tasks/task_province_units", {"province": province})
        ]
        if all(u.code != issuer.code for u in units):
            units.append(issuer)
        self.issuer, self.province_units = issuer, units


def lookup(con: duckdb.DuckDBPyConnection) -> Lookup:
    """Every unit, as the matcher of the logs sees them (a name shared across provinces means
    the home province's unit)."""
    cur = con.cursor()
    try:
        rows = [(str(r[0]), str(r[1]), str(r[2])) for r in db.execute(cur, "units/unit_match_rows")]
    finally:
        cur.close()
    return Lookup(rows, provinces.home_units(con))


def resolve_unit_name(name: str, matcher: UnitMatcher, resolver: UnitResolver) -> str | None:
    """A unit code for a name a plan writes: the catalogue's names and spellings, then the
    issuer's own offices as its plans name them ('Phòng Văn hóa - Xã hội')."""
    code = matcher.match(name)
    if code is not None:
        return code
    found = resolver.resolve(name)
    if len(found) == 1 and found[0].resolution == "unit":
        return found[0].unit_code
    return None


def _without_place(name: str, place: str) -> str:
    """'Phòng Kinh tế' of 'Phòng Kinh tế phường Hoàng Mai' (the ward's name is in the code already)."""
    words, tail = name.split(), len(place.split())
    return " ".join(words[:-tail]) if len(words) > tail and fold(name).endswith(" " + fold(place)) else name


def named_units(look: Lookup, units: Sequence[UnitProposal], province: str | None) -> list[NamedUnit]:
    """Each unit the proposal names, existing (with its code) or new (with a suggested code);
    a kind that cannot hang under the issuer is left out (the catalogue would refuse it)."""
    matcher, resolver = look.matcher(), look.resolver()
    assert look.issuer is not None  # placed by resolver() above
    taken = {row[0] for row in look.rows}
    allowed = KINDS_UNDER.get(look.issuer.kind, ())
    out: list[NamedUnit] = []
    for u in units:
        code = resolve_unit_name(u.name, matcher, resolver)
        if code is not None:
            out.append(NamedUnit(u.name, u.kind, u.source, code))
            continue
        if u.kind not in allowed:
            continue
        label = u.new_name or u.name
        code = suggest_code(look.issuer.code, _without_place(label, look.issuer.name), taken)
        taken.add(code)
        new = NamedUnit(u.name, u.kind, u.source, code, new=True, decided=u.add, new_name=u.new_name)
        new.parent, new.province = look.issuer.code, province
        out.append(new)
    return out


def unit_problems(look: Lookup, units: Sequence[NamedUnit]) -> list[str]:
    """What stops the new units to add from being written: a name another unit has already
    (the catalogue would hold it twice), a name given twice, a row the catalogue refuses."""
    problems, labels = [], set()
    matcher = look.matcher()
    for u in units:
        if not u.add:
            continue
        clash = matcher.match(u.label)
        if clash is not None or fold(u.label) in labels:
            which = f" (mã {clash})" if clash else ""
            problems.append(
                f"Đơn vị mới «{u.label}» trùng tên đơn vị đã có{which}; đổi tên hoặc bỏ đánh dấu để không thêm."
            )
        problems += [f"Đơn vị mới «{u.label}»: {p}" for p in unit_row_problems(u.row())]
        labels.add(fold(u.label))
    return problems


def decide(units: Sequence[NamedUnit], used: set[str], add_units: str) -> None:
    """Mark the new units the plan needs (`used`: codes its rules and leads resolved to with every
    new unit available) and which are added: the person's choice, else `add_units`."""
    for u in units:
        if not u.new:
            continue
        u.needed = u.code in used
        default = add_units == ADD_ALL or (add_units == ADD_NEEDED and u.needed)
        u.add = default if u.decided is None else u.decided
