"""Several processes, one database: scripts/serve.sh starts nginx and two `streamlit run`
processes on one PostgreSQL, all on loopback; a protocol client (tests/support/stclient.py)
plays two browsers, each pinned to its own process by nginx's route cookie.

Checked as a user would see it:
- a session stays on its process (every request and the websocket of one browser reach the same
  process; the upload endpoint of a session refuses a browser routed to the other process);
- an upload works through nginx: an editor signs in on the import page, uploads a report through
  Streamlit's upload endpoint (`/_stcore/upload_file/…`, XSRF token and all), sees it read, and
  saves it, all over the websocket like the browser;
- a leader whose session lives on the other process, and whose process has the unit's figures
  in its cache, sees the imported figure at the next rerun.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import requests
from argon2 import PasswordHasher
from streamlit.proto.Common_pb2 import FileUploaderState
from streamlit.proto.WidgetStates_pb2 import WidgetStates

from data_access import security
from data_access.db import get_engine
from data_access.security import system_actor
from data_access.setup import prepare_database
from tests.support.pages import ROOT
from tests.support.stclient import StreamlitSession

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REPORT = ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
EDITOR, PASSWORD = "bientap", "mat-khau-rat-dai-2026"
IMPORT_PAGE, UNIT_PAGE, UNIT_QUERY = "Nhap_bao_cao", "Chi_tiet_don_vi", "province=31&unit=10525&year=2025"

pytestmark = pytest.mark.skipif(not os.access(NGINX, os.X_OK),
                                reason="nginx is not installed (scripts/install-test-deps.sh installs it)")


def _free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@pytest.fixture
def cluster(postgres_server, tmp_path, monkeypatch):
    """nginx on a free port in front of two Streamlit processes, on a PostgreSQL database with
    the sample and an editor of Phường Hải Dương; yields (nginx URL, database URL)."""
    url = postgres_server.create_database(f"mp_{uuid.uuid4().hex[:10]}")
    prepare_database(url, with_sample=True)
    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    security.create_user(get_engine(url), actor=system_actor("test"), username=EDITOR, password=PASSWORD,
                         role="editor", wards=[10525])
    port, *backends = _free_ports(3)
    env = dict(os.environ, DATABASE_URL=url, KL62_PORT=str(port), KL62_BACKEND_PORTS=" ".join(map(str, backends)),
               KL62_RUN_DIR=str(tmp_path / "run"), PYTHON=sys.executable, NGINX=NGINX, PYTHONUNBUFFERED="1")
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "serve.sh"), "2"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"serve.sh stopped: {(tmp_path / 'serve.log').read_text()}\n" + "\n".join(
                    p.read_text()[-2000:] for p in sorted((tmp_path / "run").glob("*.log"))))
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except (urllib.error.URLError, OSError):
                pass
            assert time.monotonic() < deadline, "serve.sh did not come up within 60 s"
            time.sleep(0.2)
        yield base, url
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        get_engine(url).dispose()


class Browser:
    """One browser: its route cookie (so nginx pins it to one process) and Streamlit's XSRF cookie."""

    def __init__(self, base: str, route: str) -> None:
        self.base, self.route = base, route
        response = requests.get(base + "/_stcore/health", headers={"Cookie": f"kl62_route={route}"}, timeout=10)
        self.backend = response.headers["X-KL62-Backend"]
        self.xsrf = response.cookies["_streamlit_xsrf"]
        self.cookies = {"kl62_route": route, "_streamlit_xsrf": self.xsrf}

    def get_backend(self) -> str:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return requests.get(self.base + "/_stcore/health", headers={"Cookie": cookie}, timeout=10).headers[
            "X-KL62-Backend"
        ]

    def put(self, upload_url: str, name: str, data: bytes) -> requests.Response:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return requests.put(self.base + upload_url, files={"file": (name, data, "text/plain")},
                            headers={"Cookie": cookie, "X-Xsrftoken": self.xsrf}, timeout=30)

    def session(self) -> StreamlitSession:
        return StreamlitSession(self.base, cookies=self.cookies, xsrf=self.xsrf)


def _two_browsers_on_two_processes(base: str) -> tuple[Browser, Browser]:
    first = Browser(base, "leader-0")
    for i in range(1, 64):
        other = Browser(base, f"leader-{i}")
        if other.backend != first.backend:
            return first, other
    raise AssertionError("every route cookie reached the same process: nginx does not balance")


def _states(*widgets) -> WidgetStates:
    states = WidgetStates()
    for widget_id, field, value in widgets:
        state = states.widgets.add()
        state.id = widget_id
        if field == "file_uploader_state_value":
            state.file_uploader_state_value.CopyFrom(value)
        else:
            setattr(state, field, value)
    return states


def _fund_cells(view) -> list[str]:
    """The table rows of the unit page that hold the party membership figure."""
    return [row for table in view.tables for row in table.splitlines() if "đảng viên" in row.lower()]


def test_two_processes_behind_nginx_share_one_database(cluster):
    base, _url = cluster
    editor, leader = _two_browsers_on_two_processes(base)
    report = REPORT.read_text(encoding="utf-8")
    assert "4.226 đảng viên" in report
    corrected = report.replace("4.226 đảng viên", "4.318 đảng viên").encode("utf-8")

    async def scenario() -> None:
        async with leader.session() as viewer, editor.session() as importer:
            # a session stays on its process: the websocket reached the process of its cookie
            assert viewer.response_headers["x-kl62-backend"] == leader.backend
            assert importer.response_headers["x-kl62-backend"] == editor.backend
            assert {leader.get_backend() for _ in range(5)} == {leader.backend}

            # the leader's process reads the unit's figures and keeps them in its cache
            before = await viewer.run(page_name=UNIT_PAGE, query_string=UNIT_QUERY)
            assert not before.errors and any("4226" in row or "4.226" in row for row in _fund_cells(before))
            again = await viewer.run(page_name=UNIT_PAGE, query_string=UNIT_QUERY)
            assert _fund_cells(again) == _fund_cells(before)

            # the editor signs in on the import page (the sidebar form) through the other process
            page = await importer.run(page_name=IMPORT_PAGE, query_string="province=31")
            assert not page.errors
            signed_in = await importer.run(page_name=IMPORT_PAGE, query_string="province=31", widget_states=_states(
                (page.widget_id("Tên đăng nhập"), "string_value", EDITOR),
                (page.widget_id("Mật khẩu"), "string_value", PASSWORD),
                (page.widget_id("Đăng nhập"), "trigger_value", True)))
            assert any(EDITOR in text for text in signed_in.texts), signed_in.texts

            # an upload works through nginx: the browser's two steps (ask for a URL, PUT the file)
            [urls] = await importer.file_urls(["phuong-hai-duong-kl62.txt"])
            assert urls.upload_url.startswith("/_stcore/upload_file/")
            # ... and only on the session's own process: the other one does not know the session
            refused = leader.put(urls.upload_url, "phuong-hai-duong-kl62.txt", corrected)
            # Streamlit answers 400 (no such session); when it answers before nginx has sent the
            # whole body, nginx reports the early close as 502. Either way nothing is stored.
            assert refused.status_code in (400, 502), refused.status_code
            assert refused.status_code == 502 or "session" in refused.text.lower()
            uploaded = editor.put(urls.upload_url, "phuong-hai-duong-kl62.txt", corrected)
            assert uploaded.status_code == 204, uploaded.text
            files = FileUploaderState()
            info = files.uploaded_file_info.add()
            info.file_id, info.name, info.size = urls.file_id, "phuong-hai-duong-kl62.txt", len(corrected)
            info.file_urls.CopyFrom(urls)
            uploader = (signed_in.widget_id("Tệp báo cáo"), "file_uploader_state_value", files)
            read_back = await importer.run(page_name=IMPORT_PAGE, query_string="province=31",
                                           widget_states=_states(uploader))
            assert not read_back.errors
            assert any("phuong-hai-duong-kl62.txt\tPhường Hải Dương\t2025" in t for t in read_back.tables), (
                read_back.tables
            )
            saved = await importer.run(page_name=IMPORT_PAGE, query_string="province=31", widget_states=_states(
                uploader, (read_back.widget_id("Lưu báo cáo"), "trigger_value", True)))
            assert any(t.startswith("Đã lưu báo cáo của Phường Hải Dương năm 2025") for t in saved.texts), saved.texts

            # the leader's next rerun, on the other process, shows the imported figure
            after = await viewer.run(page_name=UNIT_PAGE, query_string=UNIT_QUERY)
            assert not after.errors
            assert any("4318" in row or "4.318" in row for row in _fund_cells(after)), _fund_cells(after)
            assert viewer.response_headers["x-kl62-backend"] == leader.backend != editor.backend

    # In its own thread: after the browser tests, Playwright's event loop runs in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, asyncio.wait_for(scenario(), timeout=120)).result()


def test_serve_sh_refuses_a_bad_process_count():
    result = subprocess.run(["bash", str(ROOT / "scripts" / "serve.sh"), "zero"], capture_output=True, text=True,
                            env=dict(os.environ, DATABASE_URL="sqlite:///unused.sqlite3"), timeout=30)
    assert result.returncode == 2 and "usage" in result.stderr
    assert not Path(ROOT / "unused.sqlite3").exists()
