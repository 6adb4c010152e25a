"""Fixtures: a fresh database per test, built through the same code path the app uses
(alembic upgrade, reference data, the sample loader), on SQLite and on a real PostgreSQL.

Select backends with `--backends sqlite,postgresql` (default: both) or TEST_BACKENDS.
Building the sample takes a few seconds, so each backend builds it once per session into a
template (a file for SQLite, a template database for PostgreSQL) that every test copies.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data_access.db import get_engine  # noqa: E402
from data_access.setup import init_db, prepare_database  # noqa: E402

ALL_BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser):
    parser.addoption(
        "--backends",
        default=os.environ.get("TEST_BACKENDS", ",".join(ALL_BACKENDS)),
        help="comma-separated database backends to run the database tests on",
    )


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        chosen = [b.strip() for b in metafunc.config.getoption("--backends").split(",") if b.strip()]
        metafunc.parametrize("backend", chosen, scope="session")


@pytest.fixture(scope="session")
def postgres_server():
    from tests.support.pgserver import TemporaryPostgres

    server = TemporaryPostgres()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _sample_template(backend, tmp_path_factory, request):
    """A database with the sample loaded, built once per backend per session."""
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("template") / "sample.sqlite3"
        url = f"sqlite:///{path}"
        prepare_database(url, with_sample=True)
        get_engine(url).dispose()
        return path
    server = request.getfixturevalue("postgres_server")
    url = server.create_database("sample_template")
    prepare_database(url, with_sample=True)
    get_engine(url).dispose()
    return url


def _fresh_postgres(server, template: str | None = None) -> str:
    return server.create_database(f"t_{uuid.uuid4().hex[:12]}", template=template)


@pytest.fixture
def empty_db_url(backend, tmp_path, request) -> str:
    """A database with nothing in it, not even the schema."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return _fresh_postgres(request.getfixturevalue("postgres_server"))


@pytest.fixture
def schema_db_url(empty_db_url) -> str:
    """Schema and reference data (official units, catalogue), no reports."""
    init_db(empty_db_url)
    return empty_db_url


@pytest.fixture
def sample_db_url(backend, _sample_template, tmp_path, request) -> str:
    """A private copy of the database with the sample loaded, as the app's first start makes it."""
    if backend == "sqlite":
        path = tmp_path / "sample.sqlite3"
        shutil.copy(_sample_template, path)
        return f"sqlite:///{path}"
    server = request.getfixturevalue("postgres_server")
    return _fresh_postgres(server, template=_sample_template.rsplit("/", 1)[-1])


@pytest.fixture
def sample_engine(sample_db_url):
    return get_engine(sample_db_url)


@pytest.fixture
def cheap_hashes(monkeypatch):
    """argon2id with small parameters, so the suite stays fast; the production parameters are
    checked in test_security_auth.py::test_production_hash_parameters."""
    from argon2 import PasswordHasher

    from data_access import security

    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


@pytest.fixture
def app_env(sample_db_url, monkeypatch):
    """Point the Streamlit app at the test database."""
    monkeypatch.setenv("DATABASE_URL", sample_db_url)
    return sample_db_url


class Downloads(dict):
    """file name -> the file a download button offers; a file made only when clicked (a
    deferred callable) is made when the test reads it, as a click would."""

    def __getitem__(self, name: str) -> bytes:
        value = super().__getitem__(name)
        return value() if callable(value) else value


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    """file name -> bytes of every download button the page draws (a spy: files are stored or
    deferred as usual; AppTest 1.67 does not expose them)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    captured = Downloads()
    stored, deferred = MemoryMediaFileStorage.load_and_get_id, MediaFileManager.add_deferred

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename:  # not the page icon (a local image file, stored without a name)
            captured[filename] = path_or_data
        return stored(self, path_or_data, mimetype, kind, filename)

    def spy_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            captured[file_name] = data_callable
        return deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    return captured
