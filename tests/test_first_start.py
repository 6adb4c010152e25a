"""The app's first start: the demo goes only into a database the app creates itself."""

from __future__ import annotations

from data_access.db import get_engine
from data_access.sample import has_reports
from data_access.setup import ensure_ready
from manage import main


def test_the_first_start_fills_a_new_sqlite_database_with_the_sample(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert has_reports(ensure_ready(url))


def test_a_database_made_with_init_db_stays_empty_when_the_app_starts(tmp_path, monkeypatch, capsys):
    """A province that starts from zero runs init-db, then opens the app before importing."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'real.sqlite3'}"
    assert main(["init-db", "--database-url", url]) == 0
    capsys.readouterr()
    ensure_ready(url)
    assert not has_reports(get_engine(url))
