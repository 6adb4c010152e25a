"""import-reports: import units' reports (.txt, .docx, .pdf) from files or folders, in a batch.

Each file is its own transaction, so one bad file does not undo the others. Exit code 0 when
every file was imported (or was already there unchanged), 1 when some were skipped, 2 on a
usage error (a path that does not exist, an unknown --unit, a wrong --year, no database).
Each file is parsed in a bounded worker process (importer.bounded). --dry-run runs every check
of the real import, the database's included, and rolls back: its verdict is the real one.
No input makes it print a traceback: an unexpected error is one line (details with --verbose).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from cli.common import CommandError, command, current_engine, user_errors
from data_access.config import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from data_access.imports import (
    REPORT_SUFFIXES,
    ImportRefused,
    ImportResult,
    check_year,
    import_report_bytes,
    units_frame,
)
from data_access.writes import WriteRefused, system_actor
from importer.proposal import NOW_PART_OF
from report_parser import ReportReadError

log = logging.getLogger(__name__)
_UNIT_NOTE = NOW_PART_OF
_NOT_COMMUNE = "không phải báo cáo cấp xã"


def register(subparsers) -> None:
    parser = command(
        subparsers,
        _import_reports,
        "import-reports",
        help="import units' reports (.txt, .docx, .pdf) from files or folders",
        description=(
            "Nhập báo cáo của đơn vị từ tệp hoặc thư mục (tìm *.txt, *.docx, *.pdf trong thư mục con). "
            "Đơn vị và năm lấy từ nội dung báo cáo (hoặc tên tệp). Mỗi tệp lưu riêng một lần."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    parser.add_argument("--year", type=int, default=None, help="the year of the figures, when the text does not say")
    parser.add_argument(
        "--unit", type=int, default=None, metavar="CODE", help="official unit code, when the text does not say"
    )
    parser.add_argument("--dry-run", action="store_true", help="read and check every file, write nothing")
    parser.add_argument("--force", action="store_true", help="import again a file identical to the current version")


def collect_files(paths: list[str]) -> list[Path]:
    """The files to import, in a stable order; folders are searched recursively."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith(("~$", "."))
            )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"Không tìm thấy tệp hoặc thư mục «{raw}».")
    unique = list(dict.fromkeys(p.resolve() for p in files))
    if not unique:
        raise CommandError("Không tìm thấy tệp báo cáo nào (.txt, .docx, .pdf) trong các đường dẫn đã cho.")
    return unique


def shown_name(name: str) -> str:
    """A file name as it can be printed on one line and stored: bytes that are not UTF-8 and
    control characters (a line break in a name) become U+FFFD."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("\ufffd" if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)


def _ok_line(result: ImportResult) -> str:
    version = f"phiên bản {result.version}"
    if result.replaced_version:
        version += f" (thay phiên bản {result.replaced_version})"
    line = (
        f"OK   {result.filename} → {result.ward_name} ({result.ward_code}), năm {result.year}: "
        f"{len(result.figures)} số liệu, {len(result.findings)} nhận định, {version}"
    )
    if result.warnings:
        line += f"; {len(result.warnings)} cảnh báo"
    if result.status == "dry_run":
        line += " — chạy thử, chưa lưu"
    return line


@user_errors
def _run(args: argparse.Namespace) -> int:
    if args.year is not None:
        check_year(args.year)
    files = collect_files(args.paths)
    engine = current_engine(args)
    units = units_frame(engine)
    if args.unit is not None and args.unit not in set(units["code"]):
        raise CommandError(f"Không có đơn vị hành chính mã {args.unit} trong danh mục chính thức.")
    actor = system_actor()  # the operator's own job: "cli:<os user>" in the audit trail
    counts = {"saved": 0, "unchanged": 0, "skipped": 0}
    for path in files:
        name = shown_name(path.name)
        try:
            if path.suffix.lower() not in REPORT_SUFFIXES:
                raise ImportRefused("định dạng không hỗ trợ (chỉ nhận .txt, .docx, .pdf)")
            if path.stat().st_size > MAX_UPLOAD_BYTES:  # refused before it is read
                raise ReportReadError(
                    f"Tệp quá lớn ({path.stat().st_size // (1024 * 1024)} MB); giới hạn là {MAX_UPLOAD_MB} MB."
                )
            result = import_report_bytes(
                engine,
                path.read_bytes(),
                name,
                actor=actor,
                ward_code=args.unit,
                year=args.year,
                dry_run=args.dry_run,
                force=args.force,
                units=units,
            )
        except (ReportReadError, WriteRefused) as exc:
            counts["skipped"] += 1
            print(f"BỎ QUA {name}: {exc}")
            continue
        except OSError as exc:
            counts["skipped"] += 1
            print(f"BỎ QUA {name}: không đọc được tệp ({exc.strerror or exc}).")
            continue
        except Exception as exc:  # one file must not stop the batch; the details only with --verbose
            log.debug("import of %s failed: %s", path, type(exc).__name__, exc_info=True)
            counts["skipped"] += 1
            print(f"BỎ QUA {name}: lỗi không mong đợi, chưa lưu gì (chạy lại với --verbose để xem chi tiết).")
            continue
        if result.status == "unchanged":
            counts["unchanged"] += 1
            print(
                f"KHÔNG ĐỔI {name} → {result.ward_name} ({result.ward_code}), năm {result.year}: "
                f"giống hệt phiên bản {result.version} hiện hành, không nhập lại (--force để vẫn nhập)"
            )
        else:
            counts["saved"] += 1
            print(_ok_line(result))
        for warning in result.warnings:
            # Where the unit came from is always said; the other warnings with --verbose.
            if args.verbose or _UNIT_NOTE in warning or _NOT_COMMUNE in warning:
                print(f"     cảnh báo: {warning}")
    done = "sẽ nhập (chạy thử, chưa ghi gì)" if args.dry_run else "đã nhập"
    print(
        f"Tổng cộng {len(files)} tệp: {counts['saved']} {done}, "
        f"{counts['unchanged']} không thay đổi, {counts['skipped']} bỏ qua."
    )
    return 1 if counts["skipped"] else 0


def _import_reports(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except CommandError:
        raise
    except Exception as exc:  # never a traceback for the operator; the details with --verbose
        log.debug("import-reports failed", exc_info=True)
        raise CommandError(
            f"Lỗi không mong đợi ({type(exc).__name__}); chưa lưu gì thêm. Chạy lại với --verbose để xem chi tiết."
        ) from None
