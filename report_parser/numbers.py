"""Reading numbers written the Vietnamese way: "4.226", "2782", "1,7 tỷ", "2.941,86", "08"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["read_number", "read_decimal", "scaled", "NUMBER_PATTERN", "SCALE_PATTERN", "SCALES", "to_plain"]

# "." groups thousands and "," marks decimals; the grouping is often left out ("2782").
# Digit runs are bounded (at most 18 digits, 6 decimals): a longer run is not a quantity a
# report states (image-file names, identifiers), and a bounded pattern keeps the reader
# linear in the length of a paragraph and clear of Python's int-conversion limit.
NUMBER_PATTERN = r"\d{1,3}(?:\.\d{3}){1,5}(?:,\d{1,6})?|\d{1,15}(?:,\d{1,6})?"

SCALES: dict[str, int] = {
    "nghìn": 10**3,
    "ngàn": 10**3,
    "triệu": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
}
SCALE_PATTERN = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)"

_FULL_RE = re.compile(
    rf"^\s*(?P<num>{NUMBER_PATTERN}|\d{{1,15}}\.\d{{1,6}})\s*(?P<scales>(?:{SCALE_PATTERN}\s*)*)$",
    re.IGNORECASE,
)


def _to_decimal(digits: str) -> Decimal:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits) or "." not in digits:
        return Decimal(digits.replace(".", "").replace(",", "."))
    # "1.5" cannot be a thousands group: read the dot as a decimal point, as written.
    return Decimal(digits)


def to_plain(value: Decimal) -> int | float:
    """int when whole, else float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def read_decimal(text: str) -> Decimal:
    """Like :func:`read_number` but exact."""
    match = _FULL_RE.match(text.strip())
    if not match:
        raise ValueError(f"Không đọc được số: {text[:40]!r}")
    try:
        value = _to_decimal(match.group("num"))
    except InvalidOperation as exc:  # pragma: no cover - the pattern only lets digits through
        raise ValueError(f"Không đọc được số: {text[:40]!r}") from exc
    return scaled(value, match.group("scales"))


def scaled(value: Decimal, scale_text: str) -> Decimal:
    """`value` times each scale word of `scale_text`: ("1,7", "tỷ") -> 1.700.000.000."""
    for word in re.findall(SCALE_PATTERN, scale_text, flags=re.IGNORECASE):
        value *= SCALES[word.lower()]
    return value


def read_number(text: str) -> int | float:
    """Read a number written the Vietnamese way, with an optional scale word.

    >>> read_number("4.226"), read_number("2782"), read_number("08")
    (4226, 2782, 8)
    >>> read_number("1,7 tỷ"), read_number("2.941,86"), read_number("1.700 triệu")
    (1700000000, 2941.86, 1700000000)

    Returns an int when the value is whole, else a float. Raises ValueError otherwise.
    """
    return to_plain(read_decimal(text))
