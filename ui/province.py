"""The province picker (?province=CODE): for users who see every province (role national, the
demo, a city account tied to no unit); a user of one province has it by scope, and no picker."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cchc import provinces
from ui import session
from ui.filters import searchable_format


def province_picker(
    key: str = "province",
    *,
    unit: str | None = None,
    forget: tuple[str, ...] = (),
    where: DeltaGenerator | None = None,
) -> str | None:
    """The province whose units the page shows: a code for a user who sees every province,
    None for a user whose scope already holds one (nothing more to narrow). A page that shows one
    unit passes it (`unit`, from ?unit=): the page opens on that unit's province (a link to a
    commune of Huế opens Huế). Picking another province resets the pickers whose keys are in
    `forget` and drops ?unit, so the page shows the new province's first unit (or every plan)
    instead of a note about the old one. In the sidebar, or in the container `where`."""
    if session.scope() is not None:
        return None
    found = session.cached(provinces.province_list)
    names = dict(zip(found["code"], found["name"], strict=True))
    if not names:
        return None
    wanted = session.cached(provinces.province_of, unit) or st.query_params.get("province") or provinces.HOME
    codes = list(names)
    chosen = (where or st.sidebar).selectbox(
        "Tỉnh, thành phố",
        codes,
        index=codes.index(wanted) if wanted in names else 0,
        format_func=searchable_format(lambda c: names[c]),  # found typed without diacritics
        key=key,
        on_change=_forget,
        args=(forget,),
    )
    st.query_params["province"] = chosen
    return chosen


def _forget(keys: tuple[str, ...]) -> None:
    if keys:
        st.query_params.pop("unit", None)
        for k in keys:
            st.session_state.pop(k, None)


def province_name(code: str | None) -> str | None:
    """The name of a province picked with province_picker (None: none picked)."""
    if code is None:
        return None
    found = session.cached(provinces.province_list)
    return dict(zip(found["code"], found["name"], strict=True)).get(code)
