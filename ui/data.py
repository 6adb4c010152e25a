"""The database behind every page and the cached reads: `read(queries.unit_achievement,
province, year)` runs a read of data_access.queries once per arguments and data version."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from data_access.config import DatabaseConfigError, database_url
from data_access.data_version import data_version as stored_data_version
from data_access.db import get_engine
from data_access.setup import ensure_ready
from domain.vocabulary import DEFAULT_SUBJECT

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner="Đang chuẩn bị cơ sở dữ liệu…")
def _prepared(url: str) -> str:
    ensure_ready(url)
    return url


def database() -> str:
    """The database URL, migrated (and filled with the sample on first start)."""
    try:
        return _prepared(database_url())
    except DatabaseConfigError as exc:
        st.error(str(exc))
        st.stop()
    except Exception:  # never a traceback on a leader's screen; details go to the log
        log.exception("database start failed")
        st.error("Không mở được cơ sở dữ liệu. Chi tiết lỗi đã được ghi vào nhật ký máy chủ.")
        st.stop()


def data_version(url: str) -> int:
    """The database's data version (data_access.data_version), read at most once per script run:
    in the key of every cached read, so that a write by any process makes the next run miss."""
    ctx = get_script_run_ctx(suppress_warning=True)
    memo = getattr(ctx, "_kl62_data_version", None)
    # ctx.cursors is a new dict at every run (and fragment run); holding it makes `is` exact.
    if ctx is not None and memo is not None and memo[0] is ctx.cursors and memo[1] == url:
        return memo[2]
    version = stored_data_version(get_engine(url))
    if ctx is not None:
        ctx._kl62_data_version = (ctx.cursors, url, version)
    return version


@st.cache_data(ttl=3600, show_spinner=False, max_entries=512)
def _read(name: str, url: str, args: tuple, kwargs: tuple, version: int, _query: Callable) -> pd.DataFrame:
    # Keyed on the read's qualified name: st.cache_data does not hash `_query` (leading underscore).
    return _query(get_engine(url), *args, **dict(kwargs))


def read(query: Callable[..., pd.DataFrame], *args, **kwargs) -> pd.DataFrame:
    """`query(engine, *args, **kwargs)`, a read of data_access.queries, cached on the read, its
    arguments, the database and its data version. A read that takes a subject gets the one
    chosen in the sidebar (see subject_filter)."""
    subject = st.session_state.get("_subject", DEFAULT_SUBJECT)
    if subject != DEFAULT_SUBJECT and "subject" not in kwargs and "subject" in inspect.signature(query).parameters:
        kwargs["subject"] = subject
    url = database()
    name = f"{query.__module__}.{query.__qualname__}"
    return _read(name, url, args, tuple(sorted(kwargs.items())), data_version(url), query).copy()


def clear_cache() -> None:
    """After any write: every cached read may be stale."""
    _read.clear()
