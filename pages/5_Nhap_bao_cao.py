"""Nhập báo cáo: staff upload (or paste) units' reports, check and correct what the importer
read, then save each as the unit's new current version; the earlier version stays as history.

Sign-in (editor or admin) comes before anything is read. Every parse runs in a bounded worker
(importer.bounded). Text that comes from a report or a file name is shown as plain text
(st.text, tables), never as Markdown: a report cannot put a link or an image on this page."""

import hashlib

import streamlit as st

from data_access import config, queries
from domain import format as vn
from ui.auth import require_role
from ui.frame import page_frame, read
from ui.importing import PASTED, place, plain, read_all, review_tables, save_button

filters = page_frame("Nhập báo cáo", needs_reports=False)
actor = require_role("editor")  # before any upload or pasted text is read
st.caption("Tải lên tệp báo cáo của đơn vị (.docx, .pdf, .txt) hoặc dán nội dung. Kiểm tra, sửa số liệu và "
           "nhận định chương trình đọc được, rồi bấm **Lưu**. Chưa bấm Lưu thì chưa có gì được ghi.")
uploads = st.file_uploader("Tệp báo cáo", type=["docx", "pdf", "txt"], accept_multiple_files=True,
                           max_upload_size=config.MAX_UPLOAD_MB, key="imp_files")
pasted = st.text_area("… hoặc dán nội dung báo cáo", height=150, key="imp_pasted")
sources = {f.name: f.getvalue() for f in uploads or []}
if pasted.strip():
    sources[PASTED] = pasted.encode("utf-8")
if not sources:
    st.info("Chưa có báo cáo nào để nhập.", icon=":material/upload_file:")
    st.stop()

drafts = read_all(sources)

# Radio labels are Markdown: a file name is escaped there like any text from outside.
name = (st.radio("Báo cáo đang xem", list(drafts), horizontal=True, format_func=plain)
        if len(drafts) > 1 else next(iter(drafts)))
parsed, text = drafts[name]
key = hashlib.sha1(sources[name]).hexdigest()[:12]
ward_code, year, subject_code = place(parsed, name, filters.province_code, key)

expected = None
if ward_code is not None and year is not None:
    current = read(queries.report_of_unit, ward_code, year)
    if not current.empty:
        row = current.iloc[0]
        expected = int(row["version"])
        st.warning(f"Đơn vị này đã có báo cáo năm {year} (phiên bản {expected}, nhập ngày "
                   f"{vn.date(row['imported_at'])}). Lưu sẽ tạo phiên bản {int(row['versions']) + 1}; "
                   "phiên bản cũ được giữ lại.", icon=":material/history:")

rows, figures, findings = review_tables(parsed, text, key)
save_button(actor, name, key, (ward_code, year, subject_code), rows, figures, findings, expected)
