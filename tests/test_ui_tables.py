"""ui.html_table: small tables as HTML, every text escaped, links and numbers as the page showed them."""

from __future__ import annotations

import pandas as pd
from html_tables import read_tables

from ui.tables import html_cards, html_table


def test_texts_links_and_numbers_read_back():
    frame = pd.DataFrame(
        {
            "Đơn vị": ["Phường Phúc Lợi", 'Xã <b>Đông</b> & "Tây"'],
            "Tin/bài còn thiếu": [12345, None],
            "Trang đơn vị": ["ward?unit=00136&year=2026&month=10", 'ward?unit="x"><script>'],
        }
    )
    body = html_table(frame, links={"Trang đơn vị": "Mở"}, numbers=("Tin/bài còn thiếu",))
    (back,) = read_tables(body)
    assert list(back.columns) == ["Đơn vị", "Tin/bài còn thiếu", "Trang đơn vị"]
    assert back["Đơn vị"].tolist() == ["Phường Phúc Lợi", 'Xã <b>Đông</b> & "Tây"']
    assert back["Tin/bài còn thiếu"].tolist() == ["12.345", ""]  # the Vietnamese way; no value: empty
    assert back["Trang đơn vị"].tolist() == frame["Trang đơn vị"].tolist()
    assert "<b>" not in body and "<script>" not in body  # shown as text, never markup
    assert body.count('target="_blank">Mở</a>') == 2  # each unit's page opens in a new tab, as before
    assert '<td class="num">12.345</td>' in body


def test_widths_and_the_label():
    frame = pd.DataFrame({"Đơn vị": ["A"], "Loại": ["Xã"]})
    body = html_table(frame, widths={"Đơn vị": 130}, label="Đơn vị cần đôn đốc")
    assert '<th style="width: 130px; min-width: 130px">Đơn vị</th><th>Loại</th>' in body
    grows = html_table(frame, min_widths={"Loại": 300})
    assert '<th>Đơn vị</th><th style="min-width: 300px">Loại</th>' in grows
    assert '<table class="cchc-table" aria-label="Đơn vị cần đôn đốc">' in body
    assert "aria-label" not in grows


def test_cards_one_per_row_with_figures_links_and_the_long_text_below():
    frame = pd.DataFrame(
        {
            "Đơn vị": ["Phường Phúc Lợi", 'Xã <b>Đông</b> & "Tây"'],
            "Tin/bài còn thiếu": [12345, None],
            "Định mức chưa đạt": ["≥ 2 tin/bài mỗi tháng; ≥ 6 tin/bài trong năm", None],
            "Trang đơn vị": ["ward?unit=00136&year=2026&month=10", 'ward?unit="x"><script>'],
        }
    )
    body = html_cards(
        frame,
        title="Đơn vị",
        links={"Trang đơn vị": "Mở"},
        numbers=("Tin/bài còn thiếu",),
        detail="Định mức chưa đạt",
        label="Đơn vị cần đôn đốc",
    )
    assert body.startswith('<div class="cchc-cards" role="list" aria-label="Đơn vị cần đôn đốc">')
    first, second = body.split('role="listitem"')[1:]
    assert 'Phường Phúc Lợi<a href="ward?unit=00136&amp;year=2026&amp;month=10"' in first
    assert "<span>Tin/bài còn thiếu: 12.345</span>" in first  # the Vietnamese way
    assert (
        'class="cchc-card-detail">Định mức chưa đạt: ≥ 2 tin/bài mỗi tháng; ≥ 6 tin/bài trong năm</div>'
        in first
    )
    # no value: neither the figure nor the long text is shown, rather than an empty "column: "
    assert "Tin/bài còn thiếu" not in second and "cchc-card-detail" not in second
    assert "<b>" not in body and "<script>" not in body  # shown as text, never markup
    assert "Xã &lt;b&gt;Đông&lt;/b&gt; &amp; &quot;Tây&quot;" in second
