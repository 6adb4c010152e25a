"""targets-template, import-targets: the targets (chỉ tiêu giao) sheet staff fill in Excel.

import-targets checks every row first: a file with any bad row writes nothing and lists each
bad row with its number (exit code 1). A good file is saved in one transaction, audited as the
operator's job ("cli:<os user>"), and the command prints what changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import CommandError, add_codes_option, command, current_engine, user_errors
from data_access import queries
from data_access.config import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from data_access.reference import DEFAULT_SUBJECT
from data_access.security import system_actor
from data_access.targets import TargetsRefused, import_targets, template, template_xlsx
from domain import format as vn


def register(subparsers) -> None:
    parser = command(
        subparsers,
        _template,
        "targets-template",
        help="write the targets sheet (.xlsx) of a province and year to fill in",
        description="Ghi tệp mẫu chỉ tiêu giao: mỗi dòng một đơn vị × một chỉ tiêu, cột «Chỉ tiêu giao» để điền.",
    )
    parser.add_argument("--province", type=int, required=True, metavar="CODE", help="province code, e.g. 31")
    parser.add_argument("--year", type=int, required=True, help="the year of the targets")
    parser.add_argument("--subject", default=DEFAULT_SUBJECT, metavar="CODE", help="subject code (default KL62)")
    add_codes_option(parser, "--unit", "only this unit (repeatable); default: every unit of the province")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the file to write")

    parser = command(
        subparsers,
        _import,
        "import-targets",
        help="import a filled targets sheet (.xlsx or .csv)",
        description="Nhập tệp chỉ tiêu giao (.xlsx, hoặc .csv UTF-8 phân cách bằng ; hoặc ,). "
        "Có dòng sai thì không lưu gì.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--dry-run", action="store_true", help="check and show the changes, write nothing")


@user_errors
def _template(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise CommandError("Tệp mẫu phải có đuôi .xlsx (ví dụ: chi-tieu-2025.xlsx).")
    engine = current_engine(args)
    if queries.province(engine, args.province).empty:
        raise CommandError(f"Không có tỉnh, thành phố mã {args.province}.")
    sheet = template(engine, args.province, args.year, args.subject, args.unit)
    if sheet.empty:
        raise CommandError(
            f"Không có dòng nào: kiểm tra chủ đề «{args.subject}» (có chỉ tiêu nào không) và mã đơn vị đã cho."
        )
    output.write_bytes(template_xlsx(sheet))
    units = sheet["Mã đơn vị"].nunique()
    filled = int(sheet["Chỉ tiêu giao"].notna().sum())
    print(
        f"Đã ghi {output}: {len(sheet)} dòng ({units} đơn vị × {len(sheet) // units} chỉ tiêu), "
        f"{filled} dòng đã có chỉ tiêu giao."
    )
    return 0


@user_errors
def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp «{args.file}».")
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        raise CommandError(f"Tệp «{path.name}» lớn hơn {MAX_UPLOAD_MB} MB.")
    engine = current_engine(args)
    try:
        plan = import_targets(engine, path.read_bytes(), path.name, actor=system_actor(), dry_run=args.dry_run)
    except TargetsRefused as exc:
        print(str(exc))
        return 1
    for change in plan.changes:
        if change.status == "unchanged":
            continue
        before = "chưa có" if change.before is None else vn.value_with_measure(change.before, change.unit)
        if change.before_is_sample:
            before += " (minh họa)"
        label = "MỚI " if change.status == "new" else "ĐỔI "
        print(
            f"{label} {change.ward_name} ({change.ward_code}), {change.indicator_name}, năm {change.year}: "
            f"{before} → {vn.value_with_measure(change.after, change.unit)}"
        )
    done = "chạy thử, chưa ghi gì" if args.dry_run else "đã lưu"
    print(f"Tổng cộng {len(plan.changes)} chỉ tiêu: {plan.summary} ({done}).")
    return 0
