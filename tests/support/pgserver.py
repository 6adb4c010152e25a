"""A throwaway, real PostgreSQL server for tests.

``TemporaryPostgres`` runs ``initdb`` into a fresh temporary directory, starts
``postgres`` on a free TCP port on 127.0.0.1 (trust auth, durability switched
off for speed) and removes everything again on ``stop()`` (also registered with
``atexit``). Works when the tests run as root (the server then runs as the
``postgres`` system user, or ``nobody``) and as a normal user.

If the environment variable ``TEST_POSTGRES_URL`` is set, no server is started:
that server is used instead, and ``create_database()`` creates (and ``stop()``
drops) databases on it.

Dependencies: the standard library and psycopg 3 (imported lazily). The server
binaries come from Debian's ``postgresql`` package: run
``scripts/install-test-deps.sh``.

    with TemporaryPostgres() as pg:
        engine = sqlalchemy.create_engine(pg.url)
        other_url = pg.create_database()      # a fresh, empty database
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Self
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = ["PostgresNotFoundError", "PostgresStartError", "TemporaryPostgres", "find_pg_bindir"]

ENV_URL = "TEST_POSTGRES_URL"
INSTALL_HINT = "run `sudo bash scripts/install-test-deps.sh` (installs Debian's `postgresql` package)"

# Server settings: loopback only, no durability (a crash just loses a test cluster).
_FAST_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "1GB",
    "checkpoint_timeout": "1h",
    "log_min_messages": "warning",
    "log_min_error_statement": "panic",
    "logging_collector": "off",
    "max_connections": "100",
}


class PostgresNotFoundError(RuntimeError):
    """The PostgreSQL server binaries (initdb, postgres) are not installed."""


class PostgresStartError(RuntimeError):
    """initdb or the server failed; the message includes the log tail."""


def _version_key(path: str) -> tuple:
    m = re.search(r"/postgresql/([0-9.]+)/bin", path)
    return tuple(int(p) for p in m.group(1).split(".")) if m else (0,)


def find_pg_bindir(bindir: str | os.PathLike | None = None) -> Path:
    """Directory holding ``initdb`` and ``postgres``.

    Order: the explicit argument, ``$PG_BINDIR``, ``pg_config --bindir``, the newest
    ``/usr/lib/postgresql/*/bin`` (Debian), then ``initdb`` on ``PATH``.
    """

    def ok(d: str | os.PathLike | None) -> bool:
        return bool(d) and all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "postgres"))

    candidates: list[str] = []
    if bindir:
        if ok(bindir):
            return Path(bindir)
        raise PostgresNotFoundError(f"no initdb/postgres in {bindir}; {INSTALL_HINT}")
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False)
            if out.returncode == 0:
                candidates.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    candidates.extend(sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(os.path.dirname(os.path.realpath(initdb)))
    for c in candidates:
        if ok(c):
            return Path(c)
    raise PostgresNotFoundError(
        "PostgreSQL server binaries (initdb, postgres) not found "
        "(looked at $PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/*/bin, PATH); " + INSTALL_HINT
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 40) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-n:])


def _libpq_url(url: str) -> str:
    """``postgresql+psycopg://...`` (SQLAlchemy) -> ``postgresql://...`` (libpq)."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL URL: {url!r}")
    return urlunsplit(("postgresql",) + tuple(parts[1:]))


def _sqlalchemy_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql+psycopg",) + tuple(parts[1:]))


def _with_dbname(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(dbname), parts.query, parts.fragment))


def _server_user() -> pwd.struct_passwd | None:
    """The OS user the server runs as: None = the current user (not root)."""
    if os.geteuid() != 0:
        return None
    names = [os.environ.get("TEST_POSTGRES_OS_USER"), "postgres", "nobody"]
    for name in filter(None, names):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresStartError(
        "running as root, but neither a `postgres` nor a `nobody` user exists to run the server as "
        "(initdb refuses to run as root); set TEST_POSTGRES_OS_USER to an unprivileged user"
    )


_prctl = None
if sys.platform.startswith("linux"):
    try:
        import ctypes

        _prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover
        _prctl = None


def _die_with_parent(sig: int):
    """preexec_fn: the child gets ``sig`` when this process dies (Linux), so a
    SIGKILLed test run does not leave a server behind."""
    if _prctl is None:
        return None
    parent = os.getpid()

    def preexec() -> None:
        _prctl(1, int(sig), 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)

    return preexec


class TemporaryPostgres:
    """A real PostgreSQL server in a temporary directory (or ``$TEST_POSTGRES_URL``).

    Attributes after ``start()``: ``url`` (SQLAlchemy URL of the default database),
    ``host``, ``port``, ``user``, ``dbname``, ``data_dir`` (None for an external server),
    ``external`` (True when ``TEST_POSTGRES_URL`` is used).
    """

    def __init__(
        self,
        dbname: str = "test",
        *,
        user: str = "postgres",
        bindir: str | os.PathLike | None = None,
        base_dir: str | os.PathLike | None = None,
        settings: dict[str, str] | None = None,
        startup_timeout: float = 30.0,
        use_env: bool = True,
    ) -> None:
        self.dbname = dbname
        self.user = user
        self.host = "127.0.0.1"
        self.port: int | None = None
        self.data_dir: Path | None = None
        self.startup_timeout = startup_timeout
        self.external_url = (os.environ.get(ENV_URL) or None) if use_env else None
        self.external = self.external_url is not None
        self._bindir = bindir
        self._base_dir = base_dir
        self._settings = {**_FAST_SETTINGS, **(settings or {})}
        self._tmp: Path | None = None
        self._proc: subprocess.Popen | None = None
        self._log: Path | None = None
        self._url: str | None = None
        self._created: list[str] = []
        self._lock = threading.Lock()
        self.startup_seconds: float | None = None

    # ----------------------------------------------------------------- public API
    @property
    def url(self) -> str:
        """SQLAlchemy URL of the default database: ``postgresql+psycopg://USER@127.0.0.1:PORT/DB``."""
        if self._url is None:
            raise RuntimeError("TemporaryPostgres is not started")
        return self._url

    @property
    def running(self) -> bool:
        if self.external:
            return self._url is not None
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> TemporaryPostgres:
        if self._url is not None:
            return self
        t0 = time.monotonic()
        if self.external:
            self._start_external()
        else:
            atexit.register(self.stop)
            try:
                self._start_local()
            except BaseException:
                self.stop()
                raise
        self.startup_seconds = time.monotonic() - t0
        return self

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """Create a new empty database (or a copy of ``template``, which must have no
        open connections: dispose engines on it first) and return its SQLAlchemy URL."""
        from psycopg import sql

        name = name or f"test_{uuid.uuid4().hex[:12]}"
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query = sql.SQL("{} TEMPLATE {}").format(query, sql.Identifier(template))
        with self._admin_connect() as conn:
            conn.execute(query)
        with self._lock:
            self._created.append(name)
        return _with_dbname(self.url, name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing any connections to it."""
        from psycopg import sql

        with self._admin_connect() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        with self._lock:
            if name in self._created:
                self._created.remove(name)

    def stop(self) -> None:
        """Stop the server and delete its directory (external server: drop the
        databases created by ``create_database``). Idempotent."""
        atexit.unregister(self.stop)
        if self.external:
            if self._url is not None:
                for name in list(self._created):
                    try:
                        self.drop_database(name)
                    except Exception as e:  # noqa: BLE001 - best effort cleanup
                        print(f"TemporaryPostgres: could not drop {name}: {e}", file=sys.stderr)
            self._url = None
            return
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            for sig, wait in ((signal.SIGINT, 15), (signal.SIGQUIT, 5), (signal.SIGKILL, 5)):
                try:
                    proc.send_signal(sig)  # SIGINT = "fast" shutdown, SIGQUIT = immediate
                    proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
                except ProcessLookupError:
                    break
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self._url = None

    def log_tail(self, n: int = 40) -> str:
        return _tail(self._log, n) if self._log else ""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self._url if self._url else "stopped"
        return f"<TemporaryPostgres {state}>"

    # ---------------------------------------------------------------- internals
    def _admin_connect(self):
        import psycopg

        return psycopg.connect(_libpq_url(self.url), autocommit=True, connect_timeout=10)

    def _start_external(self) -> None:
        import psycopg

        url = _sqlalchemy_url(self.external_url)
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 5432
        self.user = parts.username or self.user
        self.dbname = parts.path.lstrip("/") or self.dbname
        try:
            with psycopg.connect(_libpq_url(url), connect_timeout=10):
                pass
        except psycopg.Error as e:
            raise PostgresStartError(f"cannot connect to {ENV_URL}={self.external_url!r}: {e}") from e
        self._url = url

    def _start_local(self) -> None:
        bindir = find_pg_bindir(self._bindir)
        owner = _server_user()
        base = self._base_dir or tempfile.gettempdir()
        _remove_stale_dirs(base)
        self._tmp = Path(tempfile.mkdtemp(prefix=_DIR_PREFIX, dir=base))
        (self._tmp / _MARKER).write_text(str(os.getpid()))
        self.data_dir = self._tmp / "data"
        self._log = self._tmp / "server.log"
        run_kw: dict = {"cwd": str(self._tmp)}
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LC_ALL": "C.UTF-8" if _has_c_utf8() else "C",
            "TZ": "UTC",
            "HOME": str(self._tmp),
            "PGTZ": "UTC",
        }
        if owner is not None:
            os.chown(self._tmp, owner.pw_uid, owner.pw_gid)
            run_kw.update(user=owner.pw_uid, group=owner.pw_gid, extra_groups=[])
            if self._base_dir is None and not _user_can_write(self._tmp, run_kw):
                # e.g. TMPDIR under /root: the server's user cannot traverse it
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = Path(tempfile.mkdtemp(prefix=_DIR_PREFIX, dir="/tmp"))
                (self._tmp / _MARKER).write_text(str(os.getpid()))
                os.chown(self._tmp, owner.pw_uid, owner.pw_gid)
                self.data_dir = self._tmp / "data"
                self._log = self._tmp / "server.log"
                run_kw["cwd"] = str(self._tmp)
            env["USER"] = env["LOGNAME"] = owner.pw_name
        run_kw["env"] = env

        locale_args = ["--locale=C.UTF-8"] if _has_c_utf8() else ["--no-locale"]
        initdb = subprocess.run(
            [str(bindir / "initdb"), "-D", str(self.data_dir), "-U", self.user, "--auth=trust",
             "--encoding=UTF8", *locale_args, "--no-sync"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120, check=False, **run_kw,
        )
        if initdb.returncode != 0:
            hint = ""
            if owner is not None:
                hint = (f"\n(initdb ran as OS user {owner.pw_name!r}; it needs to reach {self._tmp}: "
                        "set TMPDIR or base_dir to a world-traversable directory)")
            raise PostgresStartError(f"initdb failed ({initdb.returncode}):\n{initdb.stdout[-4000:]}{hint}")

        last_error = ""
        for _attempt in range(5):
            self.port = _free_port()
            args = [str(bindir / "postgres"), "-D", str(self.data_dir), "-p", str(self.port),
                    "-c", f"listen_addresses={self.host}",
                    "-c", f"unix_socket_directories={self._tmp}"]
            for k, v in self._settings.items():
                args += ["-c", f"{k}={v}"]
            with open(self._log, "ab") as log:
                if owner is not None:
                    os.chown(self._log, owner.pw_uid, owner.pw_gid)
                self._proc = subprocess.Popen(
                    args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    preexec_fn=_die_with_parent(signal.SIGQUIT),  # noqa: PLW1509 - only calls prctl
                    **run_kw,
                )
            if self._wait_ready():
                break
            last_error = self.log_tail()
            if self._proc.poll() is not None and "could not bind" in last_error:
                continue  # lost a race for the port: try another one
            raise PostgresStartError(
                f"PostgreSQL did not start on port {self.port} "
                f"(exit code {self._proc.poll()}); log tail:\n{last_error}"
            )
        else:
            raise PostgresStartError(f"PostgreSQL could not bind a free port; log tail:\n{last_error}")

        base_url = f"postgresql+psycopg://{quote(self.user)}@{self.host}:{self.port}/postgres"
        self._url = base_url
        if self.dbname != "postgres":
            self.create_database(self.dbname)
            self._created.clear()
        self._url = _with_dbname(base_url, self.dbname)

    def _wait_ready(self) -> bool:
        import psycopg

        deadline = time.monotonic() + self.startup_timeout
        conninfo = f"host={self.host} port={self.port} user={self.user} dbname=postgres connect_timeout=2"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            try:
                with psycopg.connect(conninfo):
                    return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        return False


_DIR_PREFIX = "test-pg-"
_MARKER = ".temporary-postgres"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_dirs(base: str | os.PathLike, min_age: float = 600.0) -> None:
    """Delete directories left by runs that were SIGKILLed (their server died with
    them): ours (marker file), older than ``min_age`` s, no live postmaster."""
    now = time.time()
    for d in glob.glob(os.path.join(base, _DIR_PREFIX + "*")):
        marker = os.path.join(d, _MARKER)
        try:
            if now - os.stat(marker).st_mtime < min_age:
                continue
            pidfile = os.path.join(d, "data", "postmaster.pid")
            if os.path.exists(pidfile):
                with open(pidfile) as f:
                    if _pid_alive(int(f.readline().strip() or 0)):
                        continue
            shutil.rmtree(d, ignore_errors=True)
        except (OSError, ValueError):
            continue


def _user_can_write(path: Path, run_kw: dict) -> bool:
    try:
        r = subprocess.run(["test", "-w", str(path), "-a", "-x", str(path)], cwd="/",
                           user=run_kw["user"], group=run_kw["group"], extra_groups=[], timeout=10, check=False)
        return r.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


_C_UTF8: bool | None = None


def _has_c_utf8() -> bool:
    global _C_UTF8
    if _C_UTF8 is None:
        try:
            out = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10, check=False).stdout
            _C_UTF8 = any(line.strip().lower() in ("c.utf8", "c.utf-8") for line in out.splitlines())
        except (OSError, subprocess.SubprocessError):
            _C_UTF8 = False
    return _C_UTF8
