"""Every page on a 390×844 phone and a 1440×900 laptop: nothing wider than the screen, no English
word of Streamlit's own chrome and no developer path in the visible text or the tooltips, no
metric label cut to "…", and a browser tab title of its own. Screenshots of each page at each size go to tests/artifacts/."""

from __future__ import annotations

import pytest

from browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

# (path after the server's address, its slug, its browser tab's title): a new page is one more line.
PAGES = [
    ("", "overview", "Tổng quan Thành phố"),
    ("ward?unit=00136", "ward", "Phường / Xã"),
    ("department?unit=HN-SKHCN", "department", "Sở, ban, ngành"),
    ("tasks", "tasks", "Nhiệm vụ"),
    ("plans", "plans", "Kế hoạch"),
    ("reminders", "reminders", "Đôn đốc"),
    ("report", "report", "Báo cáo"),
    ("import", "import", "Nhập dữ liệu"),
    ("units", "units", "Đơn vị"),
    ("users", "users", "Người dùng và nhật ký"),
]
SIZES = [(390, 844), (1440, 900)]
# What a ward leader's Android phone sends: the app lays tables and charts out for a phone by it.
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)

# Streamlit's, Plotly's and the data grid's own English: none may reach a user.
ENGLISH = [
    "Upload",
    "Browse files",
    "Drag and drop",
    "per file",
    "Stop",
    "Running",
    "No results",
    "Download",
    "Fullscreen",
    "Autoscale",
    "Zoom",
    "Pan",
    "Reset",
    "Search",
    "Show/hide",
    "Choose an option",
    "Choose options",
    "Produced with Plotly",
]

# A developer's words: commands, repository paths, database files.
DEVELOPER = ["python -m", "data/templates", ".duckdb", "/work/", "/tmp/", "/home/"]

# Busy while Streamlit runs the script, shows a skeleton, or a chart has not drawn yet.
_BUSY = """() => !!document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]')
  || ![...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(p => p.querySelector('.main-svg'))
  || ![...document.querySelectorAll('[data-testid="stEChartsChart"], .stEChartsChart')]
        .every(p => p.querySelector('canvas, svg'))"""

# What a user can read: the visible text, and every tooltip-like attribute of a visible element.
_READABLE = """() => {
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const texts = [document.body.innerText];
  for (const el of document.querySelectorAll('[title], [aria-label], [data-title], [placeholder]')) {
    if (!shown(el)) continue;
    for (const a of ['title', 'aria-label', 'data-title', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v) texts.push(v);
    }
  }
  return texts.join('\\n');
}"""

# Elements of the main area reaching past the right edge of the screen, outside a scrolling box
# (a table or a tab bar that scrolls on its own is usable; the page scrolling sideways is not).
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid="stMain"]');
  const out = [];
  if (main.scrollWidth > main.clientWidth + 1) out.push('stMain scrolls sideways');
  if (document.documentElement.scrollWidth > width + 1) out.push('page scrolls sideways');
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && p.clientWidth <= width) return true;
    }
    return false;
  };
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    if (!scrolls(el)) out.push(`${el.tagName}.${el.className} right=${Math.round(r.right)}`);
  }
  return out.slice(0, 10);
}"""

# Multiselect chips drawn outside their on-screen box (chosen, but out of sight).
_HIDDEN_CHIPS = """() => [...document.querySelectorAll('[data-testid="stMultiSelect"]')].flatMap(box => {
  const r = box.getBoundingClientRect();
  if (r.right <= 0 || r.width === 0) return [];  // in the closed sidebar of a phone: not on screen
  return [...box.querySelectorAll('[data-testid="stMultiSelectTagsContainer"] span:has(> button)')].filter(t => {
    const c = t.getBoundingClientRect();
    return c.right > r.right + 1 || c.bottom > r.bottom + 1;
  }).map(t => t.textContent);
})"""

# Plotly chart titles running past their chart's right edge (Plotly does not wrap a title).
_CUT_TITLES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].flatMap(chart => {
  const edge = chart.getBoundingClientRect().right;
  return [...chart.querySelectorAll('.gtitle')].filter(t => t.getBoundingClientRect().right > edge + 1)
    .map(t => t.textContent);
})"""

# Metric labels whose text is wider than their box (shown cut, with "…").
_CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *')]
  .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)"""


def settle(pg, timeout_s: float = 90) -> None:
    """Wait until the script has run and every chart has drawn, and it stays so for 1.5 s."""
    pg.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_s * 1000)
    calm, waited = 0, 0.0
    while calm < 6:
        busy = pg.evaluate(_BUSY)
        calm = 0 if busy else calm + 1
        pg.wait_for_timeout(250)
        waited += 0.25
        assert waited < timeout_s, "the page never settled"


def _full_screenshot(pg, name: str, width: int, height: int) -> None:
    """The whole page at this width: the viewport as tall as Streamlit's scrolling main area."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    full = pg.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    pg.set_viewport_size({"width": width, "height": min(max(full, height), 8000)})
    settle(pg)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    pg.set_viewport_size({"width": width, "height": height})


@pytest.fixture(scope="module", params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def sized(request, browser):
    width, height = request.param
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="vi-VN",
        is_mobile=phone,
        has_touch=phone,
        **({"user_agent": PHONE_AGENT} if phone else {}),
    )
    yield context.new_page(), width, height
    context.close()


@pytest.mark.parametrize(("path", "slug", "title"), PAGES, ids=[slug for _, slug, _ in PAGES])
def test_page_fits_and_speaks_vietnamese(server, sized, path, slug, title):
    pg, width, height = sized
    pg.goto(f"{server}/{path}")
    settle(pg)
    assert pg.locator("[data-testid='stException']").count() == 0

    assert pg.evaluate(_OVERFLOW) == []
    readable = pg.evaluate(_READABLE)
    assert [word for word in ENGLISH if word in readable] == []
    assert [word for word in DEVELOPER if word in readable] == []
    assert pg.evaluate(_CUT_LABELS) == []
    assert pg.evaluate(_HIDDEN_CHIPS) == []
    assert pg.evaluate(_CUT_TITLES) == []
    assert pg.title() == f"{title} · CCHC"  # every tab tells its page
    if width < 600:
        # the sidebar starts closed on a phone: the page, not the menu, fills the first screen
        right = pg.evaluate(
            "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
            " return s ? s.getBoundingClientRect().right : 0; }"
        )
        assert right <= 1, f"the sidebar covers {right:.0f} px of the first screen"
    _full_screenshot(pg, f"phone-{slug}-{width}", width, height)


def test_the_overview_lists_its_laggards_as_cards_on_a_phone(server, browser):
    """On a phone each unit to remind is a card, its rules missed in full under its figures: no
    sideways scrolling, where a table's rows each took the height of the rules' wrapped text."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_AGENT,
    )
    pg = context.new_page()
    pg.goto(server)
    settle(pg)
    cards = pg.locator("[role='list'][aria-label^='Đơn vị cần đôn đốc'] [role='listitem']")
    assert cards.count() > 0
    assert pg.locator("table", has_text="Tin/bài còn thiếu").count() == 0  # the desktop's wide table
    for i in range(cards.count()):
        card = cards.nth(i)
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert "Tin/bài còn thiếu: " in card.inner_text() and "Định mức chưa đạt: " in card.inner_text()
        assert "?unit=" in (card.get_by_role("link", name="Mở").get_attribute("href") or "")
    context.close()
