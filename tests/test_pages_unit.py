"""Chi tiết đơn vị through AppTest: the URL picks the unit and year; every figure back to its source."""

from __future__ import annotations

from data_access import corrections, queries, writes
from data_access.db import get_engine
from data_access.security import system_actor
from domain import format as vn
from tests.support.pages import download, rendered, run_page, shown

PAGE = "pages/1_Chi_tiet_don_vi.py"


def test_hai_duong_2025_from_the_url(app_env, downloads):
    at = run_page(PAGE, unit=10525, year=2025)
    assert [s.value for s in at.subheader] == ["Phường Hải Dương · năm 2025"]
    assert at.selectbox(key="f_unit").value == 10525 and at.selectbox(key="f_year").value == 2025
    figures = shown(at, "Thực hiện").set_index("Chỉ tiêu")
    assert figures.loc["Đảng viên", "Thực hiện"] == "4.226 đảng viên"
    assert figures.loc['Quỹ "Vì người nghèo" vận động được', "Thực hiện"] == "trên 370 triệu đồng"
    assert (figures["Nguồn"] == "").all()  # a real report is not labelled illustrative
    assert not any("Dữ liệu minh họa" in c.value for c in at.caption)
    # the source, one click away: each figure's verbatim text and its sentence in one table
    markdown = rendered(at)
    assert "Câu gốc trong báo cáo của từng con số" in [e.label for e in at.expander]
    (sources,) = [t.value for t in at.table if "Câu gốc trong báo cáo" in t.value.columns]
    sources = sources.set_index("Chỉ tiêu")
    assert sources.loc["Đảng viên", "Con số như văn bản ghi"] == "4.226 đảng viên"
    assert "4.226 đảng viên" in sources.loc["Đảng viên", "Câu gốc trong báo cáo"]
    assert len(sources) == len(figures)
    # every finding once, numbered; here each is a whole sentence of the report, so no
    # "Câu gốc" repeats it (a finding cut from a longer sentence gets it as a tooltip)
    numbered = [m for m in markdown if m[:1].isdigit() and ". " in m[:5]]
    assert len(numbered) == 21
    assert [t.label for t in at.tabs][-1] == "Kiến nghị, đề xuất (3)"
    assert any("Số phiên bản:** 1" in m for m in markdown)
    csv = download(downloads, "so-lieu_phuong-hai-duong_2025")
    assert len(csv) == len(figures) == len(queries.unit_indicators(get_engine(app_env), 10525, 2025))
    by_code = csv.set_index("Mã chỉ số")
    assert by_code.loc["party_members", "Giá trị"] in ("4226", "4226.0")  # a number, not "4.226 đảng viên"
    assert by_code.loc["poor_fund", "Giá trị"] in ("370000000", "370000000.0")
    assert by_code.loc["poor_fund", "Mức độ (trên, khoảng…)"] == "trên"
    assert len(download(downloads, "nhan-dinh_phuong-hai-duong_2025")) == 21


def test_unknown_unit_gives_a_message(app_env):
    at = run_page(PAGE, unit=99999, year=2025)
    assert any("Không tìm thấy đơn vị mã «99999»" in w.value for w in at.warning)
    assert not at.dataframe


def test_year_without_a_report_is_an_empty_state(app_env):
    at = run_page(PAGE, unit=10525, year=2024)
    (info,) = at.info
    assert "chưa có báo cáo năm 2024" in info.value and "2025" in info.value


def test_illustrative_unit_is_labelled_and_compared(app_env):
    achievement = queries.unit_achievement(get_engine(app_env), 31, 2024)
    ward = int(achievement.iloc[0]["ward_code"])
    at = run_page(PAGE, unit=ward, year=2024)
    assert any("Dữ liệu minh họa" in c.value for c in at.caption)
    figures = shown(at, "Thực hiện")
    assert (figures["Nguồn"] == "Dữ liệu minh họa").all()
    assert figures["Trung vị thành phố"].ne("—").all() and figures["% đạt"].str.endswith("%").any()


def test_a_corrected_finding_keeps_its_report_sentence_as_a_tooltip(app_env):
    engine = get_engine(app_env)
    first = corrections.findings(engine, 10525, 2025).iloc[0]  # as imported: text = its sentence
    writes.correct_finding(engine, actor=system_actor("test"), finding_id=int(first["finding_id"]),
                           text="Thuận lợi: được Thành ủy quan tâm lãnh đạo.")
    at = run_page(PAGE, unit=10525, year=2025)
    (shown_finding,) = [m for m in at.markdown if "Thành ủy quan tâm lãnh đạo" in m.value]
    assert shown_finding.proto.help == f"Câu gốc trong báo cáo: «{vn.literal(first['text'])}»"
