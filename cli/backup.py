"""backup FILE, restore FILE: every row of every table, portable between SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

from cli.common import CommandError, command, resolve_url, user_errors
from data_access.backup import backup, read_manifest, restore
from data_access.db import check_connection
from data_access.security import system_actor


def register(subparsers) -> None:
    parser = command(subparsers, _backup, "backup", help="write every row of every table to a zip file")
    parser.add_argument("file", help="the backup file to write, e.g. backups/kl62-2026-05-20.zip")
    parser.add_argument("--force", action="store_true", help="overwrite the file if it exists")

    parser = command(subparsers, _restore, "restore", help="restore a backup into an empty database (or --replace)")
    parser.add_argument("file", help="a file written by `backup`")
    parser.add_argument("--replace", action="store_true", help="delete every existing row first (asks to confirm)")
    parser.add_argument("--yes", action="store_true", help="confirm --replace without asking")


@user_errors
def _backup(args) -> int:
    path = Path(args.file)
    if path.exists() and not args.force:
        raise CommandError(f"Tệp «{path}» đã có; chọn tên khác hoặc thêm --force để ghi đè.")
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    counts = backup(check_connection(resolve_url(args)), path)
    print(f"Đã sao lưu {_n(sum(counts.values()))} dòng của {len(counts)} bảng vào «{path}».")
    return 0


@user_errors
def _restore(args) -> int:
    manifest = read_manifest(args.file)
    total = sum(t["rows"] for t in manifest["tables"])
    if args.replace and not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("--replace xóa toàn bộ dữ liệu hiện có; thêm --yes để xác nhận.")
        answer = input(
            f"Xóa TOÀN BỘ dữ liệu hiện có và thay bằng bản sao lưu ({total} dòng)? Gõ «dong y» để tiếp tục: "
        )
        if answer.strip().lower() not in ("dong y", "đồng ý"):
            print("Đã hủy; không có gì thay đổi.")
            return 1
    counts = restore(resolve_url(args), args.file, replace=args.replace, actor=system_actor())
    print(
        f"Đã khôi phục {_n(sum(counts.values()))} dòng của {len(counts)} bảng từ «{args.file}» "
        f"(sao lưu lúc {manifest.get('created_at', '?')})."
    )
    return 0


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")
