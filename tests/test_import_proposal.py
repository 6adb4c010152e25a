"""What the importer proposes from a report's metadata: an old unit's successor ("Xã X cũ, nay
thuộc Y"), a district or province report flagged rather than forced onto a ward, the subject,
and the targets a report states kept out of its results. The parser fills these fields
(Metadata.former_unit_name, successor_codes, unit_level, subject; Figure.is_target); here the
ParsedReport is built in the test from the real Hải Dương report, so the importer is tested on
its own, through its functions, `import-reports` and the import page."""

from __future__ import annotations

import copy
import dataclasses

import pandas as pd
import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from data_access import security
from data_access.db import get_engine
from data_access.models import IndicatorValue, Report
from data_access.security import system_actor
from importer import bounded, proposal, review
from manage import main
from report_parser import Figure, parse_report, parse_text
from tests.support.pages import ROOT

SAMPLE = ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
DEV_REPORTS = ROOT / "tests" / "dev_reports"
TEXT = SAMPLE.read_text(encoding="utf-8")
THUY_NGUYEN, THIEN_HUONG = 11560, 11557  # Hải Phòng
HAI_NINH = 18781  # Hà Tĩnh: a successor in another province than the page's
OLD_COMMUNE = "Xã Thủy Đường, huyện Thủy Nguyên"
EVIL = (
    "Câu trong báo cáo: [Phiên hết hạn, bấm để đăng nhập lại](https://evil.example/login) "
    "![](https://evil.example/p.png) <b>đậm</b>"
)
PASSWORD = "mật khẩu biên tập 1"


@pytest.fixture(scope="module")
def sample_report():
    return parse_report(SAMPLE)


def report_of(sample, **metadata):
    """The Hải Dương report with its metadata changed as the parser would fill it."""
    parsed = copy.deepcopy(sample)
    parsed.metadata = dataclasses.replace(parsed.metadata, **{"unit_name": None, "unit_code": None, **metadata})
    return parsed


def with_target(parsed):
    target = Figure(value=90, unit="%", qualifier="trên", text="trên 90%", task_area=None, is_target=True,
                    sentence="Phấn đấu đến năm 2030 tỷ lệ hộ tham gia sinh hoạt tổ dân phố đạt trên 90%.")
    parsed.figures.append(target)
    return parsed


@pytest.fixture(scope="module")
def units():
    from data_access.reference import official_wards

    return pd.DataFrame(official_wards())[["code", "name", "kind", "province_code"]]


# --- the proposal, pure ------------------------------------------------------------------------


def test_an_old_commune_is_proposed_as_its_successor(sample_report, units):
    parsed = report_of(sample_report, former_unit_name=OLD_COMMUNE, successor_codes=[THUY_NGUYEN])
    found = proposal.propose(parsed, "bao-cao.txt", units)
    assert (found.ward_code, found.ward_name) == (THUY_NGUYEN, "Phường Thuỷ Nguyên")
    assert "Xã Thủy Đường cũ (huyện Thủy Nguyên), nay thuộc Phường Thuỷ Nguyên; hãy xác nhận đơn vị." in found.notes
    code, name, year, notes = proposal.resolve_unit_and_year(parsed, "bao-cao.txt", units)
    assert (code, year) == (THUY_NGUYEN, 2025) and any(", nay thuộc Phường Thuỷ Nguyên" in n for n in notes)


def test_with_several_successors_staff_choose_among_them(sample_report, units):
    parsed = report_of(sample_report, former_unit_name=OLD_COMMUNE, successor_codes=[THUY_NGUYEN, THIEN_HUONG])
    found = proposal.propose(parsed, None, units)
    assert found.ward_code is None
    assert found.candidates == [(THUY_NGUYEN, "Phường Thuỷ Nguyên"), (THIEN_HUONG, "Phường Thiên Hương")]
    assert any("nay thuộc một trong các đơn vị: Phường Thuỷ Nguyên; Phường Thiên Hương" in n for n in found.notes)
    with pytest.raises(proposal.ImportRefusedReason, match="hãy chỉ rõ mã đơn vị"):
        proposal.resolve_unit_and_year(parsed, None, units)
    assert proposal.resolve_unit_and_year(parsed, None, units, ward_code=THIEN_HUONG)[0] == THIEN_HUONG
    with pytest.raises(proposal.ImportRefusedReason, match="nay thuộc"):
        proposal.resolve_unit_and_year(parsed, None, units, ward_code=HAI_NINH)


@pytest.mark.parametrize("level", ["district", "province"])
def test_a_district_or_province_report_is_flagged_not_forced_onto_a_ward(sample_report, units, level):
    # Even a file name that names a ward does not put it there.
    parsed = report_of(sample_report, unit_level=level, former_unit_name="Huyện Thủy Nguyên")
    found = proposal.propose(parsed, "hai-duong-2026-kl62.txt", units)
    assert found.ward_code is None and found.not_commune
    assert any("không phải báo cáo cấp xã" in n for n in found.notes)
    with pytest.raises(proposal.ImportRefusedReason, match="không phải báo cáo cấp xã"):
        proposal.resolve_unit_and_year(parsed, "hai-duong-2026-kl62.txt", units)
    code, _, _, notes = proposal.resolve_unit_and_year(parsed, None, units, ward_code=THUY_NGUYEN)
    assert code == THUY_NGUYEN and any("không phải báo cáo cấp xã" in n for n in notes)


def test_the_subject_is_the_one_the_text_names_when_the_database_has_it(sample_report):
    assert proposal.propose_subject(report_of(sample_report, subject="KL62"), {"KL62"}) == proposal.SubjectProposal(
        "KL62", None)
    other = proposal.propose_subject(
        report_of(sample_report, subject="NQ25", subject_text="Nghị quyết số 25-NQ/TW"), {"KL62"})
    assert other.code == "KL62" and "Nghị quyết số 25-NQ/TW (mã NQ25), chưa có trong danh mục" in other.note
    assert "không cho biết" in proposal.propose_subject(report_of(sample_report, subject=None), {"KL62"}).note


def test_targets_stated_by_the_report_are_shown_but_not_saved_as_results(sample_report):
    parsed = with_target(report_of(sample_report))
    rows = review.rows_from_parsed(parsed, source_text=TEXT)
    assert len(rows["figures"]) == 10 and 90 not in [f["value"] for f in rows["figures"]]
    targets = review.stated_targets(parsed)
    assert list(targets["Giá trị"]) == [90.0] and targets["Chỉ tiêu, mục tiêu"].iloc[0] == "trên 90%"
    assert review.summary_row("a.txt", parsed, "Chưa lưu")[3] == 10


def test_a_qualifier_the_database_does_not_know_is_left_empty_not_refused(sample_report):
    parsed = report_of(sample_report)
    parsed.figures[0].qualifier = "ước đạt"
    rows = review.rows_from_parsed(parsed, known_qualifiers=("trên", "hơn"))
    assert rows["figures"][0]["qualifier"] is None and rows["figures"][0]["figure_text"] == parsed.figures[0].text


# --- import-reports ----------------------------------------------------------------------------


def fake_reader(monkeypatch, parsed):
    monkeypatch.setattr(bounded, "read_report", lambda data, filename=None, **kw: (copy.deepcopy(parsed), TEXT))


def run_cli(capsys, url: str, *args: str, verbose: bool = False):
    code = main([*(["--verbose"] if verbose else []), "import-reports", *args, "--database-url", url])
    return code, capsys.readouterr().out.splitlines()


def current(url: str) -> list[tuple]:
    with get_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(select(Report.ward_code, Report.year).where(Report.is_current))]


def values(url: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.scalar(select(func.count()).select_from(IndicatorValue))


def test_cli_imports_an_old_communes_report_under_its_successor_and_says_so(
    schema_db_url, sample_report, tmp_path, capsys, monkeypatch
):
    fake_reader(monkeypatch, with_target(report_of(sample_report, former_unit_name=OLD_COMMUNE,
                                                   successor_codes=[THUY_NGUYEN])))
    path = tmp_path / "bao-cao-xa-cu.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, lines = run_cli(capsys, schema_db_url, str(path))
    assert code == 0
    assert lines[0].startswith("OK   bao-cao-xa-cu.txt → Phường Thuỷ Nguyên (11560), năm 2025: 10 số liệu")
    assert any("Xã Thủy Đường cũ (huyện Thủy Nguyên), nay thuộc Phường Thuỷ Nguyên" in line for line in lines)
    assert current(schema_db_url) == [(THUY_NGUYEN, 2025)]
    assert values(schema_db_url) == 10  # the stated target is not a result


def test_cli_skips_a_district_report_unless_the_unit_is_given(schema_db_url, sample_report, tmp_path, capsys,
                                                              monkeypatch):
    fake_reader(monkeypatch, report_of(sample_report, unit_level="district", former_unit_name="Huyện Thủy Nguyên"))
    path = tmp_path / "bao-cao-huyen.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, lines = run_cli(capsys, schema_db_url, str(path), "--dry-run")
    assert code == 1 and lines[0].startswith("BỎ QUA bao-cao-huyen.txt: Báo cáo của cấp huyện")
    assert "không phải báo cáo cấp xã" in lines[0] and "--unit" in lines[0]
    code, lines = run_cli(capsys, schema_db_url, str(path))
    assert code == 1 and current(schema_db_url) == []
    code, lines = run_cli(capsys, schema_db_url, str(path), "--unit", str(THUY_NGUYEN))
    assert code == 0 and lines[0].startswith("OK   bao-cao-huyen.txt → Phường Thuỷ Nguyên (11560)")
    assert any("không phải báo cáo cấp xã" in line for line in lines[1:])
    assert current(schema_db_url) == [(THUY_NGUYEN, 2025)]


def test_cli_files_a_report_on_a_subject_not_in_the_database_under_kl62_with_a_warning(
    schema_db_url, sample_report, tmp_path, capsys, monkeypatch
):
    fake_reader(monkeypatch, report_of(sample_report, unit_code=10525, subject="NQ25",
                                       subject_text="Nghị quyết số 25-NQ/TW"))
    path = tmp_path / "nq25.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, lines = run_cli(capsys, schema_db_url, str(path), verbose=True)
    assert code == 0 and lines[0].startswith("OK   nq25.txt → Phường Hải Dương (10525)")
    assert any("Nghị quyết số 25-NQ/TW (mã NQ25), chưa có trong danh mục chủ đề" in line for line in lines)


# --- the import page ---------------------------------------------------------------------------


def signed_in_page(url: str) -> AppTest:
    security.create_user(get_engine(url), actor=system_actor("cli:root"), username="bientap", password=PASSWORD,
                         role="editor", provinces=[31, 42])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["province"] = "31"
    at.switch_page("pages/5_Nhap_bao_cao.py").run()
    at.text_input(key="page_login_user").input("bientap")
    at.text_input(key="page_login_password").input(PASSWORD)
    at.button(key="FormSubmitter:page_login-Đăng nhập").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def paste(at: AppTest, marker: str) -> AppTest:
    # A text of its own per test: the page caches what it has read, by content.
    at.text_area(key="imp_pasted").input(TEXT + f"\n{marker}\n").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def unit_box(at: AppTest):
    return next(s for s in at.selectbox if s.label == "Đơn vị")


def plain_texts(at: AppTest) -> str:
    return " | ".join(t.value for t in at.text)


def rendered_markdown(at: AppTest) -> list[str]:
    """Every body Streamlit renders as Markdown on the page."""
    return [str(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success]]


def test_page_proposes_the_successor_of_an_old_commune(app_env, sample_report, cheap_hashes, monkeypatch):
    fake_reader(monkeypatch, with_target(report_of(sample_report, former_unit_name=OLD_COMMUNE,
                                                   successor_codes=[THUY_NGUYEN])))
    at = paste(signed_in_page(app_env), "xa-cu-mot")
    assert unit_box(at).value == THUY_NGUYEN
    assert "Xã Thủy Đường cũ (huyện Thủy Nguyên), nay thuộc Phường Thuỷ Nguyên; hãy xác nhận đơn vị." in plain_texts(at)
    figures = at.data_editor[0].value
    assert len(figures) == 10 and 90 not in list(figures["value"])
    assert any(h.value == "Chỉ tiêu, mục tiêu báo cáo đề ra (1)" for h in at.subheader)
    targets = next(d.value for d in at.dataframe if "Giá trị" in d.value.columns)
    assert list(targets["Giá trị"]) == [90.0] and targets["Chỉ tiêu, mục tiêu"].iloc[0] == "trên 90%"


def test_page_lets_staff_choose_among_successors_in_other_provinces_too(app_env, sample_report, cheap_hashes,
                                                                       monkeypatch):
    fake_reader(monkeypatch, report_of(sample_report, former_unit_name=OLD_COMMUNE,
                                       successor_codes=[THUY_NGUYEN, HAI_NINH]))
    at = paste(signed_in_page(app_env), "xa-cu-hai")
    box = unit_box(at)
    assert box.value is None and box.options[:2] == ["Phường Thuỷ Nguyên", "Phường Hải Ninh"]
    assert "nay thuộc một trong các đơn vị: Phường Thuỷ Nguyên; Phường Hải Ninh" in plain_texts(at)
    box.set_value(HAI_NINH).run()
    assert not at.exception and unit_box(at).value == HAI_NINH


def test_page_flags_a_district_report_and_proposes_no_ward(app_env, sample_report, cheap_hashes, monkeypatch):
    fake_reader(monkeypatch, report_of(sample_report, unit_level="district", former_unit_name="Huyện Thủy Nguyên"))
    at = paste(signed_in_page(app_env), "huyen")
    assert unit_box(at).value is None
    assert "không phải báo cáo cấp xã" in plain_texts(at)
    assert next(b for b in at.button if b.label == "Lưu báo cáo").disabled


def test_page_shows_warnings_and_report_sentences_as_text_never_as_links(app_env, sample_report, cheap_hashes,
                                                                         monkeypatch):
    parsed = report_of(sample_report, unit_code=10525, unit_name=EVIL, subject="NQ25", subject_text=EVIL)
    parsed.warnings = [EVIL]
    fake_reader(monkeypatch, parsed)
    at = paste(signed_in_page(app_env), "lien-ket")
    assert any(t.value == f"• {EVIL}" for t in at.text)  # shown, word for word, as plain text
    assert EVIL in plain_texts(at)
    for body in rendered_markdown(at):
        assert "](https://evil.example" not in body and "<b>" not in body, body
    # The subject the text names is echoed only as plain text too.
    assert "chưa có trong danh mục chủ đề" in plain_texts(at)


def test_a_name_several_provinces_share_offers_each_unit(sample_report, units):
    """"Xã Bình Nguyên" exists in Phú Thọ and in Hưng Yên: the text alone cannot tell which."""
    parsed = report_of(sample_report, unit_name="Xã Bình Nguyên", province_code=None, year=2025)
    found = proposal.propose(parsed, "bao-cao.txt", units)
    assert found.ward_code is None
    assert {code for code, _ in found.candidates} == {8935, 13096}
    assert any(n.startswith("Có 2 đơn vị tên «Xã Bình Nguyên»") for n in found.notes)
    with pytest.raises(proposal.ImportRefusedReason, match="hãy chỉ rõ mã đơn vị"):
        proposal.resolve_unit_and_year(parsed, "bao-cao.txt", units)
    assert proposal.resolve_unit_and_year(parsed, "bao-cao.txt", units, ward_code=8935)[:3] == (
        8935, "Xã Bình Nguyên", 2025)


def test_a_file_named_after_an_old_commune_proposes_its_successor(units):
    """A portal text that says only "Đảng bộ xã tổ chức …": the file name "duongphong_xa" names
    xã Dương Phong (Bạch Thông, Bắc Kạn), merged on 01/07/2025 into xã Bạch Thông."""
    name = "09_duongphong_xa_danguy_giuanhiemky_2023.txt"
    parsed = parse_text((DEV_REPORTS / name).read_text(encoding="utf-8"), name)
    assert parsed.metadata.unit_name is None  # the text alone cannot tell
    found = proposal.propose(parsed, name, units)
    assert (found.ward_code, found.ward_name) == (2014, "Xã Bạch Thông")
    assert any("chỉ một đơn vị cũ (trước 01/07/2025), nay thuộc Xã Bạch Thông" in n for n in found.notes)
    code, _, year, notes = proposal.resolve_unit_and_year(parsed, name, units)
    assert (code, year) == (2014, 2023) and any("nay thuộc Xã Bạch Thông" in n for n in notes)
    # Glued names need their kind beside them: "duongphong" alone, or a word that is not a
    # unit ("danguy"), proposes nothing.
    for other in ("09_duongphong_danguy_2023.txt", "danguy_xa_2023.txt"):
        assert proposal.propose(parsed, other, units).ward_code is None


def test_a_glued_name_of_a_current_unit_in_the_file_name_is_matched(sample_report, units):
    parsed = report_of(sample_report, year=2025)
    assert proposal.match_units_in_filename("07_hothau_xa_hnd_daihoi_2023.txt", units) == [(1084, "Xã Hồ Thầu")]
    found = proposal.propose(parsed, "haiduong_phuong_2025.txt", units)
    assert (found.ward_code, found.ward_name) == (10525, "Phường Hải Dương")
    assert proposal.match_units_in_filename("haiduong_2025.txt", units) == []  # no kind beside it


def test_the_year_comes_from_the_file_name_when_the_text_has_none(sample_report, units):
    parsed = report_of(sample_report, unit_name="Phường Hải Dương", unit_code=10525, year=None)
    found = proposal.propose(parsed, "phuong-hai-duong-tong-ket-2024.docx", units)
    assert found.year == 2024 and any("năm 2024 lấy từ tên tệp" in n for n in found.notes)
    ward, _, year, notes = proposal.resolve_unit_and_year(parsed, "phuong-hai-duong-tong-ket-2024.docx", units)
    assert (ward, year) == (10525, 2024) and any("lấy từ tên tệp" in n for n in notes)
    assert proposal.propose(parsed, "bao-cao-2023-2024.txt", units).year is None  # two years: no guess
    assert proposal.propose(parsed, "bao-cao.txt", units).year is None


def test_a_title_joined_to_its_dateline_still_names_the_unit():
    """A portal page's title runs into its dateline ("… tại phường Phúc Đồng Ngày đăng 01/04/2021"):
    "Ngày" is not part of the unit's name, so the former ward and its successors are found."""
    meta = parse_report(ROOT / "tests" / "dev_reports" / "10_phucdong_phuong_ct05_5nam_2021.txt").metadata
    assert meta.former_unit_name == "Phường Phúc Đồng" and meta.successor_codes
