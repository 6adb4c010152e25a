"""What every command shares: the database URL option and user-facing errors."""

from __future__ import annotations

import argparse
import functools

from data_access.config import DatabaseConfigError, database_url
from data_access.db import check_connection, schema_is_current
from data_access.writes import WriteRefused


class CommandError(Exception):
    """A failure the user can act on; printed as one line, exit code 2."""


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL; default: DATABASE_URL, then .streamlit/secrets.toml, then data/dashboard.sqlite3",
    )


def command(subparsers, handler, name: str, **options) -> argparse.ArgumentParser:
    """A subcommand of manage.py that runs `handler(args)`, with the --database-url option every
    command has; `options` go to add_parser (help, description)."""
    parser = subparsers.add_parser(name, **options)
    add_database_option(parser)
    parser.set_defaults(handler=handler)
    return parser


def add_codes_option(parser: argparse.ArgumentParser, flag: str, help: str) -> None:
    """A repeatable option of unit or province codes (`--unit 10525 --unit 11`), None if absent."""
    parser.add_argument(flag, type=int, action="append", default=None, metavar="CODE", help=help)


def resolve_url(args: argparse.Namespace) -> str:
    return args.database_url or database_url()


def current_engine(args: argparse.Namespace):
    """The engine of the database the command names, refused unless its schema is at head."""
    url = resolve_url(args)
    engine = check_connection(url)
    if not schema_is_current(url):
        raise CommandError("Cơ sở dữ liệu chưa được khởi tạo hoặc chưa cập nhật; hãy chạy: python manage.py init-db")
    return engine


def user_errors(handler):
    """Turn the data layer's Vietnamese refusals into CommandError."""

    @functools.wraps(handler)
    def wrapped(args):
        try:
            return handler(args)
        except (DatabaseConfigError, WriteRefused) as exc:
            raise CommandError(str(exc)) from exc

    return wrapped
