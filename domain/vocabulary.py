"""What the dashboard calls things, in Vietnamese, once: every page, export, the importer and
the parser's messages take their words from here."""

from __future__ import annotations

# The subject followed unless another is chosen: Kết luận 62-KL/TW and Thông báo 160-TB/TW.
DEFAULT_SUBJECT = "KL62"

# Rows made by the illustrative generator carry this label wherever they are shown.
SAMPLE_LABEL = "Dữ liệu minh họa"
# ... and the rows imported from a real report, where a source is named (a chart's legend).
REAL_LABEL = "Báo cáo thật"

# Finding kinds (the codes of docs/ARCHITECTURE.md) as a report heads them, in report order.
KIND_LABELS = {
    "advantage": "Thuận lợi",
    "difficulty": "Khó khăn",
    "strength": "Ưu điểm",
    "limitation": "Hạn chế, khuyết điểm",
    "cause": "Nguyên nhân",
    "lesson": "Bài học kinh nghiệm",
    "task": "Nhiệm vụ, giải pháp",
    "recommendation": "Kiến nghị, đề xuất",
}
FINDING_KINDS = tuple(KIND_LABELS)
# The same kinds in a word or two, for a slide read from across the room.
SHORT_KIND_LABELS = KIND_LABELS | {
    "limitation": "Hạn chế", "lesson": "Bài học", "task": "Nhiệm vụ", "recommendation": "Kiến nghị"
}

# The findings a brief prints, in this order (exports.brief; data_access.extracts reads them).
BRIEF_KINDS = ("strength", "limitation", "recommendation")
# The findings "Cần chú ý" shows beside a unit's lowest indicators, in this order.
ATTENTION_KINDS = ("limitation", "cause", "recommendation")

# How an indicator's figures add up over units (the catalogue's `aggregation`).
AGGREGATION_LABELS = {"sum": "Tổng", "mean": "Bình quân", "none": "Không cộng gộp"}
