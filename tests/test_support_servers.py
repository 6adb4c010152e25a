"""Checks of the test infrastructure itself: a real PostgreSQL server, a real
Streamlit server and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import textwrap
import urllib.request
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

try:  # `tests` is a package when run from the repo root; `support` when tests/ is on sys.path
    from tests.support import pgserver
    from tests.support.appserver import (
        StreamlitServer,
        StreamlitStartError,
        chromium_launch_options,
    )
    from tests.support.pgserver import PostgresNotFoundError, TemporaryPostgres
except ImportError:  # pragma: no cover
    from support import pgserver
    from support.appserver import (
        StreamlitServer,
        StreamlitStartError,
        chromium_launch_options,
    )
    from support.pgserver import PostgresNotFoundError, TemporaryPostgres

MARKER = "Xin chào từ bài kiểm thử"  # rendered by the throwaway app below


# --------------------------------------------------------------------- PostgreSQL
@pytest.fixture(scope="module")
def postgres():
    with TemporaryPostgres() as pg:
        yield pg


def test_postgres_roundtrip_through_sqlalchemy(postgres):
    assert postgres.url.startswith("postgresql+psycopg://")
    engine = sa.create_engine(postgres.url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE unit (code integer PRIMARY KEY, name text NOT NULL)"))
            conn.execute(sa.text("INSERT INTO unit VALUES (:c, :n)"), {"c": 10525, "n": "Phường Hải Dương"})
        with engine.connect() as conn:
            row = conn.execute(sa.text("SELECT code, name FROM unit")).one()
            version = conn.execute(sa.text("SHOW server_version")).scalar_one()
            lowered = conn.execute(sa.text("SELECT lower('PHƯỜNG')")).scalar_one()
        assert tuple(row) == (10525, "Phường Hải Dương")
        assert int(version.split(".")[0]) >= 13
        assert lowered == "phường"  # UTF-8 aware ctype, like a production cluster
    finally:
        engine.dispose()


def test_create_database_gives_isolated_databases(postgres):
    second = f"second_{uuid.uuid4().hex[:8]}"
    url_a = postgres.create_database()
    url_b = postgres.create_database(second)
    assert url_a != url_b and url_b.endswith("/" + second)
    eng_a, eng_b = sa.create_engine(url_a), sa.create_engine(url_b)
    try:
        with eng_a.begin() as conn:
            conn.execute(sa.text("CREATE TABLE t (x int)"))
            conn.execute(sa.text("INSERT INTO t VALUES (1)"))
        assert "t" in sa.inspect(eng_a).get_table_names()
        assert sa.inspect(eng_b).get_table_names() == []
        with eng_b.connect() as conn:
            assert conn.execute(sa.text("SELECT current_database()")).scalar_one() == second
    finally:
        eng_a.dispose()
        eng_b.dispose()


def test_create_database_from_template(postgres):
    template = f"tmpl_{uuid.uuid4().hex[:8]}"
    tmpl_url = postgres.create_database(template)
    eng = sa.create_engine(tmpl_url)
    with eng.begin() as conn:
        conn.execute(sa.text("CREATE TABLE seeded (x int)"))
        conn.execute(sa.text("INSERT INTO seeded VALUES (42)"))
    eng.dispose()  # a template must have no open connections
    copy = sa.create_engine(postgres.create_database(template=template))
    try:
        with copy.connect() as conn:
            assert conn.execute(sa.text("SELECT x FROM seeded")).scalar_one() == 42
    finally:
        copy.dispose()


def test_stop_removes_data_dir(monkeypatch):
    monkeypatch.delenv("TEST_POSTGRES_URL", raising=False)
    pg = TemporaryPostgres().start()
    data_dir = pg.data_dir
    assert data_dir is not None and (data_dir / "PG_VERSION").exists()
    eng = sa.create_engine(pg.url)
    with eng.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
    eng.dispose()
    pg.stop()
    assert not data_dir.exists() and not data_dir.parent.exists()
    assert not pg.running
    pg.stop()  # idempotent


def test_missing_binaries_give_a_clear_error(monkeypatch):
    monkeypatch.delenv("TEST_POSTGRES_URL", raising=False)
    monkeypatch.delenv("PG_BINDIR", raising=False)
    monkeypatch.setattr(pgserver.shutil, "which", lambda name: None)
    monkeypatch.setattr(pgserver.glob, "glob", lambda pattern: [])
    with pytest.raises(PostgresNotFoundError, match="scripts/install-test-deps.sh"):
        TemporaryPostgres().start()


# ---------------------------------------------------------------------- Streamlit
@pytest.fixture(scope="module")
def tiny_app_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("tiny_app")
    (d / "app.py").write_text(
        textwrap.dedent(
            f"""
            import os
            import streamlit as st

            st.title({MARKER!r})
            st.write("database:", os.environ.get("DATABASE_URL", "unset"))
            """
        ),
        encoding="utf-8",
    )
    return d


@pytest.fixture(scope="module")
def streamlit_app(tiny_app_dir):
    env = {"DATABASE_URL": f"sqlite:///{tiny_app_dir / 'app.sqlite3'}"}
    with StreamlitServer("app.py", cwd=tiny_app_dir, env=env) as server:
        yield server


def test_streamlit_health(streamlit_app):
    assert streamlit_app.running
    with urllib.request.urlopen(streamlit_app.url + "/_stcore/health", timeout=5) as r:
        assert r.status == 200 and r.read() == b"ok"
    with urllib.request.urlopen(streamlit_app.url + "/", timeout=5) as r:
        assert b"<div id=\"root\">" in r.read()  # the JS shell; content needs a browser


def test_streamlit_failure_reports_output(tmp_path):
    (tmp_path / "app.py").write_text("import streamlit as st\nst.write('x')\n")
    bad = StreamlitServer("app.py", cwd=tmp_path, extra_args=["--no-such-option", "1"], startup_timeout=30)
    with pytest.raises(StreamlitStartError, match="(?s)exited with code.*output tail.*no-such-option"):
        bad.start()
    assert not bad.running


# ------------------------------------------------------------------------ browser
@pytest.fixture(scope="module")
def chromium(launch_browser):
    """Debian's /usr/bin/chromium through pytest-playwright's `launch_browser`."""
    browser = launch_browser(**chromium_launch_options())
    yield browser
    browser.close()


def test_chromium_renders_streamlit_page(chromium, streamlit_app, tiny_app_dir):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(streamlit_app.url, wait_until="domcontentloaded")
        page.get_by_text(MARKER).first.wait_for(state="visible", timeout=30_000)
        page.get_by_text("sqlite:///").first.wait_for(state="visible", timeout=10_000)
        assert str(tiny_app_dir / "app.sqlite3") in page.inner_text("body")
    finally:
        context.close()
