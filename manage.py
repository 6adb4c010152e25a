#!/usr/bin/env python
"""Command-line entry point: `python manage.py COMMAND ...`.

Each module in `cli/` registers its own subcommands, so commands are added without editing
this file. Errors the user can act on are printed as one line, without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

import cli
from cli.common import CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python manage.py",
        description="Quản trị bảng theo dõi thực hiện Kết luận 62-KL/TW (dashboard administration).",
    )
    parser.add_argument("--verbose", action="store_true", help="print debug logging")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"cli.{module_info.name}")
        if hasattr(module, "register"):
            module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    try:
        return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
