"""Deterministic illustrative reports, targets and findings (pure Python, no database).

Every row this module makes is illustrative ("Dữ liệu minh họa") and is flagged `is_sample`.
The same seed, unit and year always give the same report, whatever other units are generated
alongside, so the Hải Phòng demo and the national benchmark agree on the units they share.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

SEED = 62

# Indicators that units are given a target for, and how a unit's base size scales them.
# (code, per-size base value, is_percent)
INDICATOR_PROFILES: dict[str, tuple[float, bool]] = {
    "party_cells": (0.017, False),
    "party_members": (1.0, False),
    "emergency_support_households": (0.004, False),
    "gift_packages": (0.28, False),
    "gift_value": (130_000.0, False),
    "poor_fund": (95_000.0, False),
    "disaster_relief": (260_000.0, False),
    "voter_attendances": (0.75, False),
    "citizen_receptions": (0.0025, False),
    "direct_dialogues": (0.0008, False),
    "great_unity_houses": (0.0018, False),
    "poor_households_rate": (1.8, True),
    "cultural_areas_rate": (88.0, True),
    "new_members": (0.07, False),
    "membership_rate": (76.0, True),
    "mediation_cases": (0.006, False),
    "self_managed_models": (0.0035, False),
    "trained_cadres": (0.06, False),
    "digital_skills_rate": (55.0, True),
    "front_committee_members": (0.045, False),
    "dan_van_kheo_models": (0.0022, False),
    "voter_petitions": (0.018, False),
    "petitions_resolved_rate": (86.0, True),
    "party_building_comments": (0.03, False),
    "supervision_sessions": (0.0025, False),
    "social_critique_conferences": (0.0009, False),
    "strong_organisations_rate": (72.0, True),
    "online_groups": (0.009, False),
    "dissemination_conferences": (0.0028, False),
    "dissemination_attendees": (0.9, False),
    "party_inspections": (0.0016, False),
}
TARGETED = (
    "poor_fund",
    "great_unity_houses",
    "new_members",
    "membership_rate",
    "cultural_areas_rate",
    "trained_cadres",
    "digital_skills_rate",
    "petitions_resolved_rate",
    "supervision_sessions",
    "strong_organisations_rate",
    "dan_van_kheo_models",
    "poor_households_rate",
)
LOWER_IS_BETTER = {"poor_households_rate"}
MONEY = {"gift_value", "poor_fund", "disaster_relief"}

# Fragments of the genre's vocabulary; sentences are assembled from an opening, a theme and a
# closing so that the same theme recurs in different words across units.
THEME_PHRASES = {
    "funding": [
        "kinh phí hoạt động của Mặt trận, đoàn thể cơ sở còn hạn hẹp",
        "nguồn lực hỗ trợ các cuộc vận động ở tổ dân phố còn hạn chế",
        "kinh phí xây dựng mô hình điểm chủ yếu lồng ghép, chưa được bố trí riêng",
    ],
    "allowances": [
        "chế độ phụ cấp đối với chi hội trưởng, Ban Công tác Mặt trận còn thấp",
        "phụ cấp của cán bộ không chuyên trách chưa tương xứng với khối lượng công việc",
    ],
    "digital": [
        "kỹ năng số của một bộ phận cán bộ cơ sở chưa đáp ứng yêu cầu",
        "ứng dụng chuyển đổi số trong tuyên truyền, vận động còn lúng túng",
        "việc sử dụng nền tảng số để tập hợp đoàn viên, hội viên chưa đồng đều",
    ],
    "concurrent_posts": [
        "nhiều cán bộ cơ sở kiêm nhiệm nhiều việc nên thời gian dành cho công tác vận động còn ít",
    ],
    "supervision": [
        "chất lượng giám sát, phản biện xã hội có nội dung chưa sâu",
        "hoạt động giám sát của Mặt trận ở một số lĩnh vực còn hình thức",
    ],
    "youth": [
        "việc thu hút người trẻ, lao động tự do tham gia sinh hoạt đoàn thể còn khó khăn",
        "thanh niên đi làm ăn xa nhiều nên việc tập hợp đoàn viên chưa ổn định",
    ],
    "urbanisation": [
        "quá trình đô thị hóa nhanh làm phát sinh nhiều vấn đề về trật tự xây dựng, môi trường",
        "biến động dân cư, lao động làm khó khăn cho việc nắm bắt tình hình",
    ],
    "coordination": [
        "công tác phối hợp giữa chính quyền với Mặt trận, đoàn thể có lúc chưa chặt chẽ",
        "quy chế phối hợp được thực hiện nghiêm, phát huy sức mạnh của hệ thống chính trị",
    ],
    "meeting_content": [
        "nội dung sinh hoạt chi hội, tổ hội ở một số nơi còn đơn điệu, chưa hấp dẫn",
    ],
    "role_models": [
        "việc phát hiện, nhân rộng điển hình tiên tiến, mô hình hay còn chậm",
        "các mô hình dân vận khéo được duy trì, nhân rộng có hiệu quả",
    ],
    "public_opinion": [
        "công tác nắm bắt dư luận xã hội có lúc chưa kịp thời",
    ],
    "training": [
        "công tác đào tạo, bồi dưỡng, tập huấn nghiệp vụ cho cán bộ Mặt trận được quan tâm",
        "cần tổ chức thêm các lớp tập huấn kỹ năng vận động Nhân dân cho cán bộ cơ sở",
    ],
}
THEME_TASK_AREA = {
    "funding": "organisation",
    "allowances": "organisation",
    "digital": "grassroots",
    "concurrent_posts": "organisation",
    "supervision": "grassroots",
    "youth": "gathering",
    "urbanisation": "gathering",
    "coordination": "government_mobilisation",
    "meeting_content": "grassroots",
    "role_models": "campaigns",
    "public_opinion": "gathering",
    "training": "organisation",
}
POSITIVE_THEMES = ["coordination", "role_models", "training"]
NEGATIVE_THEMES = [t for t in THEME_PHRASES if t not in ("training",)]

OPENINGS = {
    "advantage": ["Thuận lợi cơ bản là", "Địa phương có thuận lợi là", "Về thuận lợi,"],
    "difficulty": ["Khó khăn chủ yếu là", "Bên cạnh đó,", "Khó khăn là"],
    "strength": ["Ưu điểm nổi bật là", "Qua triển khai,", "Kết quả tích cực là"],
    "limitation": ["Hạn chế là", "Tuy nhiên,", "Còn tồn tại:"],
    "cause": ["Nguyên nhân chủ yếu là do", "Nguyên nhân là", "Một phần do"],
    "lesson": ["Thứ nhất, cần", "Thứ hai, phải", "Thứ ba, cần", "Thứ tư, phải", "Thứ năm, chú trọng"],
    "task": ["Tiếp tục", "Đẩy mạnh", "Nâng cao chất lượng", "Tăng cường", "Chú trọng"],
    "recommendation": ["Đề nghị cấp trên", "Kiến nghị Thành ủy", "Đề xuất", "Đề nghị quan tâm"],
}
POSITIVE_BODIES = {
    "advantage": [
        "sự quan tâm lãnh đạo, chỉ đạo thường xuyên của cấp ủy cấp trên và sự đồng thuận của Nhân dân",
        "đội ngũ cán bộ Mặt trận, đoàn thể nhiệt tình, trách nhiệm, bám sát cơ sở",
        "Nhân dân có truyền thống đoàn kết, tích cực hưởng ứng các phong trào thi đua",
    ],
    "strength": [
        "nhận thức, trách nhiệm của cấp ủy, chính quyền đối với công tác Mặt trận được nâng lên",
        "các cuộc vận động, phong trào thi đua được triển khai thiết thực, hướng về cơ sở",
        "vai trò đại diện, chăm lo, bảo vệ quyền và lợi ích hợp pháp của Nhân dân được phát huy",
    ],
    "lesson": [
        "tăng cường sự lãnh đạo toàn diện, trực tiếp của cấp ủy đối với Mặt trận và các đoàn thể",
        "phát huy vai trò chủ động, sáng tạo của Mặt trận trong đổi mới nội dung, phương thức hoạt động",
        "gắn mọi hoạt động với lợi ích hợp pháp, chính đáng và nhu cầu thiết thực của Nhân dân",
        "nâng cao hiệu quả phối hợp giữa Mặt trận với chính quyền và các tổ chức thành viên",
        "xây dựng đội ngũ cán bộ Mặt trận có phẩm chất, năng lực, uy tín",
    ],
    "task": [
        "quán triệt sâu sắc Kết luận số 62-KL/TW và các chủ trương mới về công tác dân vận",
        "đổi mới nội dung, phương thức hoạt động theo hướng thiết thực, lấy Nhân dân làm trung tâm",
        "đẩy mạnh ứng dụng chuyển đổi số trong tuyên truyền, vận động đoàn viên, hội viên",
        "nâng cao chất lượng giám sát, phản biện xã hội và góp ý xây dựng Đảng, chính quyền",
        "kiện toàn tổ chức, nâng cao chất lượng đội ngũ cán bộ Mặt trận, đoàn thể cơ sở",
        "thực hiện hiệu quả quy chế dân chủ ở cơ sở, duy trì đối thoại trực tiếp với Nhân dân",
        "sơ kết, tổng kết, nhân rộng điển hình tiên tiến, mô hình hay trong công tác Mặt trận",
    ],
    "recommendation": [
        "quan tâm bố trí kinh phí hoạt động cho Mặt trận và các đoàn thể cấp cơ sở",
        "nâng mức phụ cấp đối với Ban Công tác Mặt trận, chi hội trưởng ở tổ dân phố, thôn",
        "tổ chức các lớp tập huấn chuyên sâu về kỹ năng số, kỹ năng tuyên truyền trên mạng xã hội",
        "sớm ban hành hướng dẫn về cơ chế phối hợp sau khi sắp xếp chính quyền địa phương hai cấp",
    ],
}
CLOSINGS = [
    "",
    " ở một số tổ dân phố",
    " trong năm qua",
    ", cần tiếp tục quan tâm khắc phục",
    " so với yêu cầu nhiệm vụ",
]


@dataclass
class IllustrativeReport:
    ward_code: int
    year: int
    title: str
    issuing_body: str
    document_number: str
    document_date: dt.date
    figures: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in (seed, *parts)))


# Units with a real report: their illustrative history is sized on the real figures
# (phường Hải Dương reports 4.226 Party members for 2025).
KNOWN_SIZES = {10525: 4100.0}


def unit_size(ward_code: int, kind: str, seed: int = SEED) -> float:
    """A stable 'size' (roughly the number of Party members) for a unit."""
    if ward_code in KNOWN_SIZES:
        return KNOWN_SIZES[ward_code]
    base = {"phường": 2600.0, "xã": 1500.0, "đặc khu": 1100.0}.get(kind, 1500.0)
    return base * _rng(seed, "size", ward_code).uniform(0.55, 1.6)


def unit_performance(ward_code: int, seed: int = SEED) -> float:
    """How well a unit meets its targets: a few far behind, most near, some above."""
    draw = _rng(seed, "performance", ward_code).random()
    if draw < 0.08:
        return 0.55 + draw * 2.5  # 0.55-0.75
    if draw < 0.78:
        return 0.86 + (draw - 0.08) * 0.25  # 0.86-1.035
    return 1.03 + (draw - 0.78) * 0.9  # 1.03-1.23


def has_report(ward_code: int, year: int, seed: int = SEED) -> bool:
    # More units are late for the latest year: reports are still arriving.
    missing_share = 0.16 if year >= 2025 else 0.06
    return _rng(seed, "reported", ward_code, year).random() >= missing_share


def _round_figure(value: float, is_percent: bool, money: bool) -> float:
    if is_percent:
        return round(min(value, 100.0), 1)
    if money:
        return float(round(value / 1_000_000) * 1_000_000)
    return float(max(0, round(value)))


def target_value(code: str, ward_code: int, kind: str, year: int, seed: int = SEED) -> float:
    base, is_percent = INDICATOR_PROFILES[code]
    growth = 1 + 0.04 * (year - 2021)
    if is_percent:
        value = (
            base * (1.0 + 0.01 * (year - 2021)) if code not in LOWER_IS_BETTER else base * (1 - 0.08 * (year - 2021))
        )
        return round(min(value, 99.0), 1)
    return _round_figure(base * unit_size(ward_code, kind, seed) * growth, False, code in MONEY) or 1.0


def targets_for(ward_code: int, kind: str, year: int, seed: int = SEED) -> list[dict]:
    return [
        {"indicator_code": code, "target_value": target_value(code, ward_code, kind, year, seed)}
        for code in TARGETED
    ]


def _figure_sentence(name: str, value: float, unit: str, year: int) -> str:
    if unit == "đồng":
        shown = f"{value / 1_000_000:,.0f}".replace(",", ".") + " triệu đồng"
    elif unit == "%":
        shown = f"{value:.1f}".replace(".", ",") + " %"
    else:
        shown = f"{value:,.0f}".replace(",", ".") + f" {unit}"
    return f"Năm {year}, {name[0].lower() + name[1:]}: {shown}."


def _findings(rng: random.Random, per_report: int, ward_name: str) -> list[dict]:
    # Share of each kind in a report, in the genre's usual proportions.
    plan = {
        "advantage": 1,
        "difficulty": 1,
        "strength": 2,
        "limitation": 3,
        "cause": 1,
        "lesson": 4,
        "task": 6,
        "recommendation": 2,
    }
    scale = per_report / sum(plan.values())
    findings: list[dict] = []
    for kind, count in plan.items():
        n = max(1, round(count * scale + rng.uniform(-0.6, 0.6)))
        for position in range(1, n + 1):
            text, theme = _finding_text(rng, kind, position, ward_name)
            findings.append(
                {
                    "kind": kind,
                    "position": position,
                    "text": text,
                    "task_area_code": THEME_TASK_AREA.get(theme)
                    if kind in ("limitation", "task", "recommendation")
                    else None,
                }
            )
    return findings


def _finding_text(rng: random.Random, kind: str, position: int, ward_name: str) -> tuple[str, str | None]:
    openings = OPENINGS[kind]
    opening = openings[(position - 1) % len(openings)] if kind == "lesson" else rng.choice(openings)
    if kind in ("difficulty", "limitation", "cause"):
        theme = rng.choice(NEGATIVE_THEMES)
        body = rng.choice(THEME_PHRASES[theme])
    elif kind in ("recommendation",) and rng.random() < 0.5:
        theme = rng.choice(["funding", "allowances", "digital", "training"])
        body = "quan tâm giải quyết tình trạng " + rng.choice(THEME_PHRASES[theme])
    else:
        theme = rng.choice(POSITIVE_THEMES) if kind == "strength" and rng.random() < 0.4 else None
        body = (
            rng.choice(THEME_PHRASES[theme])
            if theme
            else rng.choice(POSITIVE_BODIES.get(kind) or POSITIVE_BODIES["strength"])
        )
    closing = rng.choice(CLOSINGS) if kind in ("limitation", "difficulty") else ""
    if kind == "task" and rng.random() < 0.3:
        closing = f" trên địa bàn {ward_name.lower()}"
    return f"{opening} {body}{closing}.", theme


def generate_report(
    ward_code: int,
    ward_name: str,
    kind: str,
    year: int,
    *,
    seed: int = SEED,
    findings_per_report: int = 20,
    indicator_codes: list[str] | None = None,
) -> IllustrativeReport | None:
    """The illustrative report of a unit for a year, or None when the unit 'did not report'."""
    if not has_report(ward_code, year, seed):
        return None
    rng = _rng(seed, "report", ward_code, year)
    size = unit_size(ward_code, kind, seed)
    performance = unit_performance(ward_code, seed)
    names = indicator_codes or list(INDICATOR_PROFILES)
    figures = []
    for position, code in enumerate(names, start=1):
        base, is_percent = INDICATOR_PROFILES[code]
        if code in TARGETED:
            target = target_value(code, ward_code, kind, year, seed)
            ratio = performance * rng.uniform(0.93, 1.07)
            value = target / ratio if code in LOWER_IS_BETTER else target * ratio
        elif is_percent:
            value = base * rng.uniform(0.85, 1.1)
        else:
            value = base * size * (1 + 0.03 * (year - 2021)) * rng.uniform(0.85, 1.15)
        figures.append(
            {
                "indicator_code": code,
                "value": _round_figure(value, is_percent, code in MONEY),
                "position": position,
            }
        )
    number = rng.randint(20, 180)
    return IllustrativeReport(
        ward_code=ward_code,
        year=year,
        title=f"Báo cáo kết quả thực hiện Kết luận số 62-KL/TW năm {year}",
        issuing_body=f"Ban Thường vụ Đảng ủy {ward_name[0].lower() + ward_name[1:]}",
        document_number=f"{number}-BC/ĐU",
        document_date=dt.date(year, 12, 1) + dt.timedelta(days=rng.randint(0, 45)),
        figures=figures,
        findings=_findings(rng, findings_per_report, ward_name),
    )


def figure_excerpt(indicator_name: str, value: float, unit: str, year: int) -> str:
    return _figure_sentence(indicator_name, value, unit, year)
