"""The one-page brief (PDF, A4 landscape) for a unit and year, or for a province and year.

Two steps, both pure:

1. `unit_brief(frames, ward_code, year)` / `province_brief(frames, province_code, year)` gather
   what a leader reads into a `Brief`. `frames` are the DataFrames of data_access.extracts
   (`unit` / `province`), read by the caller, so this module never touches a database.
2. `render_pdf(brief)` draws it with fpdf2 and the DejaVu font shipped in exports/fonts
   (every Vietnamese diacritic, no system font needed). The layout has fixed boxes and never
   breaks a page: long texts are cut with "…" and the footer then says where to read them in
   full. The chart is drawn with fpdf2's own rectangles and lines: no browser, no image
   renderer, the same output on every machine, and text in it stays text.

Status against target is never told by colour alone: a symbol and words (✔ Đạt, ▲ Gần đạt,
✖ Chưa đạt) go with every coloured bar and row.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from fpdf import FPDF, FontFace

from domain import format as vn
from domain.vocabulary import ATTENTION_KINDS, BRIEF_KINDS, KIND_LABELS, SAMPLE_LABEL
from exports.tables import attention_groups

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
SEE_DASHBOARD = "xem đầy đủ trên bảng theo dõi"
SUBJECT_LINE = "Thực hiện Kết luận số 62-KL/TW và Thông báo Kết luận số 160-TB/TW"
PRODUCT = "Bảng theo dõi thực hiện Kết luận 62-KL/TW"

# band code -> (symbol, short words, RGB). Symbols of ui/charts.py, colours of
# data_access.reference.BANDS, so paper and screen say the same.
STATUS = {
    "reached": ("✔", "Đạt", (26, 127, 90)),
    "near": ("▲", "Gần đạt", (230, 162, 60)),
    "behind": ("✖", "Chưa đạt", (184, 51, 106)),
}
NO_TARGET = ("–", "Chưa giao", (150, 150, 150))
FINDING_SECTIONS = tuple((kind, KIND_LABELS[kind]) for kind in BRIEF_KINDS)
MAX_FIGURES = 12
MAX_BARS = 12
CHART_MAX = 150.0  # percentages above are drawn at the edge, the label keeps the real value

Frames = Mapping[str, pd.DataFrame]  # data_access.extracts.unit / .province


class BriefUnavailable(Exception):
    """No brief can be made (unknown unit, no report for the year); the message is Vietnamese."""


@dataclass
class Figure:
    name: str
    value: str
    target: str
    percent: str
    band: str | None
    extra: str = ""


@dataclass
class Bar:
    label: str
    percent: float
    band: str | None


@dataclass
class Brief:
    title: str
    subtitle: str
    headline: list[tuple[str, str]]
    figures: list[Figure]
    figures_title: str
    extra_heading: str
    bars: list[Bar]
    chart_title: str
    chart_empty: str
    sections: list[tuple[str, list[str]]]
    source: str
    generated_at: dt.datetime
    is_sample: bool
    notes: list[str] = field(default_factory=list)
    # "Cần chú ý": units below 80 % with their lowest indicators and their own findings
    # (exports.tables.attention_groups); printed on the pages after the first (province brief).
    attention: list[dict] = field(default_factory=list)


def status_text(band: str | None) -> str:
    """"✔ Đạt", "▲ Gần đạt", "✖ Chưa đạt", or "– Chưa giao" (no target)."""
    symbol, words, _ = STATUS.get(band or "", NO_TARGET)
    return f"{symbol} {words}"


def _present(value) -> bool:
    return not vn.is_missing(value)


def _value(value, measure, qualifier=None) -> str:
    text = vn.value_with_measure(value, measure)
    return f"{qualifier} {text}" if _present(qualifier) and qualifier and _present(value) else text


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or vn.now()).replace(microsecond=0)


def unit_brief(frames: Frames, ward_code: int, year: int, *, now: dt.datetime | None = None) -> Brief:
    """A unit's year: its figures against targets, a chart of % achieved, its strengths,
    limitations and recommendations, and the report they come from."""
    unit = frames["unit"]
    if unit.empty:
        raise BriefUnavailable(f"Không tìm thấy đơn vị mã {ward_code} trong danh mục đơn vị hành chính.")
    unit = unit.iloc[0]
    report = frames["report"]
    if report.empty:
        raise BriefUnavailable(f"{unit['name']} (mã {ward_code}) chưa có báo cáo năm {year}.")
    report = report.iloc[0]
    figures = frames["figures"]
    findings = frames["findings"]
    achievement = frames["achievement"]
    mine = achievement[achievement["ward_code"] == ward_code]

    with_target = figures[figures["target"].map(_present)]
    ordered = pd.concat([with_target, figures[~figures["target"].map(_present)]])
    rows = [
        Figure(
            name=f["indicator_name"],
            value=_value(f["value"], f["unit"], f["qualifier"]),
            target=vn.value_with_measure(f["target"], f["unit"]),
            percent=vn.percent(f["achieved_percent"]),
            band=f["band"] if _present(f["band"]) else None,
            extra=vn.value_with_measure(f["previous_value"], f["unit"]),
        )
        for f in ordered.to_dict("records")
    ]
    notes = []
    if len(rows) > MAX_FIGURES:
        notes.append(f"{len(rows) - MAX_FIGURES} số liệu khác không in ở đây")
    reached = int((with_target["band"] == "reached").sum())
    headline = [
        ("Số liệu trong báo cáo", vn.number(len(figures))),
        ("Chỉ tiêu đạt, vượt", f"{reached}/{len(with_target)}" if len(with_target) else "Chưa giao"),
    ]
    if not mine.empty and _present(mine.iloc[0]["achieved_percent"]):
        row = mine.iloc[0]
        own_label = f" · {SAMPLE_LABEL}" if bool(row["is_sample"]) else ""
        headline.append(("Mức đạt chỉ tiêu bình quân",
                          f"{vn.percent(row['achieved_percent'])} {status_text(row['band'])}{own_label}"))
        rank = int(achievement.index[achievement["ward_code"] == ward_code][0]) + 1
        # A rank among illustrative units says so (the honesty rule, README).
        illustrative = int(achievement["is_sample"].astype(bool).sum())
        ranked_with = f" ({illustrative} đơn vị là {SAMPLE_LABEL.lower()})" if illustrative else ""
        headline.append(("Thứ hạng (từ thấp lên)", f"{rank}/{len(achievement)} đơn vị{ranked_with}"))

    bars = [
        Bar(f["indicator_name"], float(f["achieved_percent"]), f["band"] if _present(f["band"]) else None)
        for f in with_target.to_dict("records")
        if _present(f["achieved_percent"])
    ]
    sections = [
        (label, [str(t) for t in findings.loc[findings["kind"] == kind].sort_values("position")["text"]])
        for kind, label in FINDING_SECTIONS
    ]
    document = ", ".join(
        part
        for part in (
            str(report["issuing_body"]) if _present(report["issuing_body"]) else "",
            f"số {report['document_number']}" if _present(report["document_number"]) else "",
            f"ngày {vn.date(report['document_date'])}" if _present(report["document_date"]) else "",
        )
        if part
    )
    source = f"Nguồn: {report['title'] or 'Báo cáo của đơn vị'}" + (f" — {document}" if document else "")
    source += f". Tệp gốc: {report['source_filename']}" if _present(report["source_filename"]) else ""
    source += f"; nhập vào bảng theo dõi ngày {vn.date(report['imported_at'])}"
    if int(report["versions"]) > 1:
        source += f" (phiên bản {int(report['version'])}/{int(report['versions'])})"
    return Brief(
        title=f"{unit['name']} · năm {year}",
        subtitle=f"{unit['province_name']} · mã đơn vị {ward_code} · {SUBJECT_LINE}",
        headline=headline,
        figures=rows[:MAX_FIGURES],
        figures_title="Số liệu chủ yếu so với chỉ tiêu",
        extra_heading=f"Năm {year - 1}",
        bars=bars[:MAX_BARS],
        chart_title="Mức đạt từng chỉ tiêu (% chỉ tiêu)",
        chart_empty="Đơn vị chưa được giao chỉ tiêu nào trong năm: chưa có gì để so sánh.",
        sections=sections,
        source=source + ".",
        generated_at=_now(now),
        is_sample=bool(report["is_sample"]),
        notes=notes,
    )


def province_brief(frames: Frames, province_code: int, year: int, *, now: dt.datetime | None = None) -> Brief:
    """A province's year: who has reported, the totals against the units' targets, the units
    furthest behind, and the strengths, limitations and recommendations most units share."""
    province = frames["province"]
    if province.empty:
        raise BriefUnavailable(f"Không có tỉnh, thành phố mã {province_code}.")
    name = province.iloc[0]["name"]
    summary = frames["summary"].iloc[0]
    reported, units, sample_reports = int(summary["reported"]), int(summary["units"]), int(summary["sample_reports"])
    if reported == 0:
        raise BriefUnavailable(f"Chưa có báo cáo nào của năm {year} cho {name}.")
    status = frames["status"]
    achievement = frames["achievement"]
    behind = frames["behind"]
    attention = attention_groups(frames["attention"])

    rows = [
        Figure(
            name=s["indicator_name"],
            value=vn.value_with_measure(s["value"], s["unit"]),
            target=vn.value_with_measure(s["target"], s["unit"]),
            percent=vn.percent(s["achieved_percent"]),
            band=s["band"] if _present(s["band"]) else None,
            extra=f"{int(s['units_reached'])}/{int(s['units_with_target'])}",
        )
        for s in status.to_dict("records")
    ]
    headline_figures = frames["headline"]
    notes = []
    if len(rows) > MAX_FIGURES:
        notes.append(f"{len(rows) - MAX_FIGURES} chỉ số khác không in ở đây")
    if not rows:  # no targets anywhere: show the totals themselves
        rows = [
            Figure(h["indicator_name"], vn.value_with_measure(h["value"], h["unit"]), vn.MISSING, vn.MISSING, None,
                   vn.change(h["change"], h["unit"]))
            for h in headline_figures.to_dict("records")
        ]
    headline = [
        ("Đơn vị đã báo cáo", f"{reported}/{units}"),
        ("Đơn vị chưa báo cáo", vn.number(units - reported)),
        ("Đơn vị có chỉ tiêu", vn.number(len(achievement))),
        ("Đơn vị chưa đạt (< 80 %)", f"{len(behind)} {STATUS['behind'][0]}"),
    ]
    lowest = achievement.head(10)
    bars = [Bar(a["ward_name"], float(a["achieved_percent"]), a["band"]) for a in lowest.to_dict("records")]
    sections = []
    for kind, label in FINDING_SECTIONS:
        themes = frames[f"themes_{kind}"]
        sections.append(
            (
                f"{label} nêu nhiều nhất",
                [f"{t['label']}: {t['units']} đơn vị nêu ({t['findings']} ý)." for t in themes.to_dict("records")
                 if t["units"] > 0],
            )
        )
    source = (
        f"Nguồn: {reported} báo cáo hiện hành năm {year} của các phường, xã, đặc khu thuộc {name}"
        + (f" ({sample_reports} báo cáo là {SAMPLE_LABEL.lower()})" if sample_reports else "")
        + ". Kết quả và chỉ tiêu cộng trên các đơn vị được giao chỉ tiêu (tỷ lệ: bình quân); "
        "vấn đề nhận ra theo từ khóa trong nhận định."
    )
    return Brief(
        title=f"{name} · năm {year}",
        subtitle=f"Mã tỉnh, thành phố {province_code} · {SUBJECT_LINE}",
        headline=headline,
        figures=rows[:MAX_FIGURES],
        figures_title="Kết quả toàn địa bàn so với chỉ tiêu giao các đơn vị",
        extra_heading="Đơn vị đạt",
        bars=bars,
        chart_title="10 đơn vị đạt thấp nhất (% chỉ tiêu)",
        chart_empty="Chưa đơn vị nào được giao chỉ tiêu trong năm.",
        sections=sections,
        source=source,
        generated_at=_now(now),
        is_sample=sample_reports > 0,
        notes=notes,
        attention=attention,
    )


# --------------------------------------------------------------------------- rendering

PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 10.0
INK = (33, 37, 41)
MUTED = (90, 96, 105)
RULE = (200, 205, 212)
SAMPLE_RGB = (156, 42, 0)


class _Page:
    """fpdf2 with the shipped font and the few drawing helpers the brief needs."""

    def __init__(self) -> None:
        pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        pdf.add_page()
        self.pdf = pdf
        self.truncated = False

    def font(self, size: float, bold: bool = False, color=INK) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def fit(self, text: str, width: float, max_lines: int) -> list[str]:
        """The lines `text` takes in `width`, at most `max_lines`; a cut ends in "…"."""
        text = unicodedata.normalize("NFC", " ".join(str(text).split()))
        if max_lines <= 0:
            self.truncated = self.truncated or bool(text)
            return []
        lines = self.pdf.multi_cell(width, 4, text, dry_run=True, output="LINES")
        if len(lines) <= max_lines:
            return lines
        self.truncated = True
        lines = lines[:max_lines]
        last = lines[-1].rstrip()
        while last and self.pdf.get_string_width(last + " …") > width - 1:
            last = last[:-1].rstrip()
        lines[-1] = (last.rstrip(",;:") + " …").strip()
        return lines

    def line_at(self, x: float, y: float, width: float, text: str, align: str = "L") -> None:
        self.pdf.set_xy(x, y)
        self.pdf.cell(width, 4, text, align=align)

    def one_line(self, x: float, y: float, width: float, text: str, align: str = "L") -> None:
        """A single line, cut with "…" if it does not fit."""
        self.line_at(x, y, width, (self.fit(text, width, 1) or [""])[0], align)


def _header(page: _Page, brief: Brief) -> float:
    pdf = page.pdf
    right = PAGE_W - MARGIN
    badge_w = 0.0
    if brief.is_sample:
        page.font(10, bold=True, color=(255, 255, 255))
        badge_w = pdf.get_string_width(f"⚠ {SAMPLE_LABEL}") + 6
        pdf.set_fill_color(*SAMPLE_RGB)
        pdf.set_xy(right - badge_w, MARGIN)
        pdf.cell(badge_w, 7, f"⚠ {SAMPLE_LABEL}", align="C", fill=True)
        page.font(7, color=SAMPLE_RGB)
        page.line_at(
            right - 90, MARGIN + 8, 90, "số liệu do chương trình tạo để trình diễn, không phải báo cáo thật", "R"
        )
    page.font(8, bold=True, color=MUTED)
    page.one_line(MARGIN, MARGIN, 150, "BẢN TÓM TẮT ĐỂ HỌP")
    page.font(17, bold=True)
    pdf.set_xy(MARGIN, MARGIN + 4)
    pdf.cell(PAGE_W - 2 * MARGIN - badge_w - 4, 9, page.fit(brief.title, PAGE_W - 2 * MARGIN - badge_w - 6, 1)[0])
    page.font(9, color=MUTED)
    page.one_line(MARGIN, MARGIN + 14, PAGE_W - 2 * MARGIN - 92, brief.subtitle)
    y = MARGIN + 20
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, y, right, y)
    return y + 2


def _headline(page: _Page, brief: Brief, y: float) -> float:
    items = brief.headline[:4]
    if not items:
        return y
    width = (PAGE_W - 2 * MARGIN) / len(items)
    for i, (label, value) in enumerate(items):
        x = MARGIN + i * width
        page.font(8, color=MUTED)
        page.one_line(x, y, width - 4, label)
        page.font(14, bold=True)
        page.pdf.set_xy(x, y + 4)
        page.pdf.cell(width - 4, 7, page.fit(value, width - 4, 1)[0])
    return y + 13


def _figures(page: _Page, brief: Brief, x: float, y: float, width: float, height: float) -> None:
    pdf = page.pdf
    page.font(10, bold=True)
    page.one_line(x, y, width, brief.figures_title)
    y += 6
    columns = [("Chỉ số", 0.0), ("Kết quả", 31.0), ("Chỉ tiêu", 29.0), ("Đạt", 14.0), ("Tình trạng", 22.0),
               (brief.extra_heading, 24.0)]
    columns[0] = (columns[0][0], width - sum(w for _, w in columns[1:]))
    row_h = min(5.6, (height - 12) / max(len(brief.figures), 1))
    page.font(7.5, bold=True, color=MUTED)
    cx = x
    for title, w in columns:
        page.one_line(cx, y, w - 1.5, title, "L" if cx == x else "R")
        cx += w
    y += 5
    pdf.set_draw_color(*RULE)
    pdf.line(x, y - 0.6, x + width, y - 0.6)
    if not brief.figures:
        page.font(8.5, color=MUTED)
        page.one_line(x, y + 1, width, "Báo cáo không có số liệu nào được nhận ra.")
    for f in brief.figures:
        symbol, words, rgb = STATUS.get(f.band or "", NO_TARGET)
        cells = [f.name, f.value, f.target, f.percent, f"{symbol} {words}", f.extra]
        cx = x
        for i, ((_, w), text) in enumerate(zip(columns, cells, strict=True)):
            page.font(7.5, bold=(i == 4 and f.band is not None), color=rgb if i == 4 else INK)
            page.one_line(cx, y + (row_h - 4) / 2, w - 1.5, text, "L" if i == 0 else "R")
            cx += w
        y += row_h
        pdf.line(x, y - 0.3, x + width, y - 0.3)
    if brief.notes:
        page.font(7, color=MUTED)
        page.one_line(x, y + 0.5, width, "; ".join(brief.notes) + f" ({SEE_DASHBOARD}).")


def _chart(page: _Page, brief: Brief, x: float, y: float, width: float, height: float) -> None:
    pdf = page.pdf
    page.font(10, bold=True)
    page.one_line(x, y, width, brief.chart_title)
    y += 7
    if not brief.bars:
        page.font(8.5, color=MUTED)
        for i, line in enumerate(page.fit(brief.chart_empty, width, 3)):
            page.line_at(x, y + 4 * i, width, line)
        return
    label_w, value_w = 31.0, 18.0
    plot_x, plot_w = x + label_w, width - label_w - value_w
    bottom = y + height - 18  # room for the axis labels and the legend
    step = min(6.0, (bottom - y) / len(brief.bars))
    bar_h = step * 0.62

    def at(percent: float) -> float:
        return plot_x + plot_w * min(max(percent, 0.0), CHART_MAX) / CHART_MAX

    pdf.set_draw_color(*RULE)
    for tick in (0, 50, 100, 150):
        pdf.set_line_width(0.2)
        pdf.line(at(tick), y - 1, at(tick), y + step * len(brief.bars))
        page.font(6.5, color=MUTED)
        page.line_at(at(tick) - 8, y + step * len(brief.bars) + 0.5, 16, f"{tick} %", "C")
    for i, bar in enumerate(brief.bars):
        top = y + i * step
        symbol, _, rgb = STATUS.get(bar.band or "", NO_TARGET)
        page.font(7)
        page.one_line(x, top + (bar_h - 4) / 2, label_w - 2, bar.label)
        pdf.set_fill_color(*rgb)
        pdf.rect(plot_x, top, max(at(bar.percent) - plot_x, 0.4), bar_h, style="F")
        page.font(7, bold=True, color=rgb)
        page.line_at(plot_x + plot_w + 1, top + (bar_h - 4) / 2, value_w - 1, f"{vn.percent(bar.percent)} {symbol}")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.5)
    pdf.line(at(100), y - 2, at(100), y + step * len(brief.bars) + 0.5)
    pdf.set_line_width(0.2)
    page.font(6.5, color=MUTED)
    legend = "  ".join(f"{s} {w}" for s, w, _ in STATUS.values())
    page.one_line(x, y + step * len(brief.bars) + 5, width, legend + "  · vạch đậm: 100 % chỉ tiêu")


LINE_H, ITEM_GAP = 4.0, 1.2


def _line_caps(needed: list[int], height: float) -> list[int]:
    """Lines per item in `height` mm: everything when it fits; otherwise the largest equal cap
    (at least 2 lines an item) that fits, dropping the last items when even that does not
    (keeping a line for "+ N ý khác")."""

    def cost(lines: list[int], dropped: bool) -> float:
        return sum(lines) * LINE_H + len(lines) * ITEM_GAP + (LINE_H if dropped else 0.0)

    for count in range(len(needed), 0, -1):
        items, dropped = needed[:count], count < len(needed)
        for cap in range(max(items), min(2, max(items)) - 1, -1):
            capped = [min(n, cap) for n in items]
            if cost(capped, dropped) <= height:
                return capped
    return []


def _section(page: _Page, title: str, items: list[str], x: float, y: float, width: float, height: float) -> None:
    page.font(10, bold=True)
    page.one_line(x, y, width, title)
    y += 6
    if not items:
        page.font(8.5, color=MUTED)
        page.one_line(x, y, width, "Báo cáo không nêu.")
        return
    page.font(8.5)
    needed = [len(page.pdf.multi_cell(width - 4, 4, " ".join(str(i).split()), dry_run=True, output="LINES"))
              for i in items]
    caps = _line_caps(needed, height - 6)
    for item, cap in zip(items, caps, strict=False):
        page.font(8.5)
        page.line_at(x, y, 4, "•")
        for line in page.fit(item, width - 4, cap):
            page.line_at(x + 4, y, width - 4, line)
            y += LINE_H
        y += ITEM_GAP
    if len(caps) < len(items):
        page.truncated = True
        page.font(8, color=MUTED)
        page.line_at(x + 4, y, width - 4, f"+ {len(items) - len(caps)} ý khác")


def _footer(page: _Page, brief: Brief) -> None:
    """Source (≤ 2 lines), then the truncation note and the time of extraction (4 lines in all)."""
    pdf = page.pdf
    y = PAGE_H - MARGIN - 16
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, y - 1.5, PAGE_W - MARGIN, y - 1.5)
    page.font(7.5, color=MUTED)
    width = PAGE_W - 2 * MARGIN
    source = page.fit(brief.source, width, 2)
    for i, line in enumerate(source):
        page.line_at(MARGIN, y + 4 * i, width, line)
    stamp = ""
    if page.truncated:
        stamp = f"Nội dung dài đã được rút gọn (…): {SEE_DASHBOARD}. "
    stamp += f"Trích xuất lúc {vn.datetime(brief.generated_at)} từ {PRODUCT}."
    if brief.is_sample:
        stamp += f" Có {SAMPLE_LABEL.lower()}: không dùng cho báo cáo chính thức."
    page.font(7.5, bold=page.truncated, color=MUTED)
    for i, line in enumerate(page.fit(stamp, width, 4 - len(source))):
        page.line_at(MARGIN, y + 4 * (len(source) + i), width, line)


def render_pdf(brief: Brief) -> bytes:
    """The brief on exactly one A4 landscape page."""
    page = _Page()
    y = _header(page, brief)
    y = _headline(page, brief, y)
    rows = max(len(brief.figures), len(brief.bars) * 6.0 / 5.4 + 3, 4)
    top_h = min(max(11 + rows * 5.6 + (5 if brief.notes else 2), 45.0), 84.0)
    left_w = 182.0
    _figures(page, brief, MARGIN, y, left_w, top_h)
    _chart(page, brief, MARGIN + left_w + 8, y, PAGE_W - 2 * MARGIN - left_w - 8, top_h)
    y += top_h + 2
    page.pdf.set_draw_color(*RULE)
    page.pdf.line(MARGIN, y - 1, PAGE_W - MARGIN, y - 1)
    bottom = PAGE_H - MARGIN - 19
    gap = 6.0
    col_w = (PAGE_W - 2 * MARGIN - 2 * gap) / 3
    for i, (title, items) in enumerate(brief.sections[:3]):
        _section(page, title, items, MARGIN + i * (col_w + gap), y + 1, col_w, bottom - y - 1)
    _footer(page, brief)
    assert page.pdf.pages_count == 1, "the brief must fit on one page"
    if brief.attention:
        _attention_pages(page, brief)
    return bytes(page.pdf.output())


def _attention_pages(page: _Page, brief: Brief) -> None:
    """The "Cần chú ý" table on the pages after the brief: one row per unit below 80 %, worst
    first; its lowest indicators and its own limitations, causes and recommendations as
    written (never cut). The heading row repeats on every page and a row is never split."""
    pdf = page.pdf
    pdf.set_auto_page_break(True, margin=MARGIN + 6)
    pdf.add_page()
    page.font(14, bold=True)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(0, 8, f"Cần chú ý: {len(brief.attention)} đơn vị chưa đạt (< 80 % chỉ tiêu), thấp nhất trước")
    page.font(8, color=MUTED)
    pdf.set_xy(MARGIN, MARGIN + 8)
    note = (f"{brief.title}. Chỉ tiêu đạt thấp nhất của đơn vị và nguyên văn hạn chế, nguyên nhân, kiến nghị "
            "đơn vị tự nêu trong báo cáo; câu gốc xem trên trang chi tiết đơn vị của bảng theo dõi.")
    if brief.is_sample:
        note += f" Có {SAMPLE_LABEL.lower()}."
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 4, note)
    pdf.ln(2)

    def bullets(rows: list[dict]) -> str:
        return "\n".join(f"• {' '.join(str(r['text']).split())}" for r in rows) or "Báo cáo không nêu."

    page.font(7.5)
    pdf.set_draw_color(*RULE)
    pdf.set_fill_color(255, 255, 255)  # the first page leaves its last fill colour behind
    with pdf.table(
        v_align="TOP",
        padding=1,
        col_widths=(38, 52, 62, 50, 75),
        repeat_headings=1,
        line_height=3.6,
        text_align="LEFT",
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD", color=MUTED, fill_color=(238, 241, 245)),
    ) as table:
        table.row(["Đơn vị", "Chỉ tiêu đạt thấp nhất", *(KIND_LABELS[k] for k in ATTENTION_KINDS)])
        for unit in brief.attention:
            symbol = STATUS.get(unit["band"] or "", NO_TARGET)[0]
            lows = "\n".join(
                f"• {r['text']}: {vn.value_with_measure(r['value'], r['measure'])} / "
                f"{vn.value_with_measure(r['target'], r['measure'])} ({vn.percent(r['achieved_percent'])})"
                for r in unit["indicator"]
            )
            name = f"{unit['ward_name']}\n{symbol} {vn.percent(unit['unit_percent'])} bình quân"
            if unit["is_sample"]:
                name += f"\n({SAMPLE_LABEL})"
            table.row([name, lows, *(bullets(unit[k]) for k in ATTENTION_KINDS)])


def unit_brief_pdf(frames: Frames, ward_code: int, year: int, *, now: dt.datetime | None = None) -> bytes:
    """PDF bytes of a unit's brief; raises BriefUnavailable with a Vietnamese message."""
    return render_pdf(unit_brief(frames, ward_code, year, now=now))


def province_brief_pdf(frames: Frames, province_code: int, year: int, *, now: dt.datetime | None = None) -> bytes:
    """PDF bytes of a province's brief; raises BriefUnavailable with a Vietnamese message."""
    return render_pdf(province_brief(frames, province_code, year, now=now))
