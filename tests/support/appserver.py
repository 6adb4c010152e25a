"""A real Streamlit server for end-to-end tests (stdlib only).

    with StreamlitServer(env={"DATABASE_URL": f"sqlite:///{tmp}/app.db"}) as app:
        page.goto(app.url)

Runs ``<python> -m streamlit run <script>`` headless on a free port on
127.0.0.1, waits until ``/_stcore/health`` answers ``ok`` and stops the whole
process group afterwards (SIGTERM, then SIGKILL).

``chromium_launch_options()`` gives the Playwright launch options for Debian's
``chromium`` package (``playwright install`` is not possible here).
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Self

__all__ = ["CHROMIUM_ARGS", "REPO_ROOT", "StreamlitServer", "StreamlitStartError", "chromium_launch_options"]

REPO_ROOT = Path(__file__).resolve().parents[2]

CHROMIUM_EXECUTABLE = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root; Chromium's sandbox refuses root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_launch_options(headless: bool = True, **extra) -> dict:
    """Keyword arguments for Playwright's ``chromium.launch()`` using Debian's
    chromium (``$CHROMIUM_EXECUTABLE`` overrides ``/usr/bin/chromium``)."""
    exe = os.environ.get("CHROMIUM_EXECUTABLE", CHROMIUM_EXECUTABLE)
    if not os.access(exe, os.X_OK):
        raise FileNotFoundError(
            f"{exe} not found: run `sudo bash scripts/install-test-deps.sh` "
            "(installs Debian's chromium; `playwright install` is not used)"
        )
    return {"executable_path": exe, "headless": headless, "args": list(CHROMIUM_ARGS), **extra}


class StreamlitStartError(RuntimeError):
    """The Streamlit server died or did not become healthy; includes its output tail."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_prctl = None
if sys.platform.startswith("linux"):
    try:
        import ctypes

        _prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover
        _prctl = None


def _die_with_parent():
    """preexec_fn: SIGTERM the server when the test process dies (Linux)."""
    if _prctl is None:
        return None
    parent = os.getpid()

    def preexec() -> None:
        _prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)

    return preexec


class StreamlitServer:
    """``streamlit run`` in a subprocess. Attributes: ``url`` (``http://127.0.0.1:PORT``),
    ``port``, ``startup_seconds``; ``output()`` returns the server's stdout+stderr."""

    def __init__(
        self,
        script: str | os.PathLike = "app.py",
        *,
        cwd: str | os.PathLike | None = None,
        env: Mapping[str, str | None] | None = None,
        port: int | None = None,
        python: str | os.PathLike | None = None,
        startup_timeout: float = 60.0,
        extra_args: Sequence[str] = (),
    ) -> None:
        self.cwd = Path(cwd) if cwd is not None else REPO_ROOT
        self.script = str(script)
        self.env_overrides = dict(env or {})
        self.port = port
        self.python = str(python or sys.executable)
        self.startup_timeout = startup_timeout
        self.extra_args = list(extra_args)
        self.startup_seconds: float | None = None
        self._proc: subprocess.Popen | None = None
        self._log_path: Path | None = None

    @property
    def url(self) -> str:
        if self._proc is None:
            raise RuntimeError("StreamlitServer is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _command(self, port: int) -> list[str]:
        return [
            self.python, "-m", "streamlit", "run", self.script,
            "--server.port", str(port),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            *self.extra_args,
        ]

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({"PYTHONUNBUFFERED": "1", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
        for k, v in self.env_overrides.items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = str(v)
        return env

    def start(self) -> StreamlitServer:
        if self._proc is not None:
            return self
        if not (self.cwd / self.script).exists():
            raise FileNotFoundError(f"Streamlit script {self.script!r} not found in {self.cwd}")
        fd, log = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
        os.close(fd)
        self._log_path = Path(log)
        atexit.register(self.stop)
        t0 = time.monotonic()
        fixed_port = self.port
        try:
            for _attempt in range(3 if fixed_port is None else 1):
                self.port = fixed_port or _free_port()
                with open(self._log_path, "ab") as out:
                    self._proc = subprocess.Popen(
                        self._command(self.port), cwd=self.cwd, env=self._environment(),
                        stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                        start_new_session=True,
                        preexec_fn=_die_with_parent(),  # noqa: PLW1509 - only calls prctl
                    )
                if self._wait_healthy(t0 + self.startup_timeout):
                    self.startup_seconds = time.monotonic() - t0
                    return self
                died = self._proc.poll() is not None
                tail = self.output_tail()
                if died and "already in use" in tail and fixed_port is None:
                    self._proc = None
                    continue  # lost a race for the port
                what = f"exited with code {self._proc.returncode}" if died else (
                    f"not healthy after {self.startup_timeout:.0f} s")
                raise StreamlitStartError(
                    f"Streamlit server for {self.cwd / self.script} {what}; "
                    f"command: {' '.join(self._command(self.port))}\n--- output tail ---\n{tail}"
                )
            raise StreamlitStartError(f"could not find a free port; output tail:\n{self.output_tail()}")
        except BaseException:
            self.stop()
            raise

    def _wait_healthy(self, deadline: float) -> bool:
        health = f"http://127.0.0.1:{self.port}/_stcore/health"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(health, timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok":
                        return True
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.1)
        return False

    def output(self) -> str:
        """Everything the server printed so far (stdout and stderr)."""
        if self._log_path is None:
            return ""
        try:
            return self._log_path.read_text(errors="replace")
        except OSError:
            return ""

    def output_tail(self, n: int = 40) -> str:
        return "\n".join(self.output().splitlines()[-n:])

    def stop(self) -> None:
        """Terminate the server's process group (SIGTERM, then SIGKILL). Idempotent."""
        atexit.unregister(self.stop)
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
                try:
                    os.killpg(proc.pid, sig)
                except (ProcessLookupError, PermissionError):
                    break
                try:
                    proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if proc is not None:
            # reap stragglers the script may have started in its process group
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        # the log is kept until the object is gone so output() works after stop()

    def __del__(self) -> None:
        log = getattr(self, "_log_path", None)
        if log is not None and getattr(self, "_proc", None) is None:
            try:
                log.unlink()
            except OSError:
                pass

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<StreamlitServer {self.url if self._proc else 'stopped'} {self.script}>"
