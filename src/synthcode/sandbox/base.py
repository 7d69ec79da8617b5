"""The sandbox interface: backends start workers; a worker runs one request at a time.

A worker is a long-lived isolated process running :mod:`synthcode.sandbox.runner` (the zygote).
Backends differ only in how they isolate that process and how they talk to it; everything about
the protocol lives here, so adding a backend means writing :meth:`Sandbox.start_worker` and a
:class:`Transport`.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import logging
import marshal
import os
import struct
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from synthcode.analysis import _PARSE_LOCK, compile_tree

log = logging.getLogger(__name__)

# Set for every zygote: LD_BIND_NOW resolves the dynamic symbols once, at start-up; resolved
# lazily, the first call of each libc function in every forked child writes the zygote's GOT
# (a copy-on-write fault, and a symbol lookup) again.
RUNNER_ENVIRONMENT = {"LD_BIND_NOW": "1"}

RUNNER_PATH = Path(__file__).with_name("runner.py")
RUNNER_DIR = RUNNER_PATH.parent


def library_paths() -> list[str]:
    """The host interpreter's site-packages directories (a venv's and, with system site packages, the base's)."""
    return [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and os.path.isdir(p)]


def runner_files() -> list[str]:
    """What a sandbox needs of this package, relative to RUNNER_DIR: the runner and its harnesses."""
    harnesses = sorted(p.relative_to(RUNNER_DIR).as_posix() for p in (RUNNER_DIR / "harnesses").glob("*.py"))
    return ["runner.py", *harnesses]


def runner_digest() -> str:
    """The sha256 that ``sandboxes/build-image.sh`` computes and labels the image with:
    ``sha256sum runner.py harnesses/*.py | sha256sum`` in RUNNER_DIR."""
    import hashlib  # here: loading OpenSSL takes a tenth of verify's imports, and only docker needs this

    listing = "".join(f"{hashlib.sha256((RUNNER_DIR / f).read_bytes()).hexdigest()}  {f}\n"
                      for f in runner_files())
    return hashlib.sha256(listing.encode()).hexdigest()


class SandboxError(RuntimeError):
    """The sandbox itself could not be set up or broke (not a verdict on a sample)."""


class WorkerLost(Exception):
    """A worker gave no usable answer to a request (its message says why); it is retired."""


@dataclass(kw_only=True, slots=True)
class Limits:
    """Resource limits applied to every sample (per worker for memory and processes)."""

    memory_mb: int = 1024
    """Address-space limit of the sample's process, and the worker's cgroup memory limit."""
    cpu_seconds: int = 20
    """CPU time of the sample's process; the wall-clock timeout is set separately."""
    processes: int = 64
    """Processes and threads the worker may hold at once (pids cgroup, or RLIMIT_NPROC)."""
    file_mb: int = 16
    """Largest file the sample may write."""
    disk_mb: int = 64
    """Size of the private tmpfs the sample works in."""
    open_files: int = 256
    output_kb: int = 1024
    """Stdout plus stderr beyond this is an output flood and rejects the sample."""

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"sandbox limit {name} must be a positive integer, got {value!r}")

    def for_runner(self) -> dict[str, int]:
        return {
            "memory_bytes": self.memory_mb << 20,
            "cpu_seconds": self.cpu_seconds,
            "file_bytes": self.file_mb << 20,
            "open_files": self.open_files,
            "output_bytes": self.output_kb << 10,
        }


@dataclass(slots=True)
class RunRequest:
    """One sample to run in a worker under a named harness (``tests`` for now)."""

    code: str
    harness: str = "tests"
    tests: list[str] = field(default_factory=list)
    timeout: float = 10.0
    extra: dict[str, Any] = field(default_factory=dict)
    bytecode: bytes | None = None
    """``code`` already compiled (``marshal``) for the zygote's ``sample_path``; by default the
    worker compiles it, when the zygote's Python reads its bytecode."""
    tree: ast.Module | None = None
    """``code``'s parse, when the caller has it (never sent): the guards' rewrite (``guard`` in
    ``extra``) is then compiled from it instead of a second parse, and the tree given back as it was."""
    cpu_seconds: int | None = None
    """The sample's CPU-time limit for this request, instead of the sandbox's ``Limits.cpu_seconds``
    (a stage whose budget needs more, see ``synthcode.stages.base.Budget.cpu_limit``)."""


@dataclass(slots=True)
class RunResult:
    """What the trusted side observed: the child's events and how it ended.

    ``events`` only holds events that carried this request's nonce; anything else written to the
    result channel is counted in ``forged``.
    """

    events: list[dict[str, Any]]
    exit_code: int | None = None
    signal: int | None = None
    timed_out: bool = False
    flood: bool = False
    result_overflow: bool = False
    forged: int = 0
    output: str = ""
    output_bytes: int = 0
    seconds: float = 0.0
    cpu_limit: bool = False
    """The sample's process used all of its CPU limit (killed by SIGXCPU, or by SIGKILL at the
    hard limit when it ignored SIGXCPU)."""
    worker_died: str | None = None
    """Set when the worker itself died or stopped answering during the request."""

    def find(self, event: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("event") == event]


def parse_events(text: str) -> tuple[list[dict[str, Any]], int]:
    """The events in the child's result channel (one JSON object per line), and how many lines
    were something else."""
    events, malformed = [], 0
    for line in text.split("\n"):
        if not line:
            continue
        try:
            event = json.loads(line)
        except ValueError:
            malformed += 1
            continue
        if isinstance(event, dict):
            events.append(event)
        else:
            malformed += 1
    return events, malformed


STARVED_STRETCH = 4.0
"""The zygote's wall-clock safety net (a request's ``timeout``) leaves out the time the sample spent
runnable but waiting for a CPU (``run_delay`` in /proc/PID/schedstat: a busy machine's time, not
the sample's), up to this many times the timeout in all; the host waits that long for an answer.
A sample that sleeps or blocks is still stopped at the timeout itself."""

AHEAD_MAX = 16 << 10
"""The largest message :meth:`Worker.send_ahead` sends (and at most half of what the transport
buffers): the write must not block while the zygote runs a sample, nor the host, blocked, miss
its answer."""


class Transport(ABC):
    """A byte pipe to and from a worker's runner."""

    @abstractmethod
    def send(self, data: bytes) -> None: ...

    @abstractmethod
    def recv_exact(self, size: int, timeout: float) -> bytes:
        """Read exactly ``size`` bytes or raise ``EOFError`` / ``TimeoutError``."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def alive(self) -> bool: ...

    def buffered(self) -> int:
        """How many bytes :meth:`send` can hand over while the runner reads nothing, at least."""
        return 2 * AHEAD_MAX


class Worker:
    """A started zygote behind a transport; not thread-safe (one request at a time).

    Every request carries an id (a counter) and its nonce, and only an answer that echoes both is
    taken as its answer. A worker that gives no such answer in time (the request's timeout plus
    :attr:`GRACE_SECONDS`), answers another request, dies, or asks to be retired (``"retire":
    true``: the sample left more than the zygote clears in bounded work) is closed at once and
    answers every later request with ``worker_died``, or, when it has a :attr:`replacement`, runs it
    on a fresh zygote that it starts then. So a late answer can never be read as a later request's.
    """

    # Beyond the sample's own timeout, how long the zygote gets to clean up and answer.
    GRACE_SECONDS = 10.0

    def __init__(self, transport: Transport, limits: Limits, name: str) -> None:
        self.transport = transport
        self.limits = limits
        self.name = name
        self._closed = False
        self.info = self._receive(timeout=60.0)
        if self.info.get("op") != "ready":
            self.transport.close()
            raise SandboxError(f"sandbox worker did not start: {self.info.get('message', self.info)}")
        # Where the zygote writes the sample, when its Python reads our bytecode: then samples go
        # compiled (see runner.prepare_sample), which spares the zygote a compile per sample.
        same_bytecode = self.info.get("bytecode") == importlib.util.MAGIC_NUMBER.hex()
        self.sample_path: str | None = self.info.get("sample_path") if same_bytecode else None
        # (code, bytecode): the current sample and reference, and the next ones (differential
        # stages send a sample's reference between two runs of its code)
        self._compiled: list[tuple[str, bytes | None]] = []
        self.while_waiting: Callable[[], None] | None = None
        """Called on the requesting thread while the zygote works on a request (host-side work for
        the next sample); its exceptions are logged, never allowed to lose the reply."""
        self.overrun_seconds = 0.0
        """In total, how long ``while_waiting`` ran on after the zygote had finished a request: the
        time it added to requests (which the verifier takes out of the stages' seconds)."""
        self._ahead: tuple[RunRequest, int, str] | None = None
        """A request sent ahead of its :meth:`run` (see :meth:`send_ahead`), its id and nonce."""
        self._sent = 0
        """Requests sent so far: the next request's id is one more."""
        self.retired: str | None = None
        """Why this worker was closed after a request (see the class docstring); None while in use."""
        self.replacement: Callable[[], Worker] | None = None
        """Starts a fresh worker (``Sandbox.start_worker``): a retired worker takes over its zygote
        for the next request, so a stage that sends several requests goes on after a retirement."""
        self.ahead_seconds: float | None = None
        """How long the zygote ran the last request, when it was sent ahead (it started before
        its :meth:`run` was called, so only the zygote's own measure says how long it ran); None
        otherwise. Set by :meth:`run`; a caller may clear it before a stage."""

    def _receive(self, timeout: float) -> dict[str, Any]:
        (size,) = struct.unpack(">I", self.transport.recv_exact(4, timeout))
        return json.loads(self.transport.recv_exact(size, timeout))

    def _message(self, request: RunRequest) -> tuple[bytes, int, str]:
        """The framed message for ``request``, its id, and the nonce its events must carry."""
        nonce = os.urandom(16).hex()  # what secrets.token_hex does, without importing hashlib
        self._sent += 1
        message = {
            "op": "run",
            "id": self._sent,
            "harness": request.harness,
            "code": request.code,
            "tests": request.tests,
            "nonce": nonce,
            "timeout": request.timeout,
            "starved_stretch": STARVED_STRETCH,
            "limits": {**self.limits.for_runner(),
                       **({"cpu_seconds": request.cpu_seconds} if request.cpu_seconds else {})},
            **request.extra,
        }
        if request.bytecode is not None:
            bytecode = request.bytecode
        elif request.extra.get("guard"):
            bytecode = self._guarded_bytecode(request.code, request.extra["guard"], request.tree)
        else:
            bytecode = self._bytecode(request.code)
        if bytecode:
            message["bytecode_size"] = len(bytecode)
        body = json.dumps(message).encode()
        return b"".join((struct.pack(">I", len(body)), body, bytecode or b"")), self._sent, nonce

    def send_ahead(self, request: RunRequest) -> bool:
        """Send ``request`` now, while the zygote still runs the current one; its :meth:`run` then
        only waits for the answer. The zygote reads it the moment it has answered the current
        one, instead of idling until the host has judged that answer and sent the next request.

        Sent only when nothing else is queued and it is small enough (:data:`AHEAD_MAX`) that the
        write cannot block: the zygote does not read while it runs a sample.
        """
        if self._ahead is not None or self.retired is not None:
            return False
        message, ident, nonce = self._message(request)
        if len(message) > min(AHEAD_MAX, self.transport.buffered() // 2):
            self._sent -= 1  # never sent: the zygote's next answer is still for the id before
            return False
        try:
            self.transport.send(message)
        except OSError:  # a dead worker: the next run() finds out, and says so
            return False
        self._ahead = (request, ident, nonce)
        return True

    def _take_over(self, fresh: Worker) -> None:
        """Go on with ``fresh``'s zygote (this one was retired); ``fresh`` is not used again."""
        if fresh.sample_path != self.sample_path:
            self._compiled = []
        self.transport, self.info, self.name = fresh.transport, fresh.info, fresh.name
        self.sample_path = fresh.sample_path
        self._sent, self._ahead, self.retired, self._closed = 0, None, None, False

    def retire(self, reason: str) -> None:
        """Close this worker for good (see the class docstring); later requests get ``worker_died``."""
        if self.retired is None:
            self.retired = reason
            log.info("sandbox worker %s retired: %s", self.name, reason)
        self.close()

    def answer_within(self, request: RunRequest) -> float:
        """How long the host waits for the answer to ``request``: as long as the zygote's safety net
        can stretch for a sample kept waiting for a CPU (``STARVED_STRETCH``), then the grace."""
        return request.timeout * STARVED_STRETCH + self.GRACE_SECONDS

    def _answer(self, ident: int, nonce: str, timeout: float) -> dict[str, Any]:
        """The zygote's answer to request ``ident``; raises :class:`WorkerLost` (and retires the
        worker) if it does not come within ``timeout`` or is another request's."""
        try:
            reply = self._receive(timeout=timeout)
        except TimeoutError as exc:
            self.retire(f"no answer within {timeout:.0f}s")
            raise WorkerLost(f"sandbox worker stopped answering ({exc or 'timeout'}); retired") from None
        except (EOFError, OSError, ValueError) as exc:
            self.retire(f"died: {exc or type(exc).__name__}")
            raise WorkerLost(f"sandbox worker died ({exc or type(exc).__name__})") from None
        if not isinstance(reply, dict) or reply.get("id") != ident or reply.get("nonce") != nonce:
            got = reply.get("id") if isinstance(reply, dict) else None
            self.retire(f"answered request {got!r} when request {ident} was due")
            raise WorkerLost(f"sandbox worker died (it answered request {got!r} when request {ident} "
                             "was due); retired")
        return reply

    def run(self, request: RunRequest) -> RunResult:
        self.ahead_seconds = None
        sent_ahead = False
        waited = 0.0
        if self.retired is not None:
            if self.replacement is None:
                return RunResult(events=[], worker_died=f"sandbox worker retired ({self.retired})")
            self._take_over(self.replacement())
        try:
            if self._ahead is not None and self._ahead[0] is request:
                (_, ident, nonce), self._ahead = self._ahead, None
                sent_ahead = True
            else:
                if self._ahead is not None:  # sent ahead for a run that never came: its answer is no one's
                    (stale, stale_id, stale_nonce), self._ahead = self._ahead, None
                    if self._answer(stale_id, stale_nonce, self.answer_within(stale)).get("retire"):
                        self.retire("the sample left more than the zygote clears")
                        if self.replacement is None:
                            return RunResult(events=[], worker_died=f"sandbox worker retired ({self.retired})")
                        self._take_over(self.replacement())
                message, ident, nonce = self._message(request)
                try:
                    self.transport.send(message)
                except (EOFError, OSError, ValueError) as exc:
                    self.retire(f"died: {exc or type(exc).__name__}")
                    raise WorkerLost(f"sandbox worker died ({exc or type(exc).__name__})") from None
            if self.while_waiting is not None:
                started = time.perf_counter()
                try:
                    self.while_waiting()
                except Exception:
                    log.exception("work done while waiting on worker %s failed", self.name)
                waited = time.perf_counter() - started
            reply = self._answer(ident, nonce, self.answer_within(request))
        except WorkerLost as exc:
            return RunResult(events=[], worker_died=str(exc))
        if reply.get("retire"):  # its answer stands; the zygote has exited
            self.retire("the sample left more than the zygote clears")
        # Only the part of that work that outlasted the sandbox's own run made this request longer.
        self.overrun_seconds += max(0.0, waited - reply.get("seconds", 0.0))
        if reply.get("op") == "error":  # the worker cannot run this harness: not a verdict
            raise SandboxError(reply.get("message", "the sandbox worker refused the request"))
        if reply.get("restored"):
            log.debug("sandbox worker %s put back what a sample changed: %s", self.name, reply["restored"])
        if sent_ahead:
            self.ahead_seconds = reply.get("seconds", 0.0)
        events, malformed = parse_events(reply["events"])
        mine = [e for e in events if e.get("nonce") == nonce]
        ended = reply.get("ended", {})
        return RunResult(
            events=mine,
            exit_code=ended.get("code"),
            signal=ended.get("signal"),
            cpu_limit=bool(ended.get("cpu_limit")),
            timed_out=reply["timed_out"],
            flood=reply["flood"],
            result_overflow=reply["result_overflow"],
            forged=len(events) - len(mine) + malformed,
            output=reply.get("output", ""),
            output_bytes=reply.get("output_bytes", 0),
            seconds=reply.get("seconds", 0.0),
        )

    def prepare(self, code: str, reference: str | None = None, tree: ast.Module | None = None) -> None:
        """Compile a sample (and its reference) for this worker now, ahead of the requests;
        ``tree`` is the sample's parse, when the caller has it (compiling it skips a parse)."""
        self._bytecode(code, tree)
        self._bytecode(reference)

    def _bytecode(self, code: str | None, tree: ast.Module | None = None) -> bytes | None:
        """``code`` compiled for the zygote (marshal), or None if it must compile it itself."""
        if self.sample_path is None or not isinstance(code, str):
            return None
        for known, encoded in self._compiled:  # several stages send the same sample in a row
            if known is code:
                return encoded
        try:
            # As the zygote would compile it: no __future__ flags of ours, asserts kept.
            compiled = (compile(code, self.sample_path, "exec", dont_inherit=True, optimize=0)
                        if tree is None else compile_tree(tree, self.sample_path))
            encoded = marshal.dumps(compiled)
        except Exception:  # the zygote compiles it again, and reports the error as the child's
            encoded = None
        self._compiled = [*self._compiled[-3:], (code, encoded)]
        return encoded

    def _guarded_bytecode(self, code: str, plan: dict[str, Any], tree: ast.Module | None = None) -> bytes | None:
        """``code`` with its assertions rewritten by the guards' ``plan`` (see
        ``harnesses/guards.py``), compiled for the zygote; None if it must do that itself.
        ``tree`` (``code``'s parse) is rewritten, compiled and given back unchanged."""
        if self.sample_path is None:
            return None
        from synthcode.sandbox.harnesses import guards

        undo: list = []
        try:
            with _PARSE_LOCK:
                try:
                    compiled = compile(guards.rewrite(tree if tree is not None else ast.parse(code), plan, undo),
                                       self.sample_path, "exec", dont_inherit=True, optimize=0)
                finally:
                    guards.restore(undo)
            return marshal.dumps(compiled)
        except Exception:  # the zygote rewrites and compiles it again, and reports the error
            return None

    def alive(self) -> bool:
        return self.retired is None and self.transport.alive()

    def close(self) -> None:
        """Stop the zygote; closing twice (a retired worker, then its owner) does nothing more."""
        if not self._closed:
            self._closed = True
            self.transport.close()


class Sandbox(ABC):
    """A backend: knows how to start isolated workers with the given limits."""

    name: ClassVar[str]
    isolated: ClassVar[bool] = True

    def __init__(self, limits: Limits | None = None, preload: tuple[str, ...] = ()) -> None:
        self.limits = limits or Limits()
        self.preload = tuple(preload)
        """Modules a worker imports (once, when first asked for a harness other than tests)."""
        self._counter = 0
        self._lock = threading.Lock()

    def _next_name(self) -> str:
        with self._lock:
            self._counter += 1
            return f"{self.name}-{os.getpid()}-{self._counter}"

    @abstractmethod
    def start_worker(self) -> Worker:
        """Start one worker; raise :class:`SandboxError` with a one-line reason on failure."""

    def check(self) -> None:
        """Raise :class:`SandboxError` if this backend cannot run here (before any work)."""

    def close(self) -> None:
        """Release what the backend holds beyond its workers."""


def runner_arguments(preload: tuple[str, ...], paths: list[str], scratch: str = "/tmp") -> list[str]:
    args = ["--preload", ",".join(preload)] if preload else []
    for path in paths:
        args += ["--path", path]
    return [*args, scratch]
