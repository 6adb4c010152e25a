"""create-user, set-password, update-user, list-users: accounts for the dashboard.

Run by the operator on the server, so the commands act as the trusted `system` actor and are
audited as "cli:<os user>". Passwords are read from a prompt (twice) or, with
--password-stdin, from the first line of standard input; never from the command line.
"""

from __future__ import annotations

import getpass
import sys

from cli.common import CommandError, add_codes_option, command, resolve_url, user_errors
from data_access.db import check_connection
from data_access.security import ROLE_LABELS, create_user, list_users, set_password, system_actor, update_user
from data_access.security_models import ROLES
from data_access.setup import init_db


def register(subparsers) -> None:
    parser = command(subparsers, _create_user, "create-user", help="create an account (viewer, editor or admin)")
    parser.add_argument("username")
    parser.add_argument("--role", required=True, choices=ROLES)
    _scope_options(parser)
    parser.add_argument("--display-name", default=None, help="the name shown in the dashboard")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    parser = command(subparsers, _set_password, "set-password", help="set a new password for an account")
    parser.add_argument("username")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    parser = command(subparsers, _update_user, "update-user", help="change an account's role, scopes or lock it")
    parser.add_argument("username")
    parser.add_argument("--role", choices=ROLES, default=None)
    _scope_options(parser)
    parser.add_argument("--clear-scopes", action="store_true", help="remove every province and unit")
    state = parser.add_mutually_exclusive_group()
    state.add_argument("--deactivate", action="store_true", help="lock the account (it can no longer sign in)")
    state.add_argument("--activate", action="store_true", help="unlock the account")

    parser = command(subparsers, _list_users, "list-users", help="list the accounts")


def _scope_options(parser) -> None:
    add_codes_option(parser, "--province", "a province the editor may write for (repeatable), e.g. 31")
    add_codes_option(parser, "--unit", "a unit (ward, commune) the editor may write for (repeatable), e.g. 10525")


def _read_password(args) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise CommandError("Không đọc được mật khẩu từ đầu vào chuẩn (stdin trống).")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CommandError("Không có bàn phím để nhập mật khẩu; dùng --password-stdin.")
    first = getpass.getpass("Mật khẩu: ")
    second = getpass.getpass("Nhập lại mật khẩu: ")
    if first != second:
        raise CommandError("Hai lần nhập mật khẩu không khớp.")
    return first


def _engine(args):
    url = resolve_url(args)
    init_db(url)  # schema and reference units, so scopes can be checked; idempotent
    return check_connection(url)


@user_errors
def _create_user(args) -> int:
    engine = _engine(args)
    password = _read_password(args)
    actor = create_user(
        engine,
        actor=system_actor(),
        username=args.username,
        password=password,
        role=args.role,
        provinces=args.province or (),
        wards=args.unit or (),
        display_name=args.display_name,
    )
    print(f"Đã tạo tài khoản «{actor.username}»: {ROLE_LABELS[actor.role]}, phạm vi: {actor.scope_text()}.")
    return 0


@user_errors
def _set_password(args) -> int:
    engine = _engine(args)
    password = _read_password(args)
    set_password(engine, actor=system_actor(), username=args.username, password=password)
    print(f"Đã đặt mật khẩu mới cho «{args.username}»; các phiên đăng nhập cũ của tài khoản này hết hiệu lực.")
    return 0


@user_errors
def _update_user(args) -> int:
    engine = _engine(args)
    # A scope option not given keeps what the account has; --clear-scopes removes them all.
    provinces = [] if args.clear_scopes else args.province
    wards = [] if args.clear_scopes else args.unit
    active = True if args.activate else False if args.deactivate else None
    actor = update_user(
        engine,
        actor=system_actor(),
        username=args.username,
        role=args.role,
        provinces=provinces,
        wards=wards,
        is_active=active,
    )
    state = " (đã khóa)" if args.deactivate else ""
    print(f"Đã cập nhật «{actor.username}»: {ROLE_LABELS[actor.role]}, phạm vi: {actor.scope_text()}{state}.")
    return 0


@user_errors
def _list_users(args) -> int:
    users = list_users(_engine(args))
    if users.empty:
        print("Chưa có tài khoản nào. Tạo quản trị viên đầu tiên: python manage.py create-user TÊN --role admin")
        return 0
    for row in users.itertuples(index=False):
        state = "hoạt động" if row.is_active else "đã khóa"
        last = (
            f"{row.last_login_at:%d/%m/%Y %H:%M}"
            if row.last_login_at is not None and str(row.last_login_at) != "NaT"
            else "chưa"
        )
        print(f"{row.username}\t{row.role_label}\t{state}\tphạm vi: {row.scopes or '—'}\tđăng nhập gần nhất: {last}")
    return 0
