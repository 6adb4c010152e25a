"""Cache freshness across processes: a write by one process changes the data version in the
database, and the cached read path of another process (ui.frame.read)
serves the new data at its next script run, with no cache clear in that process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from data_access import audit, corrections
from data_access.data_version import data_version
from data_access.db import get_engine
from data_access.security import Actor, system_actor
from data_access.writes import correct_figure
from tests.support.pages import ROOT

FUND = "poor_fund"


def _fund_id(engine) -> int:
    rows = corrections.figures(engine, 10525, 2025)
    return int(rows.loc[rows["indicator_code"] == FUND, "figure_id"].iloc[0])


def _write_in_another_process(url: str, value: int) -> None:
    """Correct the fund of Hải Dương 2025 from a separate Python process (its own engine, its
    own cache), as a second Streamlit process behind nginx would."""
    code = textwrap.dedent(f"""
        from data_access import corrections
        from data_access.db import get_engine
        from data_access.security import system_actor
        from data_access.writes import correct_figure
        engine = get_engine({url!r})
        rows = corrections.figures(engine, 10525, 2025)
        figure = int(rows.loc[rows["indicator_code"] == {FUND!r}, "figure_id"].iloc[0])
        correct_figure(engine, actor=system_actor("test:other-process"), figure_id=figure, value={value})
    """)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def _fund_page() -> None:
    import streamlit as st

    from data_access import queries
    from ui.frame import read

    figures = read(queries.unit_indicators, 10525, 2025)
    st.text("read: " + str(int(figures.loc[figures["indicator_code"] == "poor_fund", "value"].iloc[0])))
    brief = read(queries.unit_indicators, 10525, 2025)
    st.text("brief: " + str(int(brief.loc[brief["indicator_code"] == "poor_fund", "value"].iloc[0])))


def _shown(at: AppTest) -> list[str]:
    at.run(timeout=60)
    assert not at.exception, at.exception
    return [t.value for t in at.text]


def test_a_write_by_another_process_is_seen_at_the_next_run(app_env):
    at = AppTest.from_function(_fund_page, default_timeout=60)
    assert _shown(at) == ["read: 370000000", "brief: 370000000"]
    assert _shown(at) == ["read: 370000000", "brief: 370000000"]  # served from the cache

    _write_in_another_process(app_env, 380_000_000)

    assert _shown(at) == ["read: 380000000", "brief: 380000000"]
    fresh = AppTest.from_function(_fund_page, default_timeout=60)  # another session, same process
    assert _shown(fresh) == ["read: 380000000", "brief: 380000000"]


def test_every_data_write_changes_the_version_and_a_sign_in_does_not(sample_engine):
    before = data_version(sample_engine)
    assert before > 0  # migration 0005 made the row
    correct_figure(sample_engine, actor=system_actor("test"), figure_id=_fund_id(sample_engine), value=390_000_000)
    after_write = data_version(sample_engine)
    assert after_write != before
    with sample_engine.begin() as conn:
        audit.record(conn, actor=Actor(username="lan", role="viewer"), action="login", table="user_account", key="lan")
    assert data_version(sample_engine) == after_write


def test_a_failed_write_leaves_the_version(sample_engine):
    before = data_version(sample_engine)
    with pytest.raises(Exception, match="giá trị|số"):
        correct_figure(sample_engine, actor=system_actor("test"), figure_id=_fund_id(sample_engine), value=-5)
    assert data_version(sample_engine) == before


def test_two_engines_on_one_database_agree_on_the_version(sample_db_url):
    """What another process sees: a second engine (its own pool) reads the new version."""
    from data_access import data_version as dv

    first = get_engine(sample_db_url)
    second = get_engine(
        sample_db_url + ("?timeout=30" if sample_db_url.startswith("sqlite") else "?connect_timeout=10")
    )
    assert first is not second
    before = data_version(second)
    with first.begin() as conn:
        written = dv.bump(conn)
    assert data_version(second) == written != before
    second.dispose()


def test_one_transaction_changes_the_version_once_and_the_next_one_again(sample_engine):
    from data_access import data_version as dv

    with sample_engine.begin() as conn:
        first = dv.bump(conn)
        assert dv.bump(conn) == first  # a batch of audited rows: one update of the row
    assert data_version(sample_engine) == first
    with sample_engine.begin() as conn:
        second = dv.bump(conn)
    assert data_version(sample_engine) == second != first


def test_a_script_run_reads_the_version_once(app_env):
    """Many cached reads in one run, one lookup of the version (and one more at the next run)."""
    from sqlalchemy import event

    engine = get_engine(app_env)
    lookups = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if "data_version" in statement:
            lookups.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        at = AppTest.from_function(_fund_page, default_timeout=60)
        _shown(at)
        assert len(lookups) == 1
        _shown(at)
        assert len(lookups) == 2
    finally:
        event.remove(engine, "before_cursor_execute", count)
