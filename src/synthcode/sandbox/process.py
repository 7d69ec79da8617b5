"""The ``process`` backend: each worker is a bubblewrap sandbox holding one zygote.

Isolation, per worker: new user, pid, network, mount, ipc, uts and cgroup namespaces, and no
further user namespaces inside; uid and gid 65534 with every capability dropped; a file system made
of read-only binds of the system directories and the Python installation only (the host's /tmp,
/home, /root, /etc and secrets are absent); size-capped tmpfs at /tmp and /dev/shm and a private
mqueue as the only writable places (the zygote empties them after every sample); an empty
environment, stdin closed. When run as root, a cgroup (v1 ``pids`` and ``memory``) caps processes
and memory for the whole worker, because RLIMIT_NPROC does not bind a process that is root on the
host; otherwise RLIMIT_NPROC applies. Per sample, rlimits cap address space, CPU time, file size
and open files.

What it does not isolate: the kernel is shared (no seccomp filter, unlike docker's default
profile). When run as root, bwrap maps the sandbox's uid 65534 to host uid 0 (without
capabilities), so any host file the sandbox can see and that checks only the owner is reachable:
that is why the binds are read-only, /proc/sys is re-bound read-only and nested user namespaces are
disabled. Running synthcode as an ordinary user avoids this (the sandbox is then that user).
"""

from __future__ import annotations

import fcntl
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from synthcode.sandbox.base import (
    RUNNER_DIR, RUNNER_ENVIRONMENT, Limits, Sandbox, SandboxError, Transport, Worker, library_paths,
    runner_arguments,
)

log = logging.getLogger(__name__)

CGROUP_ROOT = Path("/sys/fs/cgroup")
RUNNER_DIR_IN_SANDBOX = "/opt/synthcode"


class PipeTransport(Transport):
    """Talks to a worker over the stdin/stdout pipes of a local process."""

    def __init__(self, process: subprocess.Popen, on_close=None) -> None:
        self.process = process
        self._buffer = b""
        self._on_close = on_close

    def send(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def recv_exact(self, size: int, timeout: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while len(self._buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no answer within {timeout:.0f}s")
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    code = self.process.poll()
                    raise EOFError(f"worker exited with {code}" if code is not None else "worker closed its pipe")
                self._buffer += chunk
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def buffered(self) -> int:
        # A user over pipe-user-pages-soft gets pipes of a page or two, not 64 KiB.
        assert self.process.stdin is not None
        try:
            return fcntl.fcntl(self.process.stdin.fileno(), fcntl.F_GETPIPE_SZ)
        except OSError:
            return 4096

    def alive(self) -> bool:
        if self.process.poll() is not None:
            return False
        # A zygote that quit leaves bwrap exiting for a moment; its pipe already reads as EOF.
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while select.select([fd], [], [], 0)[0]:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return False
            self._buffer += chunk
        return True

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        if self._on_close is not None:
            self._on_close()


class Cgroup:
    """A v1 cgroup in the ``pids`` and ``memory`` hierarchies for one worker.

    The hierarchies are global to the kernel, shared with every other job on the machine (and with
    other containers), and a worker killed with SIGKILL leaves its directories behind; so a cgroup
    never reuses an existing directory (whose stale limits could clash with ours), and empty
    leftovers older than :data:`STALE_AFTER` seconds are swept when this process makes its first.
    """

    STALE_AFTER = 3600.0
    _swept = False  # once per process: a sweep reads every leftover, and a batch may start many workers

    def __init__(self, name: str, limits: Limits) -> None:
        self.dirs = self._claim(name)
        try:
            (self.dirs[0] / "pids.max").write_text(str(limits.processes))
            # The worker's budget: the sample's cap plus headroom for the zygote and its tmpfs.
            memory = (limits.memory_mb + limits.disk_mb + 256) << 20
            (self.dirs[1] / "memory.limit_in_bytes").write_text(str(memory))
            swap = self.dirs[1] / "memory.memsw.limit_in_bytes"
            if swap.exists():
                swap.write_text(str(memory))
        except OSError as exc:
            self.remove()
            raise SandboxError(f"could not set the limits of cgroup {name}: {exc}") from None

    @staticmethod
    def parents() -> list[Path]:
        return [CGROUP_ROOT / "pids" / "synthcode", CGROUP_ROOT / "memory" / "synthcode"]

    @classmethod
    def _claim(cls, name: str) -> list[Path]:
        """Create fresh directories for ``name`` (or ``name.1``, ``name.2``, ... if it is taken)."""
        if not Cgroup._swept:
            Cgroup._swept = True
            cls.sweep()
        for attempt in range(100):
            leaf = name if attempt == 0 else f"{name}.{attempt}"
            made: list[Path] = []
            try:
                for parent in cls.parents():
                    parent.mkdir(parents=True, exist_ok=True)
                    (parent / leaf).mkdir()  # exclusive: fails if someone else has it
                    made.append(parent / leaf)
                return made
            except OSError as exc:
                for directory in made:
                    directory.rmdir()
                if not isinstance(exc, FileExistsError):
                    raise SandboxError(f"could not create cgroup {leaf}: {exc}") from None
        raise SandboxError(f"could not create a cgroup for {name}: the names {name}.* are all taken")

    @classmethod
    def sweep(cls, older_than: float | None = None, prefix: str = "") -> int:
        """Remove empty worker cgroups (named ``prefix...``) left by killed jobs; return how many went."""
        cutoff = time.time() - (cls.STALE_AFTER if older_than is None else older_than)
        removed = 0
        for parent in cls.parents():
            try:
                children = [c for c in parent.iterdir() if c.is_dir() and c.name.startswith(prefix)]
            except OSError:
                continue
            for child in children:
                try:
                    if child.stat().st_mtime > cutoff or (child / "cgroup.procs").read_text().strip():
                        continue
                    child.rmdir()  # refused by the kernel while a process is inside
                    removed += 1
                except OSError:
                    pass
        return removed

    @property
    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def remove(self) -> None:
        for directory in self.dirs:
            procs = directory / "cgroup.procs"
            for _ in range(1000):  # a killed worker's processes leave within milliseconds
                try:
                    pids = [int(p) for p in procs.read_text().split()]
                except OSError:
                    break
                if not pids:
                    break
                for pid in pids:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                time.sleep(0.001)
            try:
                directory.rmdir()
            except OSError:
                pass

    @staticmethod
    def available() -> bool:
        return os.geteuid() == 0 and all(
            os.access(CGROUP_ROOT / c, os.W_OK) for c in ("pids", "memory")
        )


def _python_roots() -> list[str]:
    """Directories that must be visible for the current interpreter and its site-packages."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             str(Path(sys.executable).resolve().parent.parent)}
    resolved = {str(Path(r).resolve()) for r in roots}
    system = ("/usr", "/bin", "/lib", "/lib64", "/sbin")
    keep = sorted(r for r in roots | resolved if r and not r.startswith(system) and Path(r).exists())
    # Drop paths nested in another kept path.
    return [r for r in keep if not any(r != o and r.startswith(o.rstrip("/") + "/") for o in keep)]


class ProcessSandbox(Sandbox):
    """Linux namespaces through bubblewrap; needs no daemon."""

    name = "process"

    def __init__(self, limits: Limits | None = None, preload: tuple[str, ...] = (),
                 bwrap: str | None = None) -> None:
        super().__init__(limits, preload)
        self.bwrap = bwrap or shutil.which("bwrap")
        self.use_cgroups = Cgroup.available()

    def check(self) -> None:
        hidden = [r for r in _python_roots() if r.startswith(("/tmp/", "/dev/", "/proc/"))]
        if hidden:
            raise SandboxError(f"the Python environment at {hidden[0]} lies under a directory the sandbox "
                               "replaces (/tmp, /dev, /proc); create the virtualenv elsewhere")
        if not self.bwrap:
            raise SandboxError("bubblewrap (bwrap) is not installed: apt-get install bubblewrap, "
                               "or choose --sandbox docker")
        if os.geteuid() == 0 and not self.use_cgroups:
            raise SandboxError("running as root needs writable cgroup v1 pids and memory hierarchies "
                               "under /sys/fs/cgroup to cap processes and memory")

    def command(self) -> list[str]:
        limits = self.limits
        cmd = [
            self.bwrap, "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
            "--disable-userns", "--die-with-parent", "--as-pid-1", "--cap-drop", "ALL",
            "--hostname", "sandbox",
            "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
            "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
            *(arg for name, value in RUNNER_ENVIRONMENT.items() for arg in ("--setenv", name, value)),
            "--ro-bind", "/usr", "/usr",
        ]
        for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            path = Path(top)
            if path.is_symlink():
                cmd += ["--symlink", os.readlink(path), top]
            elif path.is_dir():
                cmd += ["--ro-bind", top, top]
        for name in ("ld.so.cache", "ld.so.conf", "localtime"):
            if Path("/etc", name).exists():
                cmd += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
        for root in _python_roots():
            cmd += ["--ro-bind", root, root]
        cmd += [
            "--ro-bind", str(RUNNER_DIR), RUNNER_DIR_IN_SANDBOX,
            "--proc", "/proc",
            # The sandbox uid is host root when we run as root: bwrap covers /proc/sysrq-trigger
            # but not /proc/sys, whose files only check that uid (core_pattern, modprobe, ...).
            "--ro-bind", "/proc/sys", "/proc/sys",
            "--dev", "/dev",
            "--size", str(limits.disk_mb << 20), "--tmpfs", "/dev/shm",
            "--mqueue", "/dev/mqueue",
            "--remount-ro", "/dev",
            "--size", str(limits.disk_mb << 20), "--tmpfs", "/tmp",
            "--remount-ro", "/",
            "--chdir", "/tmp",
            # -S: no site (its .pth imports make the zygote, and so every fork, far dearer);
            # the runner appends the library directories to sys.path itself, importing nothing.
            sys.executable, "-I", "-S", "-B", f"{RUNNER_DIR_IN_SANDBOX}/runner.py",
            *runner_arguments(self.preload, library_paths()),
        ]
        return cmd

    def start_worker(self) -> Worker:
        self.check()
        name = self._next_name()
        cgroup = Cgroup(name, self.limits) if self.use_cgroups else None
        cmd = self.command()
        if cgroup is not None:
            # Join the cgroups before bwrap starts, so nothing it forks escapes them.
            join = "; ".join(f'echo $$ > "{f}"' for f in cgroup.procs_files)
            cmd = ["/bin/sh", "-c", f'{join} && exec "$@"', "sh", *cmd]
        else:
            limits = self.limits
            cmd = ["prlimit", f"--nproc={limits.processes}", "--", *cmd] if shutil.which("prlimit") else cmd
        try:
            process = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                start_new_session=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            )
        except OSError as exc:
            if cgroup is not None:
                cgroup.remove()
            raise SandboxError(f"could not start bwrap: {exc}") from None
        transport = PipeTransport(process, on_close=cgroup.remove if cgroup else None)
        try:
            return Worker(transport, self.limits, name)
        except (EOFError, TimeoutError, OSError, ValueError) as exc:
            stderr = b""
            if process.poll() is not None and process.stderr is not None:
                stderr = process.stderr.read()
            transport.close()
            detail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [str(exc)]
            raise SandboxError(f"sandbox worker failed to start: {detail[0]}") from None
