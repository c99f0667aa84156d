"""Page paths, deep links (/ward?unit=…) and the app's chrome."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent

# The page of each unit screen of cchc.screens.unit ("ward", "department"), as app.py names them.
UNIT_PAGES = {"ward": "pages/ward.py", "department": "pages/department.py"}
TASKS_PAGE = "pages/tasks.py"


def unit_page(screen: str) -> str:
    """The page file showing a unit screen of cchc.screens.unit."""
    return UNIT_PAGES[screen]


def ensure_entrypoint(page_file: str) -> None:
    """Run app.py first when Streamlit ran this page file directly.

    On a freshly started server, a first request for a deep link (/ward?unit=...) makes
    Streamlit run the page file on its own, without app.py: no sign-in, no navigation. The
    page then hands the link to app.py, which sets up navigation and switches back to it.
    """
    if st.session_state.get("_entry_ran"):
        return
    relative = Path(page_file).resolve().relative_to(ROOT).as_posix()
    st.session_state["_deep_link"] = (relative, st.query_params.to_dict())
    st.switch_page(str(ROOT / "app.py"))


def follow_deep_link(available: list[str]) -> None:
    """Called by app.py after st.navigation: finish a deep link that arrived before it."""
    st.session_state["_entry_ran"] = True
    link = st.session_state.pop("_deep_link", None)
    if link and link[0] in available:
        st.switch_page(link[0], query_params=link[1])


def hide_developer_chrome() -> None:
    st.markdown(
        "<style>#MainMenu, footer, [data-testid='stAppDeployButton'] {visibility: hidden;}</style>",
        unsafe_allow_html=True,
    )
