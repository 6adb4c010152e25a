"""generate: illustrative reports for whole provinces or the whole country (benchmarks, demos)."""

from __future__ import annotations

import argparse
import sys
import time

from cli.common import CommandError, command, resolve_url, user_errors
from data_access.config import FIRST_YEAR, LAST_YEAR
from data_access.db import check_connection
from data_access.generate import DEFAULT_FINDINGS, all_province_codes, counts, generate
from data_access.setup import init_db
from sample_data.illustrative import SEED


def register(subparsers) -> None:
    parser = command(
        subparsers,
        _generate,
        "generate",
        help="fill the database with illustrative reports for whole provinces (all = 3,321 units)",
        description=(
            "Bulk-generate illustrative (is_sample) reports, figures, findings and targets. "
            "Runs init-db first; one transaction per province; running it again adds only what is "
            "missing; units that already have a current report (real or illustrative) are skipped."
        ),
    )
    parser.add_argument("--provinces", default="all", help="'all' or comma-separated province codes, e.g. 31,1")
    parser.add_argument("--years", default="2021-2025", help="a range 2021-2025, or a list 2024,2025")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED}, the demo's)")
    parser.add_argument(
        "--findings", type=int, default=DEFAULT_FINDINGS, help=f"findings per report (default {DEFAULT_FINDINGS})"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress line per province")


def parse_years(text: str) -> list[int]:
    """'2021-2025' or '2024,2025' -> years; a clear Vietnamese message otherwise."""
    try:
        if "-" in text:
            first, last = (int(p) for p in text.split("-", 1))
            years = list(range(first, last + 1))
        else:
            years = [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        years = []
    if not years or any(not FIRST_YEAR <= y <= LAST_YEAR for y in years):
        raise CommandError(f"Năm không hợp lệ: «{text}». Ví dụ đúng: --years 2021-2025 hoặc --years 2024,2025")
    return years


def parse_provinces(text: str) -> list[int] | None:
    """None for 'all', else the codes; a clear Vietnamese message for anything else."""
    if text.strip().lower() == "all":
        return None
    try:
        codes = [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        codes = []
    if not codes:
        raise CommandError(f"Danh sách tỉnh, thành phố không hợp lệ: «{text}». Ví dụ đúng: --provinces all hoặc 31,1")
    return codes


@user_errors
def _generate(args: argparse.Namespace) -> int:
    years = parse_years(args.years)
    codes = parse_provinces(args.provinces)
    if not 1 <= args.findings <= 200:
        raise CommandError("Số nhận định mỗi báo cáo (--findings) phải từ 1 đến 200.")
    url = resolve_url(args)
    init_db(url)
    engine = check_connection(url)
    codes = codes or all_province_codes(engine)

    def progress(code: int, totals) -> None:
        if not args.quiet:
            print(
                f"  tỉnh/thành {code}: {totals.provinces}/{len(codes)} xong, "
                f"{totals.reports} báo cáo, {totals.seconds:.1f} giây",
                file=sys.stderr,
                flush=True,
            )

    result = generate(
        engine, province_codes=codes, years=years, seed=args.seed, findings_per_report=args.findings, progress=progress
    )
    total = counts(engine, codes)
    per_year = ", ".join(f"{y}: {n}" for y, n in sorted(result.per_year.items())) or "không có"
    print(
        f"Đã tạo dữ liệu minh họa cho {result.provinces} tỉnh, thành phố ({result.units} đơn vị), "
        f"năm {years[0]}-{years[-1]}, hạt giống {args.seed}, trong {result.seconds:.1f} giây "
        f"(CPU của tiến trình này: {time.process_time():.1f} giây).\n"
        f"Thêm mới: {result.reports} báo cáo (theo năm: {per_year}), {result.indicator_values} số liệu, "
        f"{result.findings} nhận định, {result.targets} chỉ tiêu.\n"
        f"Bỏ qua: {result.skipped_existing} đơn vị-năm đã có báo cáo hiện hành, "
        f"{result.not_reported} đơn vị-năm không có báo cáo (mô phỏng đơn vị chưa nộp).\n"
        f"Hiện có trong các tỉnh này: {total['reports']} báo cáo ({total['sample_reports']} minh họa), "
        f"{total['indicator_values']} số liệu, {total['findings']} nhận định, {total['targets']} chỉ tiêu."
    )
    return 0
