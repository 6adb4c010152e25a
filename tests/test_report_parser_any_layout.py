"""Any readable report text gives a ParsedReport (issue 11), and hostile numbers stay bounded
(issue 13): new number forms, findings without headings, former units, subjects, limits."""

from __future__ import annotations

import json
import time

import pytest

from report_parser import ReportReadError, parse_text
from report_parser.figures import MAX_FIGURES


def figures(paragraph: str):
    return parse_text("Tin hoạt động\n" + paragraph + "\n").figures


def one(paragraph: str):
    found = figures(paragraph)
    assert len(found) == 1, [(f.value, f.unit, f.text) for f in found]
    return found[0]


# --- never refused for its layout -------------------------------------------------------------


def test_a_portal_summary_without_headings_is_read_with_warnings():
    report = parse_text(
        "Xã Yên Lạc tổng kết công tác năm 2024\n"
        "Năm 2024, Đảng bộ xã đã lãnh đạo hoàn thành tốt các nhiệm vụ chính trị; kết nạp 15 đảng viên mới.\n"
        "Tuy nhiên, công tác tuyên truyền còn hạn chế; một số chi bộ sinh hoạt chưa đều.\n"
    )
    assert [(f.value, f.unit) for f in report.figures] == [(15, "đảng viên mới")]
    assert [f.kind for f in report.findings] == ["strength", "limitation", "limitation"]
    assert any(w.startswith("Không thấy các mục") for w in report.warnings)
    assert any("bài học kinh nghiệm" in w for w in report.warnings)  # what is missing is named


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\u200b\n"])
def test_only_empty_text_is_refused(text):
    with pytest.raises(ReportReadError):
        parse_text(text)


# --- new number forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        # ranges: value and upper bound
        ("Giảm tỷ lệ hộ nghèo bình quân từ 3-4%/năm.", (3, "%/năm", 4, None, "từ")),
        ("Doanh thu dịch vụ tăng 10 - 12%.", (10, "%", 12, None, None)),
        # "x/y" with a unit after either side, money pairs with scale words
        ("Có 22/17 thanh niên nhập ngũ.", (22, "thanh niên", None, 17, None)),
        ("Trồng rừng 29,49/25 ha.", (29.49, "ha", None, 25, None)),
        ("Thu ngân sách 90,72 tỷ đồng/165,5 tỷ đồng.", (90_720_000_000, "đồng", None, 165_500_000_000, None)),
        # per-unit rates, money without "đồng"
        ("Thu nhập bình quân đạt 36 triệu/người/năm.", (36_000_000, "đồng/người/năm", None, None, "đạt")),
        ("Hỗ trợ 50 triệu đồng/căn.", (50_000_000, "đồng/căn", None, None, None)),
        ("Huy động trên 156,69 tỷ cho xây dựng.", (156_690_000_000, "đồng", None, None, "trên")),
        # per mille written "%0", full đồng amounts, a decimal point by mistake
        ("Giảm tỷ suất sinh 0,3%0.", (0.3, "‰", None, None, None)),
        ("Tiếp nhận 20.535.594.126 đồng.", (20_535_594_126, "đồng", None, None, None)),
        ("Hộ đạt gia đình văn hóa 97.9%.", (97.9, "%", None, None, None)),
        ("Làm mới 4.5 km đường giao thông.", (4.5, "km", None, None, None)),
        # qualifiers
        ("Sản lượng ước đạt 694,5 tấn.", (694.5, "tấn", None, None, "ước đạt")),
        ("Đã đạt và vượt 8/8 chỉ tiêu.", (8, "chỉ tiêu", None, 8, "đạt và vượt")),
        ("Kết nạp từ 10 đảng viên trở lên.", (10, "đảng viên", None, None, "từ … trở lên")),
        ("Hộ văn hóa đạt 85% trở lên.", (85, "%", None, None, "trở lên")),
        ("Vận động ít nhất 20 hộ tham gia.", (20, "hộ", None, None, "ít nhất")),
        ("Chi trong năm 3.855.000.000 đồng.", (3_855_000_000, "đồng", None, None, None)),
        # a year glued to the count after it ("năm 2020230 hộ" = năm 2020: 230 hộ)
        ("Hộ nghèo năm 2020230 hộ.", (230, "hộ", None, None, None)),
    ],
)
def test_new_number_forms(paragraph, expected):
    f = one(paragraph)
    assert (f.value, f.unit, f.value_max, f.target, f.qualifier) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Đơn vị xếp thứ 1/17 phường.",
        "Sơ kết công tác 6 tháng đầu năm 2024 và quý 1/2022.",
        "Ủng hộ đồng bào bị ảnh hưởng bởi cơn bão số 10.",
        "Thực hiện Nghị quyết số 25 và Kết luận số 43, Chỉ thị 05-CT/TW, Đề án số 05.",
        "Đại hội lần thứ XV, nhiệm kỳ 2020-2025, khóa I; lần thứ hai.",
        "Ngày đăng 01/04/2021 | 10:56 | Lượt xem: 226",
        "z3305079155552 4a4d60a4405160a86e2ddffec8bead66z3305078823205",
        "Nhận diện 27 biểu hiện suy thoái; thực hiện mục tiêu “03 giảm”.",
        "Kỷ niệm 94 năm Ngày thành lập Mặt trận; Trong 5 năm qua.",
        "Hội nghị ngày 27/32023 của Đảng bộ.",
    ],
)
def test_traps_are_not_figures(paragraph):
    assert figures(paragraph) == []


def test_targets_and_projections_are_flagged_not_results():
    found = figures(
        "Xã phấn đấu tốc độ tăng trưởng đạt trên 10%. Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 97,6% "
        "(mục tiêu đại hội là 90%); dự kiến hết nhiệm kỳ sẽ đạt 12/12 chỉ tiêu."
    )
    assert [(f.value, f.is_target) for f in found] == [(10, True), (97.6, False), (90, True), (12, True)]


def test_a_list_of_new_term_targets_is_flagged_item_by_item():
    found = figures(
        "Nhiệm kỳ tới, Hội tiếp tục đề ra 11 chỉ tiêu, trong đó: Mỗi năm kết nạp 10 hội viên trở lên; "
        "95% hội viên cam kết sản xuất an toàn."
    )
    assert [(f.value, f.is_target) for f in found] == [(11, True), (10, True), (95, True)]


# --- findings without headings ----------------------------------------------------------------


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in parse_text(text).findings]


def test_concession_gives_difficulty_cause_and_the_result():
    kinds = _kinds(
        "Tin tức\nNăm 2024 mặc dù còn nhiều khó khăn, nhưng được sự quan tâm của Huyện ủy và sự đồng thuận "
        "của Nhân dân, Đảng bộ xã đã hoàn thành xuất sắc nhiệm vụ năm.\n"
    )
    assert [k for k, _ in kinds] == ["difficulty", "cause", "strength"]
    assert kinds[0][1] == "Năm 2024 mặc dù còn nhiều khó khăn"
    assert kinds[1][1].startswith("được sự quan tâm") and kinds[1][1].endswith("của Nhân dân")


def test_shortcomings_list_is_split_and_tasks_and_requests_are_read():
    kinds = _kinds(
        "Tin tức\nTuy nhiên, hoạt động của một số chi hội còn hạn chế; đội ngũ cán bộ chưa được đào tạo; "
        "kinh phí hoạt động còn nhiều khó khăn.\n"
        "Nguyên nhân do cán bộ kiêm nhiệm nhiều việc.\n"
        "Thời gian tới, Ủy ban MTTQ xã tập trung đổi mới nội dung, phương thức hoạt động.\n"
        "Hội nghị kiến nghị cấp trên quan tâm bố trí kinh phí cho các khu dân cư.\n"
    )
    assert [k for k, _ in kinds] == ["limitation", "limitation", "difficulty", "cause", "task", "recommendation"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Các đại biểu đã thẳng thắn chỉ ra những hạn chế, nguyên nhân và bài học kinh nghiệm.",
        "Hội nghị đã thảo luận, làm rõ những tồn tại, hạn chế và đề ra các giải pháp khắc phục.",
        "Trên cơ sở đó, Đảng bộ xã đề ra một s",
        "Đảng ủy phường xác định các nhóm giải pháp để thực hiện Chỉ thị 05.",
        "Báo cáo đã chỉ rõ hạn chế, yếu kém và rút ra bài học kinh nghiệm trong lãnh đạo.",
        "Những tồn tại, hạn chế đã được Hội nghị thẳng thắn chỉ ra để khắc phục.",
        "Hội nghị tổng kết công tác Mặt trận năm 2023, triển khai phương hướng, nhiệm vụ năm 2024.",
        "Các đại biểu tập trung thảo luận, đánh giá kết quả đạt được, những mặt làm được, chưa làm được.",
        "Đại hội đã thảo luận, thống nhất đề ra phương hướng, mục tiêu, nhiệm vụ cho nhiệm kỳ 2024-2029.",
        "Báo cáo chính trị đã đánh giá toàn diện kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ qua.",
    ],
)
def test_announcing_sentences_are_not_findings(sentence):
    assert _kinds("Tin tức\n" + sentence + "\n") == []


def test_an_announcement_followed_by_its_content_is_a_finding():
    assert _kinds("Tin tức\nBài học kinh nghiệm rút ra là phải phát huy vai trò nêu gương của người đứng đầu.\n") == [
        ("lesson", "Bài học kinh nghiệm rút ra là phải phát huy vai trò nêu gương của người đứng đầu.")
    ]


def test_a_report_with_assessment_headings_keeps_its_narrative_as_results():
    text = (
        "BÁO CÁO\nKết quả thực hiện\nI. KẾT QUẢ THỰC HIỆN\nĐảng bộ đã lãnh đạo hoàn thành tốt nhiệm vụ.\n"
        "II. ĐÁNH GIÁ CHUNG\n1. Ưu điểm\nCông tác dân vận có nhiều chuyển biến.\n2. Hạn chế\n"
        "Một số chi bộ sinh hoạt chưa đều.\n"
    )
    assert _kinds(text) == [
        ("strength", "Công tác dân vận có nhiều chuyển biến."),
        ("limitation", "Một số chi bộ sinh hoạt chưa đều."),
    ]


# --- units before 1 July 2025, subjects ----------------------------------------------------------


def test_a_former_commune_is_proposed_to_its_successor():
    report = parse_text(
        "Ngày 19/5/2023, Đảng bộ xã Gio Mai, huyện Gio Linh tổ chức hội nghị sơ kết giữa nhiệm kỳ.\n"
        "Đảng bộ có 12 chi bộ.\n"
    )
    meta = report.metadata
    assert meta.unit_level == "commune"
    assert meta.former_unit_name == "Xã Gio Mai, huyện Gio Linh"
    assert meta.successor_codes == [meta.unit_code] and meta.unit_name == "Xã Cửa Việt"
    assert any("Xã Gio Mai, huyện Gio Linh" in w and "nay thuộc Xã Cửa Việt" in w for w in report.warnings)


def test_a_former_ward_split_between_new_units_lists_them_and_sets_no_code():
    report = parse_text(
        "Năm 2021, Đảng bộ phường Phúc Đồng (quận Long Biên) tổng kết công tác.\nKết nạp 5 đảng viên.\n"
    )
    meta = report.metadata
    assert meta.unit_code is None and len(meta.successor_codes) > 1
    assert any("cần chọn thủ công" in w for w in report.warnings)


@pytest.mark.parametrize(
    "lead, level",
    [
        ("Ngày 10-8-2023, Huyện ủy Vạn Ninh tổ chức tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW.", "district"),
        ("Ngày 12/01/2024, Ban Vận động Quỹ “Vì người nghèo” tỉnh tổ chức hội nghị tổng kết năm 2023.", "province"),
    ],
)
def test_a_district_or_province_report_is_flagged_not_forced_onto_a_ward(lead, level):
    report = parse_text(lead + "\nToàn huyện có 196 mô hình dân vận khéo ở xã Vạn Thọ.\n")
    assert report.metadata.unit_level == level
    assert report.metadata.unit_code is None
    assert any("không phải báo cáo của một xã" in w for w in report.warnings)


@pytest.mark.parametrize(
    "lead, code",
    [
        ("Tổng kết 15 năm thực hiện Kết luận số 62-KL/TW của Bộ Chính trị.", "KL62"),
        ("Tổng kết 10 năm Nghị quyết số 25-NQ/TW và 5 năm Kết luận số 43-KL/TW.", "NQ25"),
        ("Kết quả 5 năm thực hiện Chỉ thị số 05-CT/TW tại phường.", "CT05"),
        ("Quỹ “Vì người nghèo” xã vận động được 84 triệu đồng.", "QVNN"),
        ("Ủy ban MTTQ xã tổ chức Đại hội đại biểu lần thứ VII, nhiệm kỳ 2024-2029.", "MTTQ"),
        ("Đảng bộ xã tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ.", "NQDH"),
    ],
)
def test_subject_is_read(lead, code):
    assert parse_text(lead + "\nĐã hỗ trợ 5 hộ.\n").metadata.subject == code


# --- bounded reading (issue 13) -------------------------------------------------------------------


def test_a_very_long_digit_run_is_not_a_number_and_does_not_crash():
    report = parse_text("Báo cáo\nSố tiền " + "7" * 5000 + " đồng; hỗ trợ 12 hộ.\n")
    assert [(f.value, f.unit) for f in report.figures] == [(12, "hộ")]


def test_many_figures_in_one_paragraph_are_capped_with_a_warning_and_stay_small():
    text = "Báo cáo\nĐã hỗ trợ " + "5 hộ " * 2000 + "\n"
    start = time.perf_counter()
    report = parse_text(text)
    elapsed = time.perf_counter() - start
    assert len(report.figures) == MAX_FIGURES
    assert any("quá nhiều số liệu" in w for w in report.warnings)
    size = len(json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8"))
    assert size < 2_000_000, size  # was 28 MB before the bound
    assert elapsed < 10, elapsed  # a runaway bound only; the reader is linear (about 0.5 s here)


def test_reading_grows_linearly_with_the_numbers_in_a_paragraph():
    def run(n: int) -> float:
        text = "Báo cáo\nĐã hỗ trợ " + ", ".join(f"{i % 90 + 1} hộ" for i in range(n)) + ".\n"
        start = time.perf_counter()
        parse_text(text)
        return time.perf_counter() - start

    small, large = run(1000), run(8000)
    # Quadratic reading would take about 64 times as long; linear about 8 (figures past the
    # cap are cheaper still). A wide margin keeps a shared machine from making this flake.
    assert large < 30 * max(small, 0.01), (small, large)


def test_inline_labels_give_their_kind_and_the_rest_is_still_read_by_wording():
    kinds = _kinds(
        "Tin tức\nKhó khăn: kinh tế chủ yếu là nông nghiệp, thu nhập của người dân còn thấp.\n"
        "Năm qua, Mặt trận xã đã phối hợp tổ chức tốt Ngày hội Đại đoàn kết ở 12 thôn.\n"
    )
    assert [k for k, _ in kinds] == ["difficulty", "strength"]


def test_the_year_of_the_results_is_not_the_year_of_the_plans():
    report = parse_text(
        "Đảng ủy xã tổ chức hội nghị tổng kết công tác năm 2023, triển khai phương hướng, nhiệm vụ năm 2024.\n"
        "Năm 2024, xã phấn đấu kết nạp 10 đảng viên.\n"
    )
    assert report.metadata.year == 2023


REPORT_WITH_LETTERHEAD = """ỦY BAN MTTQ VIỆT NAM
XÃ VÂN NHAM
Số: 12/BC-MTTQ
Vân Nham, ngày 10 tháng 12 năm 2023
BÁO CÁO
Kết quả công tác Mặt trận năm 2023 và phương hướng nhiệm vụ năm 2024
I. KẾT QUẢ THỰC HIỆN
Phối hợp tổ chức 24 buổi tuyên truyền với trên 2.100 lượt người tham gia.
II. ĐÁNH GIÁ CHUNG
1/. Ưu điểm: Công tác Mặt trận có nhiều đổi mới, bám sát cơ sở, được Nhân dân đồng tình hưởng ứng.
2/. Tồn tại, hạn chế: Hoạt động của một số Ban công tác Mặt trận còn lúng túng.
3/. Nguyên nhân: Một số cán bộ còn kiêm nhiệm, kinh phí hoạt động hạn hẹp.
Nơi nhận:
- MTTQ huyện;
- Lưu.
"""


def test_letterhead_names_the_issuer_and_the_distribution_list_does_not():
    meta = parse_text(REPORT_WITH_LETTERHEAD).metadata
    assert meta.unit_level == "commune"
    assert meta.former_unit_name == "Xã Vân Nham"
    assert meta.successor_codes and meta.unit_code == meta.successor_codes[0]


def test_heading_and_content_on_one_line_give_the_finding_and_the_title_is_not_one():
    assert [f.kind for f in parse_text(REPORT_WITH_LETTERHEAD).findings] == ["strength", "limitation", "cause"]


def test_a_news_items_date_dates_its_units_and_its_year():
    report = parse_text(
        "Đại hội Đảng bộ xã Tân Lập thành công tốt đẹp\n"
        "Cập nhật: 10:25 | 15/07/2020\n"
        "Đảng bộ xã Tân Lập (huyện Đan Phượng) tổ chức Đại hội đại biểu lần thứ XXIV, nhiệm kỳ 2020 – 2025.\n"
        "Năm 2019 thu nhập bình quân đạt 58,6 triệu đồng; phấn đấu đến năm 2025 đạt 90 triệu đồng.\n"
    )
    meta = report.metadata
    assert meta.year == 2019
    assert meta.former_unit_name == "Xã Tân Lập, huyện Đan Phượng" and meta.successor_codes
    assert [(f.value, f.is_target) for f in report.figures] == [(58_600_000, False), (90_000_000, True)]


def test_a_lead_dated_in_words_keeps_a_later_plan_year_from_being_the_report_year():
    """"Sáng ngày 05 tháng 5 năm 2023, …": the only other year is the plan's 2025, so the text
    does not say the year of its results (the importer then asks, or reads the file name)."""
    report = parse_text(
        "Sáng ngày 05 tháng 5 năm 2023, Đảng bộ xã tổ chức Hội nghị sơ kết giữa nhiệm kỳ.\n"
        "Đến nay xã đạt 19/19 tiêu chí, phấn đấu đến năm 2025 xã đạt chuẩn nông thôn mới nâng cao.\n"
    )
    assert report.metadata.year is None
    dated = parse_text(
        "Sáng ngày 05 tháng 5 năm 2023, Đảng bộ xã tổ chức Hội nghị sơ kết.\n"
        "Trong năm 2022, xã kết nạp 10 đảng viên; phấn đấu đến năm 2025 đạt 19/19 tiêu chí.\n"
    )
    assert dated.metadata.year == 2022


@pytest.mark.parametrize(
    "body",
    [
        "mặc dù khó khăn " * 4000,  # a concession that never turns
        "Tuy nhiên còn hạn chế; " * 3000,  # a very long list of shortcomings
        "Xã đã làm tốt. " * 5000,  # thousands of sentences in one paragraph
        "được sự quan tâm của " * 3000 + ", xã đã tốt.",
    ],
)
def test_hostile_paragraphs_are_read_in_bounded_time_and_output(body):
    start = time.perf_counter()
    report = parse_text("Tin tức\n" + body + "\n")
    elapsed = time.perf_counter() - start
    assert elapsed < 20, elapsed  # a runaway bound only: each takes about a second here
    assert len(report.findings) <= 1000
    assert len(json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")) < 2_000_000
