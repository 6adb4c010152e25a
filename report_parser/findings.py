"""Findings: the paragraphs of the sections that hold them (thuận lợi … kiến nghị)."""

from __future__ import annotations

from .model import FINDING_KINDS, Finding
from .sections import Block

__all__ = ["extract_findings"]

_SECTION_KINDS = {"tasks": "task", "recommendations": "recommendation"}


def _kind_of(block: Block) -> str | None:
    if block.section in _SECTION_KINDS:
        return _SECTION_KINDS[block.section]
    if block.section in ("context", "assessment") and block.sub in FINDING_KINDS:
        return block.sub
    return None


def extract_findings(blocks: list[Block]) -> list[Finding]:
    """One finding per paragraph or list item, list markers removed, numbered per kind."""
    findings: list[Finding] = []
    counts: dict[str, int] = {}
    for block in blocks:
        kind = _kind_of(block)
        if kind is None:
            continue
        text = block.body.strip()
        # "Qua quá trình ..., như sau:" and "..., cần tập trung ... sau:" introduce a list.
        if not text or text.endswith(":"):
            continue
        counts[kind] = counts.get(kind, 0) + 1
        # Findings of IV and part two are about the whole report, not one task area.
        findings.append(Finding(kind=kind, task_area=None, order=counts[kind], text=text))
    return findings
