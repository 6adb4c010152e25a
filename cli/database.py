"""init-db, load-sample, remove-sample."""

from __future__ import annotations

from cli.common import command, resolve_url, user_errors
from data_access.db import check_connection
from data_access.sample import load_sample, remove_sample
from data_access.setup import init_db


def register(subparsers) -> None:
    parser = command(subparsers, _init_db, "init-db", help="create or upgrade the schema (alembic) and reference data")

    parser = command(
        subparsers,
        _load_sample,
        "load-sample",
        help="load the Hải Phòng sample (real Hải Dương report + illustrative data)",
    )

    parser = command(
        subparsers, _remove_sample, "remove-sample", help="delete every illustrative row (real reports are kept)"
    )
    parser.add_argument("--yes", action="store_true", help="confirm the deletion")


@user_errors
def _init_db(args) -> int:
    url = resolve_url(args)
    added = init_db(url)
    total = sum(added.values())
    detail = ", ".join(f"{table}: {n}" for table, n in added.items() if n)
    print(f"Cơ sở dữ liệu đã ở phiên bản mới nhất. Thêm {total} dòng danh mục" + (f" ({detail})." if detail else "."))
    return 0


@user_errors
def _load_sample(args) -> int:
    url = resolve_url(args)
    init_db(url)
    counts = load_sample(check_connection(url))
    print(f"Đã nạp dữ liệu mẫu: {counts['report']} báo cáo minh họa, {counts['target']} chỉ tiêu.")
    return 0


@user_errors
def _remove_sample(args) -> int:
    if not args.yes:
        print("Lệnh này xóa mọi dữ liệu minh họa. Chạy lại với --yes để xác nhận.")
        return 1
    url = resolve_url(args)
    counts = remove_sample(check_connection(url))
    print(f"Đã xóa {counts['report']} báo cáo minh họa và {counts['target']} chỉ tiêu minh họa.")
    return 0
