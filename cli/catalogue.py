"""add-subject, import-indicators, retire-indicator, list-subjects: the subjects a province
follows (Kết luận 62, Nghị quyết 25, its own programmes) and their indicators.

Run by the operator on the server, as the trusted `system` actor ("cli:<os user>" in the
audit trail), like the account commands.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import CommandError, command, current_engine, user_errors
from data_access import catalogue
from data_access.security import system_actor


def register(subparsers) -> None:
    parser = command(
        subparsers, _add_subject, "add-subject", help="add a subject (a conclusion or resolution) to follow"
    )
    parser.add_argument("code", help="short code, e.g. NQ25")
    parser.add_argument("--name", required=True, help='its title, e.g. "Nghị quyết số 25-NQ/TW ngày 03/6/2013 ..."')

    parser = command(
        subparsers,
        _import_indicators,
        "import-indicators",
        help="add or update indicators from a CSV (columns as sample_data/indicators.csv)",
        description="Thêm hoặc sửa chỉ tiêu từ tệp CSV UTF-8 với các cột code, name, unit, task_area, "
        "higher_is_better, aggregation, keywords (từ khóa cách nhau bằng |) và subject (hoặc --subject).",
    )
    parser.add_argument("file", metavar="FILE.csv")
    parser.add_argument("--subject", default=None, metavar="CODE", help="every row belongs to this subject")
    parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    parser = command(subparsers, _retire, "retire-indicator", help="stop following an indicator (its history stays)")
    parser.add_argument("code")
    parser.add_argument("--restore", action="store_true", help="follow it again")

    parser = command(subparsers, _list, "list-subjects", help="list the subjects and how many indicators each has")


@user_errors
def _add_subject(args: argparse.Namespace) -> int:
    catalogue.add_subject(current_engine(args), actor=system_actor(), code=args.code, name=args.name)
    print(f"Đã thêm chủ đề {args.code}: {args.name}")
    return 0


@user_errors
def _import_indicators(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp «{args.file}».")
    try:
        counts = catalogue.import_indicators(
            current_engine(args),
            path.read_bytes(),
            path.name,
            actor=system_actor(),
            subject=args.subject,
            dry_run=args.dry_run,
        )
    except catalogue.CatalogueRefused as exc:
        print(str(exc))
        return 1
    done = "chạy thử, chưa ghi gì" if args.dry_run else "đã lưu"
    print(f"Chỉ tiêu: {counts['new']} mới, {counts['changed']} thay đổi, {counts['unchanged']} không đổi ({done}).")
    return 0


@user_errors
def _retire(args: argparse.Namespace) -> int:
    catalogue.retire_indicator(current_engine(args), actor=system_actor(), code=args.code, retired=not args.restore)
    print(f"Đã {'theo dõi lại' if args.restore else 'ngừng theo dõi'} chỉ tiêu {args.code}.")
    return 0


@user_errors
def _list(args: argparse.Namespace) -> int:
    for row in catalogue.subjects(current_engine(args)).itertuples():
        print(f"{row.code}\t{int(row.indicators)} chỉ tiêu\t{row.name}")
    return 0
