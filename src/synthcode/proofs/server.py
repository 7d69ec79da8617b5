"""A warm Nagini verifier in a jail: started once per process, on the first proof, reused for all.

Nagini lives in a virtualenv of its own (it pins old z3, mypy and pytest), by default
``/opt/synthcode/nagini`` (``scripts/setup.sh`` creates it; ``SYNTHCODE_NAGINI`` names another).
Its Python runs :mod:`synthcode.proofs.nagini_server`, which keeps one JVM and answers JSON lines
over a pipe, so a proof costs seconds instead of the minute a cold JVM costs::

    server = shared_server()            # missing() says why it cannot run
    answer = server.prove(source, seconds=60)
    answer.verdict                      # "verified", "failed", "unsupported", "budget", "timeout", "error"

Nagini never imports or runs the module it verifies (it type-checks it with mypy and translates
its AST), so the sample's code does not run here, and both sandbox backends share this jail. It is
the sandbox's spirit all the same: bubblewrap with every namespace unshared (no network), read-only
binds of the system and of Nagini's environment only, a private ``/tmp``, an address-space limit
and a JVM heap limit.

A request's budget counts work, so the verdict is the same on a busy machine as on an idle one:
each z3 query has a resource limit (z3's ``rlimit``, which Silicon derives from its per-query
timeouts), and the whole request may spend ``seconds`` CPU seconds of the jail's processes (JVM and
z3); the server's watchdog ends a request past it (``Answer.verdict == "budget"``; the next request
starts a fresh server). Wall-clock time is only a safety net, ``wall_factor`` times the budget plus
:data:`WALL_SLACK` (Silicon's own ``--timeout``, then this client's wait): a request that runs into
it is ``"timeout"``, which the proof stage runs again alone before judging.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import select
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_VENV = "/opt/synthcode/nagini"
VENV_ENV = "SYNTHCODE_NAGINI"
REQUIRE_ENV = "SYNTHCODE_REQUIRE_NAGINI"
"""Set to 1 (CI does) to turn a missing Nagini into an error instead of a skip."""
MEMORY_MB = 6144
"""Address-space limit of the jail's processes; the JVM's heap gets a third of it."""
START_SECONDS = 600.0
"""Wall-clock seconds the server may take to start (a cold JVM loading Viper: about a minute of CPU)."""
WALL_FACTOR = 3.0
"""The default wall-clock safety net of a request: this many times its CPU budget, plus
:data:`WALL_SLACK` (the verify config's ``wall_factor`` is passed in its place)."""
WALL_SLACK = 30.0
"""Wall-clock seconds of the safety net beyond ``wall_factor`` times the budget; the client waits
:data:`WALL_SLACK` more than Silicon's own timeout, so Silicon reports first when it can."""


def venv_path(configured: str | None = None) -> Path:
    """Nagini's virtualenv: the config's ``proof.nagini``, else ``SYNTHCODE_NAGINI``, else the default."""
    return Path(configured or os.environ.get(VENV_ENV) or DEFAULT_VENV)


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def missing(venv: Path | None = None) -> str | None:
    """Why Nagini cannot run here, or None."""
    venv = venv or venv_path()
    if not (venv / "bin" / "python").exists():
        return (f"Nagini is not installed: no {venv}/bin/python (scripts/setup.sh creates it; "
                f"{VENV_ENV} names another virtualenv)")
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed; the proof stage runs Nagini under it"
    if shutil.which("java") is None and not Path("/usr/lib/jvm").exists():
        return "no Java runtime (openjdk-17-jre-headless; scripts/setup.sh installs it)"
    return None


def versions(venv: Path | None = None) -> dict[str, str]:
    """Nagini's, Viper's (Silicon's) and z3's versions, read from the virtualenv without starting it."""
    venv = venv or venv_path()
    out: dict[str, str] = {}
    for site in venv.glob("lib/python*/site-packages"):
        for dist, key in (("nagini", "nagini"), ("z3_solver", "nagini_z3")):
            for info in site.glob(f"{dist}-*.dist-info"):
                out[key] = info.name[len(dist) + 1:-len(".dist-info")]
        jar = site / "nagini_translation" / "resources" / "backends" / "silicon.jar"
        try:
            with zipfile.ZipFile(jar) as z:
                manifest = z.read("META-INF/MANIFEST.MF").decode()
            version = next(line.split(":", 1)[1].strip() for line in manifest.splitlines()
                           if line.startswith("Implementation-Version:"))
            out["viper"] = f"silicon {version}"
        except (OSError, KeyError, StopIteration, zipfile.BadZipFile):
            pass
    return out


class NaginiStartError(RuntimeError):
    """The server did not start (no bubblewrap namespaces, a broken virtualenv, no Java)."""


@dataclass(slots=True)
class Answer:
    verdict: str
    errors: list[dict] = field(default_factory=list)
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0


def _base_prefix(venv: Path) -> Path | None:
    try:
        for line in (venv / "pyvenv.cfg").read_text().splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "home":
                return Path(value.strip()).resolve().parent
    except OSError:
        pass
    return None


class NaginiServer:
    """One Nagini process in its jail, serving one proof at a time (a lock orders callers)."""

    def __init__(self, venv: Path | None = None, memory_mb: int = MEMORY_MB) -> None:
        self.venv = venv or venv_path()
        self.memory_mb = memory_mb
        self.lock = threading.Lock()
        self.process: subprocess.Popen[str] | None = None
        self.ready: dict | None = None
        self.starts = 0

    def command(self) -> list[str]:
        script_dir = Path(__file__).resolve().parent
        cmd = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
               "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--chdir", "/tmp",
               "--setenv", "TMPDIR", "/tmp", "--setenv", "HOME", "/tmp",
               "--setenv", "JAVA_TOOL_OPTIONS", f"-Xmx{self.memory_mb // 3}m"]
        for top in ("usr", "etc", "lib", "lib64", "bin", "sbin"):
            path = Path("/") / top
            if path.is_symlink():
                cmd += ["--symlink", os.readlink(path), str(path)]
            elif path.exists():
                cmd += ["--ro-bind", str(path), str(path)]
        binds = [self.venv, _base_prefix(self.venv), script_dir]
        for path in binds:
            if path is not None and path.exists() and not str(path).startswith(("/usr/", "/etc/")):
                cmd += ["--ro-bind", str(path), str(path)]
        return cmd + [str(self.venv / "bin" / "python"), str(script_dir / "nagini_server.py")]

    def _limits(self) -> None:
        limit = self.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    def start(self) -> None:
        self.starts += 1
        log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=log, text=True, preexec_fn=self._limits)
        line = self._readline(START_SECONDS)
        if not line:
            try:
                self.process.wait(timeout=2)
                exited = True
            except subprocess.TimeoutExpired:
                exited = False
            self.close()
            log.seek(0)
            tail = [t for t in log.read().decode(errors="replace").splitlines() if t.strip()][-1:]
            what = "exited before it was ready" if exited else f"did not start within {START_SECONDS:g} s"
            raise NaginiStartError(f"the Nagini server {what}" + (f": {tail[0].strip()[:300]}" if tail else ""))
        log.close()
        self.ready = json.loads(line)

    def _readline(self, seconds: float) -> str | None:
        assert self.process is not None and self.process.stdout is not None
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            readable, _, _ = select.select([self.process.stdout], [], [], min(left, 1.0))
            if readable:
                return self.process.stdout.readline() or None
            if self.process.poll() is not None:
                return None

    def resources_per_ms(self) -> int:
        """Silicon's z3 resources per millisecond (each query's rlimit is its timeout times this),
        as the running server reported it; 0 before it has started."""
        return int((self.ready or {}).get("z3_resources_per_ms") or 0)

    def wall_limit(self, seconds: float, wall_factor: float = WALL_FACTOR) -> float:
        """Silicon's wall-clock timeout for a request with a budget of ``seconds`` CPU seconds."""
        return wall_factor * seconds + WALL_SLACK

    def prove(self, source: str, seconds: float, wall_factor: float = WALL_FACTOR) -> Answer:
        """Verify ``source`` with a budget of ``seconds`` CPU seconds (JVM and z3 together; past it,
        ``"budget"``); wall-clock time past ``wall_factor`` times that is ``"timeout"``."""
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.start()
            assert self.process is not None and self.process.stdin is not None
            started = time.monotonic()
            wall = self.wall_limit(seconds, wall_factor)
            try:
                self.process.stdin.write(json.dumps({"source": source, "cpu_seconds": seconds,
                                                     "timeout": max(1, round(wall))}) + "\n")
                self.process.stdin.flush()
            except OSError:
                self.close()
                return Answer("error", [{"line": 0, "message": "the Nagini server exited"}])
            line = self._readline(wall + WALL_SLACK)
            spent = time.monotonic() - started
            if line is None:
                code = self.process.poll()
                self.close()
                if code == 75:
                    return Answer("budget", [{"line": 0, "message": f"spent its {seconds:g} CPU seconds"}],
                                  cpu_seconds=seconds, wall_seconds=spent)
                return Answer("timeout", [{"line": 0, "message": f"no answer after {spent:.0f} s"}],
                              wall_seconds=spent)
            data = json.loads(line)
            # A query that spends its z3 rlimit is a failed obligation ("might not hold"), the same on
            # any machine; only Silicon's whole-run (wall-clock) timeout is "timeout".
            return Answer(data["verdict"], data.get("errors", []), float(data.get("cpu_seconds", 0.0)), spent)

    def close(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()


class ServerPool:
    """Up to ``size`` Nagini servers for one virtualenv, each serving one proof at a time, so that
    ``--workers N`` threads are not queued behind one JVM. Each server starts on the first proof it
    is given (about a minute of CPU, and half a gigabyte resident, up to its 2 GB heap), so a pool
    larger than the proofs running at once costs nothing."""

    def __init__(self, venv: Path | None = None, size: int = 1) -> None:
        self.venv = venv or venv_path()
        self.servers: list[NaginiServer] = []
        self._free: list[NaginiServer] = []
        self._cond = threading.Condition()
        self.resize(size)

    def resize(self, size: int) -> None:
        """Grow to ``size`` servers (a pool never shrinks: a running proof may hold any of them)."""
        with self._cond:
            while len(self.servers) < size:
                server = NaginiServer(self.venv)
                self.servers.append(server)
                self._free.append(server)
            self._cond.notify_all()

    def prove(self, source: str, seconds: float, wall_factor: float = WALL_FACTOR) -> Answer:
        """:meth:`NaginiServer.prove` on a free server (a started one first), waiting for one."""
        with self._cond:
            while not self._free:
                self._cond.wait()
            self._free.sort(key=lambda server: server.process is None)
            server = self._free.pop(0)
        try:
            return server.prove(source, seconds, wall_factor)
        finally:
            with self._cond:
                self._free.append(server)
                self._cond.notify()

    def start(self) -> None:
        """Start the servers that are not running (the bench times this)."""
        for server in self.servers:
            if server.process is None or server.process.poll() is not None:
                server.start()

    def resources_per_ms(self) -> int:
        return max((server.resources_per_ms() for server in self.servers), default=0)

    def close(self) -> None:
        for server in self.servers:
            server.close()


_SHARED: dict[str, ServerPool] = {}
_SHARED_LOCK = threading.Lock()


def shared_server(venv: Path | None = None, servers: int = 1) -> ServerPool:
    """This process's pool of servers for a virtualenv (the configured one by default), grown to
    ``servers``; its servers start on first use."""
    venv = venv or venv_path()
    with _SHARED_LOCK:
        if str(venv) not in _SHARED:
            _SHARED[str(venv)] = ServerPool(venv, servers)
        pool = _SHARED[str(venv)]
    pool.resize(servers)
    return pool


@atexit.register
def _close_all() -> None:
    for pool in _SHARED.values():
        pool.close()
