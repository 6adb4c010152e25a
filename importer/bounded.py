"""Every parse of an uploaded or imported file runs here: in a worker process with a hard time
limit, a memory limit and a bound on the size of what it returns.

A crafted file may make a library (pdfium, lxml) or the number reader work far longer or use
far more memory than its size suggests. In the worker, the damage stays there: past the time
limit the worker is killed; past the memory limit its allocations fail and it ends; a result
too large is refused before it is sent. The caller gets one ReportReadError ("Tệp quá phức tạp
để đọc tự động: … Hãy dán nội dung …") and nothing is written.

Workers are forked from a forkserver that has imported the parser once, so each parse starts in
a few milliseconds, without inheriting the web server's threads or memory. The result comes
back as JSON, never as a pickle: a worker subverted by a crafted file cannot run code in the
server through what it sends.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import resource
import sys
import threading
import time
import types
from collections.abc import Sequence
from dataclasses import dataclass

from report_parser import (
    DEFAULT_MAX_BYTES,
    Figure,
    Finding,
    Indicator,
    Metadata,
    ParsedReport,
    ReportReadError,
    parse_text,
)
from report_parser.reading import MAX_TEXT_CHARS, is_binary_document, read_document, too_complex

__all__ = ["Limits", "LIMITS", "read_report", "read_report_here"]


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0
    # Address space of the worker: the parser and its libraries take about 200 MB of it.
    memory_bytes: int = 1536 * 1024 * 1024
    # The ParsedReport as JSON (the source text is bounded by the reader on its own).
    output_bytes: int = 16 * 1024 * 1024


LIMITS = Limits()
_TOO_MUCH_OUTPUT = "kết quả đọc quá lớn (quá nhiều số liệu hoặc nhận định)"
_context = None
_context_lock = threading.Lock()


def read_report_here(
    data: bytes, filename: str | None = None, indicators: Sequence[Indicator] | None = None
) -> tuple[ParsedReport, str]:
    """(parsed report, source text) of a file's bytes, parsed in this process.

    The source text is the .txt file's text as written (page-break artefacts included), or the
    paragraphs of a .docx / .pdf, one a line. The reader's warnings (Word content it could not
    place) come first among the report's warnings. `indicators`: the catalogue the figures are
    mapped to (the database's, with keywords added by admins); None for the shipped one.
    Raises ReportReadError, and nothing else.
    """
    if len(data) > DEFAULT_MAX_BYTES:
        read_document(data, filename, DEFAULT_MAX_BYTES)  # raises the size message
    try:
        document = read_document(data, filename, DEFAULT_MAX_BYTES)
        if is_binary_document(data):
            text = "\n".join(document.paragraphs)
        else:
            from report_parser.reading import decode_text

            text = decode_text(data)
        # One parse of the text for every format: a .txt is parsed exactly as parse_bytes would.
        parsed = parse_text(text, filename, indicators=None if indicators is None else list(indicators))
    except ReportReadError as exc:
        if isinstance(exc.__cause__, MemoryError):
            raise too_complex("cần quá nhiều bộ nhớ") from None
        raise
    except MemoryError:
        raise too_complex("cần quá nhiều bộ nhớ") from None
    except RecursionError:
        raise too_complex("cấu trúc văn bản lồng nhau quá sâu") from None
    except Exception as exc:  # the parser's contract, kept here too: only ReportReadError leaves
        raise ReportReadError(f"Không đọc được tệp do lỗi không mong đợi ({type(exc).__name__}).") from exc
    parsed.warnings[:0] = document.warnings
    return parsed, text


def _send(connection, message: dict) -> None:
    connection.send_bytes(json.dumps(message, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def _worker(connection, data: bytes, filename: str | None, limits: Limits, indicators=None) -> None:
    """In the worker: set the limits, parse, send {"ok": report, text} or {"error": message}."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        cpu = int(limits.seconds) + 2  # a second guard: the parent kills it at limits.seconds
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        try:
            parsed, text = read_report_here(data, filename, indicators)
        except ReportReadError as exc:
            _send(connection, {"error": exc.message_vi, "peak_kb": _peak_kb()})
            return
        report = json.dumps(parsed.to_dict(), ensure_ascii=False)
        if len(report) > limits.output_bytes:
            _send(connection, {"error": too_complex(_TOO_MUCH_OUTPUT).message_vi, "peak_kb": _peak_kb()})
            return
        _send(connection, {"ok": report, "text": text, "peak_kb": _peak_kb()})
    except MemoryError:
        try:
            _send(connection, {"error": too_complex("cần quá nhiều bộ nhớ").message_vi, "peak_kb": _peak_kb()})
        except Exception:  # noqa: BLE001 - nothing left to tell: the parent sees the worker end
            pass
    finally:
        connection.close()


def _from_json(report: dict) -> ParsedReport:
    """The ParsedReport the worker sent, rebuilt field by field (dates from ISO strings)."""
    meta = dict(report["metadata"])
    for name in ("document_date",):
        if meta.get(name):
            meta[name] = dt.date.fromisoformat(meta[name])
    known = {f.name for f in dataclasses.fields(Metadata)}
    figures = {f.name for f in dataclasses.fields(Figure)}
    findings = {f.name for f in dataclasses.fields(Finding)}
    return ParsedReport(
        metadata=Metadata(**{k: v for k, v in meta.items() if k in known}),
        figures=[Figure(**{k: v for k, v in f.items() if k in figures}) for f in report["figures"]],
        findings=[Finding(**{k: v for k, v in f.items() if k in findings}) for f in report["findings"]],
        warnings=[str(w) for w in report["warnings"]],
    )


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _worker_peak_kb(pid: int | None) -> int | None:
    """Peak resident memory of a worker still running (read before it is killed)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _get_context():
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            # Imported once in the server, so that each worker starts at once.
            context.set_forkserver_preload(["importer.bounded", "lxml.etree", "pypdfium2"])
            _context = context
        return _context


def _start(worker) -> None:
    # multiprocessing re-runs the parent's main script (manage.py, the streamlit launcher) in
    # every worker unless told otherwise; the worker needs none of it, and importing the whole
    # CLI or Streamlit would cost more than the parse. A main module with neither a file nor a
    # spec is not re-run, so one stands in for it while the worker is started.
    with _context_lock:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            worker.start()
        finally:
            if main is not None:
                sys.modules["__main__"] = main


def read_report(
    data: bytes,
    filename: str | None = None,
    *,
    limits: Limits = LIMITS,
    stats: dict | None = None,
    indicators: Sequence[Indicator] | None = None,
) -> tuple[ParsedReport, str]:
    """(parsed report, source text) of a file's bytes, parsed in a worker process under `limits`.

    `filename` None for pasted text. Raises ReportReadError, and nothing else: the reader's own
    messages, or "Tệp quá phức tạp để đọc tự động: …" past a limit. `stats`, when given, gets
    the worker's peak memory ("peak_kb", None if unknown) and its time ("seconds")."""
    started = time.monotonic()
    stats = {} if stats is None else stats
    stats["peak_kb"] = None
    if len(data) > DEFAULT_MAX_BYTES:
        return read_report_here(data, filename, indicators)  # refused on its size before any parsing
    context = _get_context()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_worker, args=(sender, data, filename, limits, indicators), daemon=True)
    try:
        _start(worker)
    except Exception as exc:
        receiver.close()
        sender.close()
        raise ReportReadError("Không khởi động được tiến trình đọc báo cáo; hãy thử lại sau ít phút.") from exc
    sender.close()  # only the worker writes; its end closing is how a crash is seen
    try:
        if not receiver.poll(limits.seconds):
            stats["peak_kb"] = _worker_peak_kb(worker.pid)
            raise too_complex(f"đọc quá {limits.seconds:.0f} giây")
        # The text is at most the reader's MAX_TEXT_CHARS; the report at most output_bytes.
        bound = limits.output_bytes + 4 * MAX_TEXT_CHARS + 2 * len(data) + 1024
        try:
            message = json.loads(receiver.recv_bytes(bound).decode("utf-8", "surrogatepass"))
            stats["peak_kb"] = message.get("peak_kb")
            if "error" in message:
                raise ReportReadError(str(message["error"]))
            result = _from_json(json.loads(message["ok"])), str(message["text"])
        except (EOFError, OSError):
            raise too_complex("tiến trình đọc dừng giữa chừng (thiếu bộ nhớ hoặc lỗi thư viện)") from None
        except ReportReadError:
            raise
        except Exception:  # noqa: BLE001 - whatever the worker sent, the user gets a message
            raise ReportReadError("Không đọc được kết quả của tiến trình đọc báo cáo; chưa lưu gì.") from None
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join(5)
        if worker.exitcode is not None:
            worker.close()
        stats["seconds"] = time.monotonic() - started
    return result
