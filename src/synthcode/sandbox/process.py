"""The ``process`` backend: each worker is a bubblewrap sandbox holding one zygote.

Isolation, per worker: new user, pid, network, mount, ipc, uts and cgroup namespaces; uid and gid
65534 with every capability dropped; the seccomp filter of :mod:`synthcode.sandbox.seccomp` (the
docker backend's too), which also refuses further namespaces; a file system made of read-only
binds of the system directories and the Python installation only (the host's /tmp, /home, /root,
/etc and secrets are absent); size-capped tmpfs at /tmp and /dev/shm and a private mqueue as the
only writable places (the zygote empties them after every sample); an empty environment, stdin
closed; a fresh, empty session keyring. When run as root, a cgroup (v1 ``pids`` and ``memory``)
caps processes and memory for the whole worker; otherwise RLIMIT_NPROC applies. Per sample,
rlimits cap address space, CPU time, file size and open files.

Who the sandbox is on the host: run as an ordinary user, that user (bwrap maps 65534 to it). Run
as root, a uid and gid of its own per worker, claimed from :data:`SANDBOX_USER`'s subordinate range
for the worker's lifetime (:mod:`synthcode.sandbox.ids`), or, without a range, that user itself
(with a warning). The :data:`LAUNCHER` creates the user namespace as that id (so the kernel
charges per-user counters to it, not to root, nor to another worker), maps namespace 0 to host root
for bwrap's set-up (reading the bind sources) and 65534 to that id, and bwrap runs ``setpriv`` to
become 65534 with no capabilities before the zygote starts. bwrap's own ``--uid`` does not apply
to a namespace it is handed, hence setpriv.

What it does not isolate: the kernel is shared. Workers that share a host uid (run as an ordinary
user, or as root without a subordinate range) share its per-user limits.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import pwd
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
from synthcode.sandbox import seccomp
from synthcode.sandbox.ids import HostId, IdPool

log = logging.getLogger(__name__)

CGROUP_ROOT = Path("/sys/fs/cgroup")
RUNNER_DIR_IN_SANDBOX = "/opt/synthcode"
SANDBOX_USER = "synthcode-sandbox"
"""The unprivileged host user whose subordinate ids (:mod:`synthcode.sandbox.ids`) the workers run as
when synthcode runs as root, one pair per worker; without a range, every worker is this user."""
USERNS_FD = "@USERNS_FD@"

LAUNCHER = r'''
import ctypes, json, os, resource, sys

def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(1)

spec, argv = json.loads(sys.argv[1]), sys.argv[2:]
try:
    for procs in spec["cgroups"]:
        with open(procs, "w") as f:
            f.write(str(os.getpid()))
except OSError as exc:
    fail(f"could not join the worker's cgroup: {exc}")
if spec["nproc"]:
    resource.setrlimit(resource.RLIMIT_NPROC, (spec["nproc"], spec["nproc"]))
libc = ctypes.CDLL(None, use_errno=True)
# KEYCTL_JOIN_SESSION_KEYRING with no name: a new, empty, anonymous session keyring (ENOSYS: no keys at all)
if spec["keyctl"] is not None and libc.syscall(spec["keyctl"], 1, None) < 0 and ctypes.get_errno() != 38:
    fail("could not join a new session keyring: " + os.strerror(ctypes.get_errno()))
if spec["uid"] is not None:
    uid, gid = spec["uid"], spec["gid"]
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(ready_r)
            os.close(go_w)
            os.setgroups([])
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)
            if libc.unshare(0x10000000) == 0:  # CLONE_NEWUSER
                os.write(ready_w, b"ok")
                os.read(go_r, 1)
            else:
                os.write(ready_w, os.strerror(ctypes.get_errno()).encode())
        finally:
            os._exit(0)
    os.close(ready_w)
    os.close(go_r)
    answer = os.read(ready_r, 200)
    if answer != b"ok":
        fail("could not create a user namespace as the sandbox user: " + answer.decode(errors="replace")
             + " (are unprivileged user namespaces allowed? sysctl user.max_user_namespaces)")
    try:
        with open(f"/proc/{pid}/uid_map", "w") as f:
            f.write(f"0 0 1\n65534 {uid} 1\n")
        with open(f"/proc/{pid}/gid_map", "w") as f:
            f.write(f"0 0 1\n65534 {gid} 1\n")
        userns = os.open(f"/proc/{pid}/ns/user", os.O_RDONLY)
    except OSError as exc:
        fail(f"could not map the sandbox's user namespace: {exc}")
    os.close(go_w)
    os.waitpid(pid, 0)
    os.set_inheritable(userns, True)
    argv = [str(userns) if arg == "@USERNS_FD@" else arg for arg in argv]
os.execv(argv[0], argv)
'''
"""Run by the host's Python (``-I -S -c``) in place of bwrap, as the first process of a worker: it
joins the worker's cgroups (so nothing bwrap forks escapes them) or sets RLIMIT_NPROC; joins a new
anonymous session keyring (the host's would be the sample's: keyrings are not namespaced, and
``/proc/keys`` lists what its reader possesses); as root, creates the sandbox's user namespace *as*
the worker's claimed uid and gid (``spec["uid"]``, ``spec["gid"]``), maps ns 0 to host root (for
bwrap's set-up) and ns 65534 to that id, and hands it to bwrap. A namespace's owner is charged
for everything counted per user inside it (pending signals, message queue bytes), so with root as
its owner a sample could exhaust root's share on the whole host, and with one owner for all
workers, each other's. Then it execs the bwrap command line."""


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
    """A v1 cgroup in the ``pids`` and ``memory`` hierarchies for one worker, and in ``cpu`` where
    it is mounted: there every worker gets an equal share of the cores, so a sample that forks
    CPU burners slows its own worker, not the others (their verdicts count CPU work anyway).

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
            if len(self.dirs) > 2:
                # All workers together weigh as much as one busy process per core would: against
                # the machine's other work they get what they had outside a cpu cgroup.
                shares = self.dirs[2].parent / "cpu.shares"
                shares.write_text(str(min(262144, 1024 * (os.cpu_count() or 1))))
        except OSError as exc:
            self.remove()
            raise SandboxError(f"could not set the limits of cgroup {name}: {exc}") from None

    @staticmethod
    def parents() -> list[Path]:
        parents = [CGROUP_ROOT / "pids" / "synthcode", CGROUP_ROOT / "memory" / "synthcode"]
        if os.access(CGROUP_ROOT / "cpu", os.W_OK):
            parents.append(CGROUP_ROOT / "cpu" / "synthcode")
        return parents

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


def _ancestors(paths) -> list[str]:
    """The directories above ``paths`` that bwrap must create (not / or /usr, nor one of ``paths``
    or inside one), parents first."""
    paths = list(paths)
    taken = [*paths, "/usr"]
    found = {str(parent) for path in paths for parent in Path(path).parents if str(parent) != "/"}
    return sorted((d for d in found if not any(d == t or d.startswith(t.rstrip("/") + "/") for t in taken)),
                  key=lambda d: (d.count("/"), d))


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
        self.setpriv = shutil.which("setpriv", path="/usr/bin:/bin")
        self.use_cgroups = Cgroup.available()
        self.identity: tuple[int, int] | None = None
        """(uid, gid) of :data:`SANDBOX_USER` when run as root: whom the sandbox is on the host
        when :attr:`ids` is None."""
        self.ids: IdPool | None = None
        """As root, where each worker claims a uid and gid of its own (SANDBOX_USER's subordinate range)."""
        self._identity_error = ""
        if os.geteuid() == 0:
            try:
                entry = pwd.getpwnam(SANDBOX_USER)
            except KeyError:
                self._identity_error = (f"running as root needs the unprivileged user {SANDBOX_USER} to run "
                                        "samples as: bash scripts/setup.sh creates it (or useradd --system "
                                        f"--no-create-home --shell /usr/sbin/nologin {SANDBOX_USER})")
            else:
                if entry.pw_uid == 0 or entry.pw_gid == 0:
                    self._identity_error = (f"user {SANDBOX_USER} has uid {entry.pw_uid} and gid {entry.pw_gid}; "
                                            "the sandbox needs an unprivileged one (neither 0)")
                else:
                    self.identity = (entry.pw_uid, entry.pw_gid)
                    self.ids = IdPool.for_owner(SANDBOX_USER)
                    if self.ids is None:
                        log.warning("warning: %s has no subordinate uid and gid range (bash scripts/setup.sh adds "
                                    "one): every process worker runs as that one user and shares its per-user "
                                    "limits (message queues, queued signals, pipes, inotify)", SANDBOX_USER)

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
        if self._identity_error:
            raise SandboxError(self._identity_error)
        if self.identity is not None and not (self.setpriv and self.setpriv.startswith("/usr/")):
            raise SandboxError("running as root needs setpriv in /usr/bin: apt-get install util-linux")

    def command(self, seccomp_fd: int) -> list[str]:
        """The bwrap command line; as root, ``--userns`` takes :data:`USERNS_FD`, which the
        launcher replaces with the namespace it made (see :data:`LAUNCHER`)."""
        limits = self.limits
        if self.identity is not None:
            # bwrap sets up as namespace root (host root, so it can read the bind sources), then
            # setpriv becomes uid 65534 (host: the sandbox user) and drops every capability.
            namespaces = ["--userns", USERNS_FD, "--unshare-ipc", "--unshare-pid", "--unshare-net",
                          "--unshare-uts", "--unshare-cgroup-try", "--cap-drop", "ALL",
                          *(arg for cap in ("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP") for arg in ("--cap-add", cap))]
            become = [self.setpriv, "--reuid", "65534", "--regid", "65534", "--clear-groups",
                      "--inh-caps=-all", "--bounding-set=-all", "--"]
        else:
            namespaces = ["--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
                          "--disable-userns", "--cap-drop", "ALL"]
            become = []
        binds: list[tuple[str, str]] = []
        links: list[str] = []
        for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            path = Path(top)
            if path.is_symlink():
                links += ["--symlink", os.readlink(path), top]
            elif path.is_dir():
                binds.append((top, top))
        for name in ("ld.so.cache", "ld.so.conf", "localtime"):
            if Path("/etc", name).exists():
                binds.append((f"/etc/{name}", f"/etc/{name}"))
        binds += [(root, root) for root in _python_roots()]
        binds.append((str(RUNNER_DIR), RUNNER_DIR_IN_SANDBOX))
        cmd = [
            self.bwrap, *namespaces, "--die-with-parent", "--as-pid-1",
            "--seccomp", str(seccomp_fd),
            "--hostname", "sandbox",
            "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
            "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
            *(arg for name, value in RUNNER_ENVIRONMENT.items() for arg in ("--setenv", name, value)),
            "--ro-bind", "/usr", "/usr", *links,
            # bwrap would create a bind's missing parents with its source parent's mode (0700 for
            # /root), which the sandbox user could not cross.
            *(arg for directory in _ancestors(dest for _, dest in binds)
              for arg in ("--perms", "0755", "--dir", directory)),
            *(arg for source, dest in binds for arg in ("--ro-bind", source, dest)),
        ]
        cmd += [
            "--proc", "/proc",
            # Host root's /proc/sys files check only the uid; read-only in any case.
            "--ro-bind", "/proc/sys", "/proc/sys",
            "--dev", "/dev",
            # 1777: as root, bwrap's user (namespace root) owns them, not the sandbox's uid.
            "--perms", "1777", "--size", str(limits.disk_mb << 20), "--tmpfs", "/dev/shm",
            "--mqueue", "/dev/mqueue",
            "--remount-ro", "/dev",
            "--perms", "1777", "--size", str(limits.disk_mb << 20), "--tmpfs", "/tmp",
            "--remount-ro", "/",
            "--chdir", "/tmp",
            *become,
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
        try:
            seccomp_fd = seccomp.bpf_fd()
        except (SandboxError, OSError) as exc:
            if cgroup is not None:
                cgroup.remove()
            raise SandboxError(f"could not prepare the seccomp filter: {exc}") from None
        uid, gid = self.identity or (None, None)
        host: HostId | None = None
        if self.ids is not None:
            try:
                host = self.ids.claim()
            except SandboxError:
                if cgroup is not None:
                    cgroup.remove()
                os.close(seccomp_fd)
                raise
            uid, gid = host.uid, host.gid

        def release() -> None:
            if cgroup is not None:
                cgroup.remove()
            if host is not None:  # after the cgroup: no process of the worker is left with the ids
                host.release()

        spec = {"cgroups": cgroup.procs_files if cgroup is not None else [],
                # Without a cgroup (not root), RLIMIT_NPROC caps the worker's processes.
                "nproc": None if cgroup is not None else self.limits.processes,
                "keyctl": seccomp.syscall_number("keyctl"), "uid": uid, "gid": gid}
        cmd = [sys.executable, "-I", "-S", "-c", LAUNCHER, json.dumps(spec), *self.command(seccomp_fd)]
        try:
            process = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                start_new_session=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
                pass_fds=(seccomp_fd,),
            )
        except OSError as exc:
            release()
            raise SandboxError(f"could not start bwrap: {exc}") from None
        finally:
            os.close(seccomp_fd)
        transport = PipeTransport(process, on_close=release)
        try:
            return Worker(transport, self.limits, name)
        except (EOFError, TimeoutError, OSError, ValueError) as exc:
            stderr = b""
            if process.poll() is not None and process.stderr is not None:
                stderr = process.stderr.read()
            transport.close()
            detail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [str(exc)]
            raise SandboxError(f"sandbox worker failed to start: {detail[0]}") from None
