"""The parser's output types. Plain dataclasses; ``to_dict`` gives JSON-ready values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from domain import vocabulary

__all__ = ["ReportReadError", "Metadata", "Figure", "Finding", "ParsedReport", "FINDING_KINDS", "TASK_AREAS"]

FINDING_KINDS = vocabulary.FINDING_KINDS

TASK_AREAS = (
    "dissemination",
    "inspection",
    "awareness",
    "campaigns",
    "gathering",
    "organisation",
    "government_mobilisation",
    "party_leadership",
    "grassroots",
)


class ReportReadError(Exception):
    """The one error ``parse_*`` raise: the file or text cannot be read as a report.

    ``message_vi`` (also ``str(error)``) is a one-line Vietnamese message for the user.
    """

    def __init__(self, message_vi: str):
        super().__init__(message_vi)
        self.message_vi = message_vi


@dataclass
class Metadata:
    issuing_body: str | None = None
    unit_name: str | None = None
    unit_code: int | None = None
    province_code: int | None = None
    document_number: str | None = None
    document_date: dt.date | None = None
    year: int | None = None
    title: str | None = None
    full_title: str | None = None
    subject: str | None = None
    source_file: str | None = None
    # ``subject`` is the code of the resolution or conclusion the report is about ("KL62", "NQ25",
    # "CT05", ...); subject_text is how the text names it ("Kết luận số 62-KL/TW").
    subject_text: str | None = None
    # "commune" (phường, xã, đặc khu, thị trấn), "district", "province" or None when not told.
    # A district or province report is not a ward's report and must not be forced onto a ward.
    unit_level: str | None = None
    # A unit that no longer exists after 1 July 2025, as written ("Xã Thạch Điền, huyện Thạch Hà"),
    # and the official 2025 codes of the unit(s) that took its place.
    former_unit_name: str | None = None
    successor_codes: list[int] = field(default_factory=list)


@dataclass
class Figure:
    value: int | float
    unit: str
    qualifier: str | None
    text: str
    sentence: str
    task_area: str | None
    indicator: str | None = None
    # Plan/actual pairs and ratios: "18/29 chỉ tiêu" -> value 18, target 29.
    target: int | float | None = None
    # "đạt 94,5% kế hoạch": value 94.5, unit "%", and the percentage is of a plan or target.
    percent_of_target: bool = False
    # Ranges "10-12%": value is the low end, value_max the high end.
    value_max: int | float | None = None
    # A planned, target or projected figure ("phấn đấu … trên 10%", "chỉ tiêu nhiệm kỳ"), not a result.
    is_target: bool = False


@dataclass
class Finding:
    kind: str
    task_area: str | None
    order: int
    text: str


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


@dataclass
class ParsedReport:
    metadata: Metadata
    figures: list[Figure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with exactly the keys metadata, figures, findings, warnings."""
        return {
            "metadata": _jsonable(dataclasses.asdict(self.metadata)),
            "figures": [_jsonable(dataclasses.asdict(f)) for f in self.figures],
            "findings": [_jsonable(dataclasses.asdict(f)) for f in self.findings],
            "warnings": list(self.warnings),
        }
