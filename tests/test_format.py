"""Vietnamese formatting of numbers, money, percentages and dates (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain import format as vn


@pytest.mark.parametrize(
    "call, expected",
    [
        (lambda: vn.number(4226), "4.226"),
        (lambda: vn.number(2941.86, 2), "2.941,86"),
        (lambda: vn.number(1_234_567), "1.234.567"),
        (lambda: vn.money(370_000_000), "370 triệu đồng"),
        (lambda: vn.money(1_700_000_000), "1,7 tỷ đồng"),
        (lambda: vn.money(45_000), "45.000 đồng"),
        (lambda: vn.percent(94.5), "94,5 %"),
        (lambda: vn.date(dt.date(2026, 4, 19)), "19/04/2026"),
        (lambda: vn.date("2026-04-19"), "19/04/2026"),
        (lambda: vn.datetime(dt.datetime(2026, 4, 19, 8, 5)), "19/04/2026 08:05"),
        (lambda: vn.value_with_measure(4226, "đảng viên"), "4.226 đảng viên"),
        (lambda: vn.change(-1234), "-1.234"),
        (lambda: vn.change(12_000_000, "đồng"), "+12 triệu đồng"),
        (lambda: vn.change(2.5, "%"), "+2,5 điểm %"),
    ],
)
def test_vietnamese_numbers_and_dates(call, expected):
    assert call() == expected


def test_qualified_figure_reads_as_the_report_wrote_it():
    assert vn.qualified(370_000_000, "đồng", "trên") == "trên 370 triệu đồng"
    assert vn.qualified(4226, "đảng viên", None) == "4.226 đảng viên"
    assert vn.qualified(float("nan"), "đồng", "trên") == vn.MISSING
    assert vn.qualified(8, "cuộc", float("nan")) == "8 cuộc"


def test_slug_is_ascii_for_file_names():
    assert vn.slug("Thành phố Hải Phòng") == "hai-phong"  # one slug: the same as file_name's
    assert vn.slug("Đảng viên") == "dang-vien"
    assert vn.slug('Quỹ "Vì người nghèo"') == "quy-vi-nguoi-ngheo"


def test_only_illustrative_rows_are_labelled():
    assert vn.source(True) == "Dữ liệu minh họa"
    assert vn.source(False) == "" and vn.source(None) == ""


def test_every_finding_kind_has_a_vietnamese_label():
    from data_access.models import FINDING_KINDS
    from domain.vocabulary import KIND_LABELS

    assert list(KIND_LABELS) == list(FINDING_KINDS)
    assert KIND_LABELS["recommendation"] == "Kiến nghị, đề xuất"
    assert KIND_LABELS["limitation"] == "Hạn chế, khuyết điểm"  # one label, on screen and on paper


def test_big_figures_keep_their_unit_in_the_label():
    assert vn.headline(223_555, "đảng viên") == "223.555"
    assert vn.with_measure("Đảng viên", "đảng viên") == "Đảng viên"
    assert vn.headline(21_350_000_000, "đồng") == "21,35 tỷ đồng"
    assert vn.with_measure("Quỹ", "đồng") == "Quỹ"
    assert vn.with_measure("Trung vị", "chi bộ, đảng bộ") == "Trung vị (chi bộ, đảng bộ)"
