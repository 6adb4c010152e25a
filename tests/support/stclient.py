"""A light Streamlit client: drives a running `streamlit run` server over its websocket
(`/_stcore/stream`) the way the browser does, with the protobuf messages of `streamlit.proto`.

    async with StreamlitSession("http://127.0.0.1:8501") as session:
        view = await session.run(query_string="unit=10525&year=2025", page_name="Chi_tiet_don_vi")
        view.wall_s, view.runs, view.errors

What the browser does and this client copies: open the websocket with the "streamlit"
subprotocol, then send a BackMsg `rerun_script` whose ClientState carries the URL's query string
and the page (its URL path as `page_name`, as on a first load or a link); the server runs the
script and streams ForwardMsgs (deltas, page info ...) ending with `script_finished`. A run that
ends early because the script asked for another run (FINISHED_EARLY_FOR_RERUN) is followed by
that run; the view is done at the first run that finishes. No JavaScript, no rendering: the
server does exactly the work it does for a browser (it serialises every chart and table into
the ForwardMsgs).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = ["StreamlitSession", "View", "ViewError"]

DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class ViewError(RuntimeError):
    """The server closed the connection, refused the page or did not finish in time."""


@dataclass
class View:
    wall_s: float = 0.0
    runs: int = 0  # script runs the view took (1 + reruns the page triggered itself)
    messages: int = 0
    bytes: int = 0
    elements: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # markdown, text, headings, metric labels/values
    errors: list[str] = field(default_factory=list)  # st.exception elements, page not found
    widgets: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (type, widget id)
    tables: list[str] = field(default_factory=list)  # each st.dataframe's cells, tab-separated

    def widget_id(self, label: str) -> str:
        return self.widgets[label][1]


class StreamlitSession:
    """One browser tab: one websocket, one Streamlit session on the server."""

    def __init__(self, base_url: str, *, cookies: dict[str, str] | None = None, xsrf: str | None = None,
                 open_timeout: float = 30) -> None:
        parts = urlsplit(base_url)
        self.ws_url = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.cookies = dict(cookies or {})
        self.xsrf = xsrf
        self.open_timeout = open_timeout
        self.session_id: str | None = None
        self.response_headers: dict[str, str] = {}
        self._ws = None

    async def __aenter__(self) -> StreamlitSession:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        protocols = ["streamlit", self.xsrf] if self.xsrf else ["streamlit"]
        self._ws = await websockets.connect(
            self.ws_url, subprotocols=protocols, additional_headers=headers, max_size=None,
            open_timeout=self.open_timeout, ping_interval=None, compression=None,
        )
        self.response_headers = {k.lower(): v for k, v in self._ws.response.headers.raw_items()}
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def send(self, back: BackMsg) -> None:
        await self._ws.send(back.SerializeToString())

    async def receive(self, timeout: float) -> ForwardMsg:
        try:
            data = await asyncio.wait_for(self._ws.recv(), timeout)
        except websockets.ConnectionClosed as exc:
            raise ViewError(f"connection closed: {exc}") from exc
        msg = ForwardMsg()
        msg.ParseFromString(data)
        return msg

    async def run(self, *, query_string: str = "", page_name: str = "", widget_states=None,
                  timeout: float = 120) -> View:
        """One view: a rerun request, then every message up to the run that finishes."""
        back = BackMsg()
        back.rerun_script.query_string = query_string
        back.rerun_script.page_name = page_name
        back.rerun_script.page_script_hash = ""
        if widget_states is not None:
            back.rerun_script.widget_states.CopyFrom(widget_states)
        view = View()
        started = time.perf_counter()
        deadline = started + timeout
        await self.send(back)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ViewError(f"no script_finished within {timeout:.0f} s")
            try:
                msg = await self.receive(remaining)
            except TimeoutError as exc:
                raise ViewError(f"no script_finished within {timeout:.0f} s") from exc
            view.messages += 1
            view.bytes += msg.ByteSize()
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
            elif kind == "delta":
                _record_delta(view, msg.delta)
            elif kind == "page_not_found":
                view.errors.append(f"page not found: {msg.page_not_found.page_name}")
            elif kind == "script_finished":
                view.runs += 1
                if msg.script_finished in DONE:
                    break
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    view.errors.append("script compile error")
                    break
        view.wall_s = time.perf_counter() - started
        return view

    async def file_urls(self, names: list[str], timeout: float = 30):
        """Ask the server where to PUT files (what st.file_uploader does before an upload)."""
        back = BackMsg()
        back.file_urls_request.request_id = "kl62-upload"
        back.file_urls_request.file_names.extend(names)
        back.file_urls_request.session_id = self.session_id or ""
        await self.send(back)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            msg = await self.receive(deadline - time.perf_counter())
            if msg.WhichOneof("type") == "file_urls_response":
                if msg.file_urls_response.error_msg:
                    raise ViewError(msg.file_urls_response.error_msg)
                return list(msg.file_urls_response.file_urls)
        raise ViewError("no file_urls_response")


def _record_delta(view: View, delta) -> None:
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type")
    if kind is None:
        return
    view.elements[kind] = view.elements.get(kind, 0) + 1
    if kind == "exception":
        view.errors.append(f"{element.exception.type}: {element.exception.message}"[:300])
    elif kind in ("markdown", "text", "heading"):
        view.texts.append(getattr(element, kind).body)
    elif kind == "metric":
        view.texts.append(f"{element.metric.label}: {element.metric.body}")
    elif kind == "alert":
        view.texts.append(element.alert.body)
    elif kind == "dataframe" and element.dataframe.arrow_data.data:
        view.tables.append(_table_text(element.dataframe.arrow_data.data))
    inner = getattr(element, kind)
    widget_id = getattr(inner, "id", "")
    label = getattr(inner, "label", "")
    if widget_id and label:
        view.widgets[label] = (kind, widget_id)


def _table_text(arrow_ipc: bytes) -> str:
    import pyarrow as pa

    table = pa.ipc.open_stream(arrow_ipc).read_all()
    return "\n".join("\t".join(str(v) for v in row.values()) for row in table.to_pylist())
