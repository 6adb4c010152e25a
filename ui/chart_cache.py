"""Charts built once per data (pure: no Streamlit).

Building an Altair chart and turning it into a Vega-Lite spec (`to_dict`, with JSON-schema
validation) cost 30-60 ms a chart, most of a warm page view, and the result depends only on the
data and the arguments. `memoised` wraps a chart function of ui/charts.py: the chart is built once
per content of its DataFrames and its other arguments, and the `PreparedChart` it returns
computes its spec once per data transformer and theme (st.altair_chart converts with its own
transformer, which collects the data as Arrow bytes; tests convert with Altair's default).
Every view after the first gets a copy of that spec, so nothing is re-validated.

The key is the DataFrames' content (a hash of their pickle: values, dtypes, columns, index), not
their identity: the pages' reads return a fresh copy each run, and new data is a new key, so a
cached chart is never stale.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd

MAX_CHARTS = 64  # per chart function; a chart with its Arrow data is 10-500 kB (a province heat map)


class Unhashable(Exception):
    """An argument whose content cannot be keyed: the chart is then built uncached."""


def content_key(value: Any) -> Any:
    """A hashable key that is equal for arguments of equal content."""
    if isinstance(value, pd.DataFrame | pd.Series):
        # Pickle holds every value, the dtypes, the columns and the index, so different content
        # gives different bytes; 10x faster than pandas' row hashes on these frames (0.2 ms).
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # an unpicklable object in a cell
            raise Unhashable(str(error)) from error
        return (type(value).__name__, len(data), hashlib.blake2b(data, digest_size=20).hexdigest())
    if isinstance(value, list | tuple):
        return (type(value).__name__, *map(content_key, value))
    if isinstance(value, dict):
        return ("dict", *((content_key(k), content_key(v)) for k, v in value.items()))
    if value is None or isinstance(value, str | bool | int | float):
        return (type(value).__name__, repr(value))  # repr: NaN equals NaN, 1 differs from 1.0 and True
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:  # numpy scalar
        return content_key(value.item())
    raise Unhashable(type(value).__name__)


class PreparedChart:
    """An Altair chart whose Vega-Lite spec is computed once per data transformer and theme.

    `to_dict` is what st.altair_chart (and the tests) call; every other attribute is the Altair
    chart's own (`chart.properties(...)` returns a new, plain Altair chart)."""

    __slots__ = ("chart", "_lock", "_specs")

    def __init__(self, chart: alt.TopLevelMixin):
        self.chart = chart
        self._lock = threading.Lock()
        self._specs: dict[Any, tuple[dict, dict]] = {}

    def __getattr__(self, name: str) -> Any:
        if name in PreparedChart.__slots__ or name.startswith("__"):  # copy/pickle probe before __init__
            raise AttributeError(name)
        return getattr(self.chart, name)

    def __repr__(self) -> str:
        return f"PreparedChart({type(self.chart).__name__})"

    def to_dict(self, *args, **kwargs) -> dict:
        registry = alt.data_transformers
        options = registry.options
        key = (registry.active, alt.theme.active, args, tuple(sorted(kwargs.items())))
        with self._lock:
            cached = self._specs.get(key)
            if cached is None:
                # A transformer may hand the data over by side effect: Streamlit's collects Arrow
                # bytes into the `datasets` dict it passes as an option. Record what the
                # conversion adds to such dicts, to give it again on every later call.
                before = {name: dict(value) for name, value in options.items() if isinstance(value, dict)}
                spec = self.chart.to_dict(*args, **kwargs)
                added = {
                    name: {k: v for k, v in value.items() if k not in before[name]}
                    for name, value in options.items()
                    if isinstance(value, dict) and name in before
                }
                cached = self._specs[key] = (spec, added)
        spec, added = cached
        for name, entries in added.items():
            if isinstance(options.get(name), dict):
                options[name].update(entries)
        return copy.deepcopy(spec)  # callers may change the spec (Streamlit patches its copy)


def memoised(function: Callable[..., alt.TopLevelMixin]) -> Callable[..., PreparedChart | alt.TopLevelMixin]:
    """`function` (DataFrames and plain values in, Altair chart out) built once per content of
    its arguments; returns a PreparedChart. `function.__wrapped__` is the uncached function."""
    charts: OrderedDict[Any, PreparedChart] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            key = (content_key(args), content_key(dict(sorted(kwargs.items()))))
        except Unhashable:
            return function(*args, **kwargs)
        with lock:
            prepared = charts.get(key)
            if prepared is not None:
                charts.move_to_end(key)
                return prepared
        prepared = PreparedChart(function(*args, **kwargs))  # outside the lock: building takes tens of ms
        with lock:
            prepared = charts.setdefault(key, prepared)
            charts.move_to_end(key)
            while len(charts) > MAX_CHARTS:
                charts.popitem(last=False)
        return prepared

    wrapper.cache_clear = charts.clear  # type: ignore[attr-defined]
    return wrapper
