"""Hostile sign-in: an attacker who runs many attempts at once gets no more password checks
than one who runs them in turn, and a success does not wipe failures that arrived with it.
On SQLite and PostgreSQL (each attempt reserves its row under a per-username lock)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from data_access import security
from data_access.db import get_engine
from data_access.security import LoginRefused, system_actor
from data_access.security_models import LoginAttempt

PASSWORD = "một mật khẩu dài"
T0 = dt.datetime(2026, 5, 20, 8, 0, 0)
WRONG = 40


@pytest.fixture(autouse=True)
def small_hashes(monkeypatch):
    """Cheaper than production (64 MiB each would be 2.6 GB for 41 parallel checks if the
    limit failed) but slow enough that parallel checks overlap."""
    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=2, memory_cost=16384, parallelism=1))


@pytest.fixture
def engine(schema_db_url):
    engine = get_engine(schema_db_url)
    security.create_user(engine, actor=system_actor("test"), username="lan", password=PASSWORD, role="editor",
                         provinces=[31], now=T0)
    return engine


def _attempt(engine, password: str, now: dt.datetime) -> str:
    """"ok", or the refusal message."""
    try:
        security.authenticate(engine, "lan", password, now=now)
    except LoginRefused as exc:
        return str(exc)
    return "ok"


def _reasons(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(LoginAttempt.reason).where(LoginAttempt.username == "lan")
                                 .order_by(LoginAttempt.id)))


def _rows(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.username == "lan"))


def _wait_for_rows(engine, count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while _rows(engine) < count and time.monotonic() < deadline:
        time.sleep(0.005)


def test_forty_parallel_wrong_passwords_lock_the_account_before_the_right_one(engine):
    start = threading.Barrier(WRONG + 1)
    now = T0 + dt.timedelta(minutes=1)

    def wrong(i: int) -> str:
        start.wait()
        return _attempt(engine, f"sai mật khẩu {i}", now)

    def right() -> str:
        start.wait()
        # Sent while the wrong ones are still in flight: once five attempts are on record.
        _wait_for_rows(engine, security.LOGIN_MAX_FAILURES)
        return _attempt(engine, PASSWORD, now)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=WRONG + 1) as pool:
        wrong_results = [pool.submit(wrong, i) for i in range(WRONG)]
        right_result = pool.submit(right)
        results = [f.result() for f in wrong_results]
        right_outcome = right_result.result()
    elapsed = time.monotonic() - started

    reasons = _reasons(engine)
    checked = [r for r in reasons if r in ("bad_password", "ok")]
    print(f"\n41 parallel sign-ins on {engine.dialect.name}: {elapsed:.2f} s, {len(checked)} passwords checked, "
          f"{reasons.count('locked')} refused by the lock")
    assert right_outcome.startswith("Tài khoản tạm khóa"), right_outcome
    assert len(checked) == security.LOGIN_MAX_FAILURES and "ok" not in checked
    assert reasons.count("locked") == WRONG + 1 - security.LOGIN_MAX_FAILURES
    assert "pending" not in reasons
    assert sum(r.startswith("Tài khoản tạm khóa") for r in results) == WRONG - security.LOGIN_MAX_FAILURES
    # Still locked afterwards, for the whole window, whatever password is given.
    assert _attempt(engine, PASSWORD, now + dt.timedelta(minutes=14)).startswith("Tài khoản tạm khóa")
    assert _attempt(engine, PASSWORD, now + dt.timedelta(minutes=15, seconds=1)) == "ok"


def test_a_success_does_not_clear_failures_that_arrive_while_it_is_checked(engine):
    """Everything happens in the same second: the success clears only what was on record
    before it, never the failures that came in with it."""
    now = T0 + dt.timedelta(minutes=1)
    with ThreadPoolExecutor(max_workers=11) as pool:
        success = pool.submit(_attempt, engine, PASSWORD, now)
        _wait_for_rows(engine, 1)  # the success has reserved its attempt; now the attacker's ten
        failures = [pool.submit(_attempt, engine, f"sai {i}", now) for i in range(10)]
        assert success.result() == "ok"
        [f.result() for f in failures]
    reasons = _reasons(engine)
    assert reasons[0] == "ok"
    # While the success was being checked it counted as a failure, so the ten had at most five checks.
    checked = reasons.count("bad_password")
    assert 1 <= checked <= security.LOGIN_MAX_FAILURES and reasons.count("locked") == 10 - checked
    # The success did not clear them: the failures that make up five lock the account.
    for i in range(security.LOGIN_MAX_FAILURES - checked):
        assert _attempt(engine, f"sai thêm {i}", now) != "ok"
    assert _attempt(engine, PASSWORD, now).startswith("Tài khoản tạm khóa")


def test_failures_in_the_same_second_as_a_success_still_count(engine):
    for i in range(4):
        _attempt(engine, f"sai {i}", T0)
    assert _attempt(engine, PASSWORD, T0) == "ok"  # a real success clears what came before it
    for i in range(security.LOGIN_MAX_FAILURES):
        assert _attempt(engine, f"sai lại {i}", T0) != "ok"
    assert _attempt(engine, PASSWORD, T0).startswith("Tài khoản tạm khóa")


def test_an_attempt_cut_off_mid_check_counts_as_a_failure(engine):
    """A worker killed while checking a password leaves a pending attempt: it counts, so
    killing requests mid-check is no way around the limit."""
    with engine.begin() as conn:
        conn.execute(LoginAttempt.__table__.insert(), [
            {"at": T0, "username": "lan", "succeeded": False, "reason": "pending", "client": None}
            for _ in range(security.LOGIN_MAX_FAILURES)
        ])
    assert _attempt(engine, PASSWORD, T0 + dt.timedelta(seconds=1)).startswith("Tài khoản tạm khóa")


def test_unknown_and_empty_usernames_are_counted_too(engine):
    for _ in range(security.LOGIN_MAX_FAILURES):
        with pytest.raises(LoginRefused):
            security.authenticate(engine, "không-có-ai", "x", now=T0)
    with pytest.raises(LoginRefused, match="tạm khóa"):
        security.authenticate(engine, "không-có-ai", "x", now=T0)
    with pytest.raises(LoginRefused):
        security.authenticate(engine, "\x00 ", "x", now=T0)
