"""brief: the one-page PDF brief of a unit or a province for a year, for a batch before a meeting.

python manage.py brief --unit 10525 --year 2025 -o hai-duong.pdf
python manage.py brief --province 31 --year 2025 -o hai-phong.pdf
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cli.common import CommandError, command, current_engine, user_errors
from data_access import extracts
from exports.brief import BriefUnavailable, province_brief, render_pdf, unit_brief
from exports.naming import file_name


def register(subparsers) -> None:
    parser = command(
        subparsers,
        _brief,
        "brief",
        help="write the one-page PDF brief (A4 landscape) of a unit or a province for a year",
        description="Bản tóm tắt một trang (PDF, A4 ngang) của một đơn vị hoặc một tỉnh, thành phố trong một năm.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", type=int, metavar="CODE", help="official code of the ward/commune (e.g. 10525)")
    which.add_argument("--province", type=int, metavar="CODE", help="official code of the province (e.g. 31)")
    parser.add_argument("--year", type=int, required=True, help="year of the reports (e.g. 2025)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="PDF file to write; default: an ASCII name with the filters and today's date, in the current folder",
    )


@user_errors
def _brief(args) -> int:
    engine = current_engine(args)
    try:
        if args.unit is not None:
            frames = extracts.unit(engine, args.unit, args.year)
            brief = unit_brief(frames, args.unit, args.year)
            unit = frames["unit"].iloc[0]
            default = file_name("tom-tat", unit["province_name"], args.year, unit["name"], "pdf")
        else:
            frames = extracts.province(engine, args.province, args.year)
            brief = province_brief(frames, args.province, args.year)
            default = file_name("tom-tat", frames["province"].iloc[0]["name"], args.year, ext="pdf")
    except BriefUnavailable as exc:
        raise CommandError(str(exc)) from exc
    output = args.output or Path(default)
    if output.parent and not output.parent.is_dir():
        raise CommandError(f"Không có thư mục «{output.parent}» để ghi tệp.")
    try:
        output.write_bytes(render_pdf(brief))
    except OSError as exc:
        raise CommandError(f"Không ghi được tệp «{output}»: {exc.strerror}.") from exc
    print(f"Đã ghi bản tóm tắt «{brief.title}» vào {output} ({dt.datetime.now():%d/%m/%Y %H:%M}).")
    return 0
