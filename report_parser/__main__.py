"""``python -m report_parser FILE``: print the parsed report as JSON (UTF-8) to stdout."""

from __future__ import annotations

import argparse
import json
import sys

from . import DEFAULT_MAX_BYTES, ReportReadError, parse_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m report_parser",
        description="Đọc báo cáo (.txt, .docx, .pdf) và in kết quả dạng JSON.",
    )
    parser.add_argument("file", help="tệp báo cáo")
    parser.add_argument(
        "--max-mb", type=float, default=DEFAULT_MAX_BYTES / (1024 * 1024), help="giới hạn dung lượng (MB)"
    )
    args = parser.parse_args(argv)
    try:
        # A path argument: never read as text even if it contained a line break.
        from pathlib import Path

        report = parse_report(Path(args.file), max_bytes=int(args.max_mb * 1024 * 1024))
    except ReportReadError as exc:
        print(f"Lỗi: {exc.message_vi}".replace("\n", " "), file=sys.stderr)
        return 1
    out = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    sys.stdout.buffer.write(out.encode("utf-8") + b"\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
