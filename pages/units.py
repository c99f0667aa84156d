"""Đơn vị (city and national administrators): add a department, an agency, a ward's office or
a khu phố; or a units file, with a row-by-row report."""

from __future__ import annotations

import streamlit as st

import ui
from cchc import reference
from cchc.screens import units as screen
from cchc.vocab import UNIT_KINDS

ui.ensure_entrypoint(__file__)

me = ui.user()
if not me.can_manage_units:
    st.error("Chỉ tài khoản cấp Thành phố (tỉnh) hoặc Bộ Nội vụ được thêm đơn vị.")
    st.stop()

province = ui.province_picker()
st.title("Đơn vị")
st.caption(
    "Các tỉnh, thành phố và xã, phường của cả nước đã có sẵn. Thêm ở đây các sở, ban, ngành của tỉnh "
    "và các phòng, ban, khu phố của xã, phường để giao định mức và nhiệm vụ cho họ."
)

st.subheader("Thêm một đơn vị")
kind = st.selectbox("Loại đơn vị", screen.ADDABLE_KINDS, format_func=UNIT_KINDS.get, key="units_kind")
parents = ui.fresh(screen.parents, kind, province=province)  # a unit just added shows at once
if not parents:
    st.info("Không có đơn vị nào để thêm đơn vị loại này vào. Chọn loại khác hoặc tỉnh, thành phố khác.")
else:
    codes = list(parents)
    parent = st.selectbox("Thuộc", codes, format_func=parents.get, key="units_parent")
    with st.form("units_add", clear_on_submit=True):
        name = st.text_input("Tên đơn vị", placeholder="vd. Sở Nội vụ; Phòng Văn hóa - Xã hội (Xã Thanh Hà)")
        aliases = st.text_input("Tên gọi khác (không bắt buộc, cách nhau bởi |)", placeholder="vd. SNV")
        if st.form_submit_button("Thêm đơn vị", type="primary", icon=":material/domain_add:"):
            try:
                added = ui.fresh(screen.add, me, kind, parent, name, aliases)
            except reference.ReferenceError as exc:
                st.error(f"Chưa thêm: {ui.plain(exc)}")
            else:
                st.success(f"Đã thêm {ui.plain(added.name)} (mã {added.code}).")
    under = ui.fresh(screen.children, parent)
    if under.empty:
        st.caption(f"{ui.plain(parents[parent])} chưa có đơn vị trực thuộc nào.")
    else:
        st.caption(f"Các đơn vị thuộc {ui.plain(parents[parent])}:")
        st.dataframe(under, hide_index=True, width="stretch")

st.subheader("Thêm, đổi tên nhiều đơn vị từ tệp")
st.caption(
    "Tệp CSV (UTF-8) có các cột code, name, kind, parent_code và tùy chọn province, aliases, lat, lon. "
    "Tệp được nhận cả hoặc không nhận dòng nào; mỗi dòng được báo thêm, cập nhật hay không đổi."
)
upload = st.file_uploader("Tệp danh mục đơn vị (.csv)", type=["csv"], key="units_file")
if upload is not None and st.button("Nhập tệp đơn vị", icon=":material/upload_file:"):
    try:
        report = ui.fresh(screen.import_file, upload.getvalue(), upload.name, me)
    except (reference.ReferenceError, UnicodeDecodeError) as exc:
        st.error(f"Không nhận tệp; danh mục không thay đổi. {ui.plain(exc)}")
    else:
        st.success(f"Đã nhập {len(report)} dòng từ {ui.plain(upload.name)}.")
        st.dataframe(report, hide_index=True, width="stretch")
