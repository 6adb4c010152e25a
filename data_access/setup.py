"""Bringing a database to a usable state: the one code path that the app, the CLI and the
tests all use."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from data_access.config import configured_database_url, database_url
from data_access.db import analyze, check_connection, table_names, upgrade_schema
from data_access.reference import load_reference_data
from data_access.sample import has_reports, load_sample

log = logging.getLogger(__name__)


def init_db(url: str) -> dict[str, int]:
    """Create or upgrade the schema, then add any missing reference rows. Idempotent."""
    upgrade_schema(url)
    engine = check_connection(url)
    with engine.begin() as conn:
        return load_reference_data(conn)


def prepare_database(url: str, *, with_sample: bool) -> Engine:
    init_db(url)
    engine = check_connection(url)
    if with_sample and not has_reports(engine):
        counts = load_sample(engine)
        analyze(engine)
        log.info("sample loaded: %s", counts)
    return engine


def should_autoload_sample(url: str) -> bool:
    """The first start fills an empty SQLite database with the demo; a PostgreSQL database
    (a real deployment) gets the sample only when an operator asks for it."""
    if configured_database_url() is None:
        return True
    return url.startswith("sqlite")


def ensure_ready(url: str | None = None) -> Engine:
    """What the app runs at start: migrate, and on first start load the sample.

    Only a database the app creates now gets the demo: one that `manage.py init-db` made (a
    province starting from zero) stays empty until its own reports are imported."""
    url = url or database_url()
    created_now = not table_names(url)
    return prepare_database(url, with_sample=should_autoload_sample(url) and created_now)
