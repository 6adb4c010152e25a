"""Page-wide style helpers: missing text cells shown empty (not a grey "None"), the local
favicon, the print footer's URL as a CSS string."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ui import style


def test_missing_text_cells_are_blank_and_numbers_keep_their_type():
    frame = pd.DataFrame({
        "Đơn vị": ["Phường Hải Dương", None],
        "Lĩnh vực": [None, "Chung"],
        "Giá trị": [4226.0, None],
        "Năm": [2025, 2025],
    })
    shown = style.blank_missing(frame)
    assert list(shown["Đơn vị"]) == ["Phường Hải Dương", ""]
    assert list(shown["Lĩnh vực"]) == ["", "Chung"]
    assert pd.api.types.is_float_dtype(shown["Giá trị"]) and pd.isna(shown["Giá trị"].iloc[1])
    assert list(shown["Năm"]) == [2025, 2025]
    assert frame["Đơn vị"].isna().iloc[1]  # the caller's frame is left alone


def test_favicon_is_a_local_png():
    path = Path(style.FAVICON)
    assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_print_url_is_a_safe_css_string():
    text = style._css_string('http://host/?a="b"\\c')
    assert text.startswith('"') and text.endswith('"') and '\\"b\\"' in text
