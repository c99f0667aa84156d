"""A page's own filters kept in the URL (?plan=…&status=…), so a link or a reload shows the same view.

The widget's value starts from the URL the first time the widget is drawn (its key is not in the
session yet), then the page writes the chosen value back; a value at its default leaves the URL.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

import streamlit as st


def start_from_url(key: str, param: str, allowed: Collection[str], default: str) -> None:
    """The widget `key` starts at ?param= when that value is allowed, else at `default`."""
    if key not in st.session_state:
        wanted = st.query_params.get(param)
        st.session_state[key] = wanted if wanted in allowed else default


def start_many_from_url(key: str, param: str, allowed: Sequence[str], default: Sequence[str]) -> None:
    """A multi-choice widget starts at every allowed ?param=…&param=… (the `default` when none)."""
    if key not in st.session_state:
        wanted = [v for v in allowed if v in st.query_params.get_all(param)]
        st.session_state[key] = wanted or list(default)


def start_day_from_url(key: str, param: str, default: date) -> None:
    """A date widget starts at ?param=YYYY-MM-DD (the `default` when absent or not a date)."""
    if key not in st.session_state:
        try:
            st.session_state[key] = date.fromisoformat(st.query_params.get(param, ""))
        except ValueError:
            st.session_state[key] = default


def keep_in_url(param: str, value: str | Sequence[str] | date, default: str | Sequence[str] | date) -> None:
    """Write the chosen value to the URL; at its default the parameter leaves the URL."""
    same = list(value) == list(default) if isinstance(value, list | tuple) else value == default
    if same:
        st.query_params.pop(param, None)
    elif isinstance(value, date):
        st.query_params[param] = value.isoformat()
    else:
        st.query_params[param] = value
