"""The province picker (?province=CODE): for users who see every province (role national, the
demo, a city account tied to no unit); a user of one province has it by scope, and no picker."""

from __future__ import annotations

import streamlit as st

from cchc import provinces
from ui import session


def province_picker(key: str = "province") -> str | None:
    """The province whose units the page shows: a code for a user who sees every province,
    None for a user whose scope already holds one (nothing more to narrow)."""
    if session.scope() is not None:
        return None
    found = session.cached(provinces.province_list)
    names = dict(zip(found["code"], found["name"], strict=True))
    if not names:
        return None
    wanted = st.query_params.get("province", provinces.HOME)
    codes = list(names)
    chosen = st.sidebar.selectbox(
        "Tỉnh, thành phố",
        codes,
        index=codes.index(wanted) if wanted in names else 0,
        format_func=lambda c: names[c],
        key=key,
    )
    st.query_params["province"] = chosen
    return chosen
