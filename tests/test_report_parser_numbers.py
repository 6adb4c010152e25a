"""Numbers written the Vietnamese way, and which numbers in a report are results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from report_parser import fold, parse_text, read_number
from tests.parser_fixtures.builders import mini_report

SCALES = {"": 1, "nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}


def vietnamese(integer: int, decimals: str, grouped: bool) -> str:
    digits = f"{integer:,}".replace(",", ".") if grouped else str(integer)
    return digits + ("," + decimals if decimals else "")


@settings(max_examples=300, deadline=None)
@given(
    integer=st.integers(min_value=0, max_value=10**12),
    decimals=st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=4)),
    grouped=st.booleans(),
    scale=st.sampled_from(sorted(SCALES)),
    glue=st.sampled_from([" ", ""]),
)
def test_read_number_reads_back_any_vietnamese_number(integer, decimals, grouped, scale, glue):
    written = vietnamese(integer, decimals, grouped) + (glue + scale if scale else "")
    expected = Decimal(f"{integer}.{decimals or '0'}") * SCALES[scale]
    value = read_number(written)
    if expected == expected.to_integral_value():
        assert isinstance(value, int) and value == int(expected)
    else:
        assert isinstance(value, float) and value == float(expected)


@pytest.mark.parametrize(
    "written, value",
    [
        ("4.226", 4226),
        ("2782", 2782),
        ("08", 8),
        ("1,7 tỷ", 1_700_000_000),
        ("1.700 triệu", 1_700_000_000),
        ("2.941,86", 2941.86),
        ("400.000.000", 400_000_000),
        ("500 nghìn", 500_000),
        ("1,2 nghìn tỷ", 1_200_000_000_000),
    ],
)
def test_read_number_examples(written, value):
    assert read_number(written) == value


@pytest.mark.parametrize("written", ["", "abc", "1,2,3", "12 hộ", "-"])
def test_read_number_refuses_what_is_not_a_number(written):
    with pytest.raises(ValueError):
        read_number(written)


def test_fold_is_accent_insensitive_and_keeps_positions():
    assert fold("Ban Thường vụ Đảng ủy Phường Hải Dương") == "ban thuong vu dang uy phuong hai duong"
    assert fold("Đảng uỷ") == fold("Đảng ủy") == "dang uy"
    text = "Quỹ “Vì người nghèo” đạt trên 370 triệu đồng"
    assert len(fold(text)) == len(text)
    start = fold(text).index("vi nguoi ngheo")
    assert text[start : start + len("Vì người nghèo")] == "Vì người nghèo"


def figures_of(paragraph: str):
    return parse_text(mini_report(paragraph)).figures


def test_references_dates_terms_and_ordinals_are_not_figures():
    paragraph = (
        "Thực hiện Kết luận số 62-KL/TW ngày 08/12/2009 của Bộ Chính trị khoá X, Thông báo số 160-TB/TW "
        "ngày 15/01/2020 và Công văn số 702-CV/BTGDVTU ngày 19/4/2026; Đại hội lần thứ I, nhiệm kỳ "
        "2025-2030; theo Điều 5, Khoản 2 Nghị định 12/2020/NĐ-CP và Nghị định số 12/2020/NĐ-CP; "
        "chính sách hỗ trợ thiên tai1 được thực hiện từ năm 2025; đã hỗ trợ 12 hộ."
    )
    figures = figures_of(paragraph)
    assert [(f.value, f.unit, f.text) for f in figures] == [(12, "hộ", "12 hộ")]


def test_level_above_is_not_a_qualifier():
    figures = figures_of("Kinh phí thực hiện gồm nguồn cấp trên 50 triệu đồng và nguồn xã hội hóa trên 120 triệu đồng.")
    assert [(f.value, f.qualifier, f.text) for f in figures] == [
        (50_000_000, None, "50 triệu đồng"),
        (120_000_000, "trên", "trên 120 triệu đồng"),
    ]


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        # "hoàn thành" is a qualifier since issue 11 (as "đạt" is).
        ("Hoàn thành 18/29 chỉ tiêu.", (18, "chỉ tiêu", 29, False, "hoàn thành", "Hoàn thành 18/29 chỉ tiêu")),
        ("Thu quỹ đạt 94,5 % kế hoạch.", (94.5, "%", None, True, "đạt", "đạt 94,5 % kế hoạch")),
        ("Kết nạp hội viên đạt 92,1% chỉ tiêu giao.", (92.1, "%", None, True, "đạt", "đạt 92,1% chỉ tiêu giao")),
        ("Giải phóng mặt bằng 4.114 ha/4.114 ha.", (4114, "ha", 4114, False, None, "4.114 ha/4.114 ha")),
        ("Tỷ lệ hộ nghèo còn 1,2%.", (1.2, "%", None, False, None, "1,2%")),
    ],
)
def test_ratios_and_percent_of_target(paragraph, expected):
    figures = figures_of(paragraph)
    assert [(f.value, f.unit, f.target, f.percent_of_target, f.qualifier, f.text) for f in figures] == [expected]


@pytest.mark.parametrize(
    "paragraph, value, unit, qualifier",
    [
        ("Trồng mới 2.941,86 ha rừng.", 2941.86, "ha", None),
        ("Diện tích 106,18ha lúa.", 106.18, "ha", None),
        ("Tiêm phòng cho 653con gia súc.", 653, "con", None),
        ("Vận động 2782 hộ ký cam kết.", 2782, "hộ", None),
        ("Có gần 400.000.000 đồng được huy động.", 400_000_000, "đồng", "gần"),
        ("Tổ chức khoảng 12 buổi sinh hoạt.", 12, "buổi", "khoảng"),
        ("Kết nạp hơn 1,5 nghìn hội viên.", 1500, "hội viên", "hơn"),
        ("Còn dưới 5 hộ nghèo.", 5, "hộ nghèo", "dưới"),
        ("Quỹ đạt 120 triệu đồng.", 120_000_000, "đồng", "đạt"),
    ],
)
def test_number_formats_units_and_qualifiers(paragraph, value, unit, qualifier):
    figures = figures_of(paragraph)
    assert [(f.value, f.unit, f.qualifier) for f in figures] == [(value, unit, qualifier)]


def test_figure_gets_section_task_area_and_catalogue_indicator():
    report = parse_text(
        mini_report(
            "Năm 2025 đã tổ chức 08 cuộc tiếp dân và 02 cuộc đối thoại trực tiếp.",
            section_heading="5. Tăng cường công tác dân vận của chính quyền các cấp",
        )
    )
    assert [(f.value, f.task_area, f.indicator) for f in report.figures] == [
        (8, "government_mobilisation", "citizen_receptions"),
        (2, "government_mobilisation", "direct_dialogues"),
    ]
