"""Who the sandbox is on the host, and what its seccomp filter refuses, on every backend.

As in test_adversarial.py, every case checks containment observed on the host (the zygote's
credentials and state in the host's /proc, a host key's payload, the id locks of each worker, a
lock in /proc/locks) and the verdict: each sample asserts that its attack was refused, so it is
accepted only if every attack failed, and rejected, naming the call that worked, otherwise.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import pwd
import struct
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from fakes.verdicts import assert_accepted
from synthcode.sandbox import ids, seccomp
from synthcode.sandbox.base import Limits, RunRequest, SandboxError, Worker
from synthcode.sandbox.ids import IdPool, IdRange
from synthcode.sandbox.process import SANDBOX_USER, ProcessSandbox
from synthcode.registry import SANDBOXES

SUITE = dict(timeout=5.0, memory_mb=256, processes=32, file_mb=8, disk_mb=32, output_kb=64)
libc = ctypes.CDLL(None, use_errno=True)

KEYCTL_GET_KEYRING_ID, KEYCTL_UPDATE, KEYCTL_READ, KEYCTL_INVALIDATE = 0, 2, 11, 21
KEY_SPEC_USER_KEYRING = -4


@pytest.fixture
def verify(verify_source):
    def run(code: str, **overrides):
        return verify_source(code, **{**SUITE, **overrides})
    return run


def sandbox_uids(backend: str) -> range:
    """The host uids a worker of ``backend`` may run as: one per worker from the subordinate range
    (as root, or for docker), else the single fallback."""
    pool = IdPool.for_owner()
    if backend == "docker":
        return range(pool.ids.uid, pool.ids.uid + pool.ids.count) if pool else range(65534, 65535)
    if os.geteuid() != 0:
        return range(os.getuid(), os.getuid() + 1)
    if pool is None:
        uid = pwd.getpwnam(SANDBOX_USER).pw_uid
        return range(uid, uid + 1)
    return range(pool.ids.uid, pool.ids.uid + pool.ids.count)


def worker_of(verify_source) -> Worker:
    worker = verify_source.worker(**SUITE)
    assert worker is not None and worker.alive()
    return worker


def zygote_pid(worker: Worker) -> int:
    """The zygote's pid on the host: the container's entry process, or the runner below bwrap."""
    transport = worker.transport
    if hasattr(transport, "container"):
        transport.container.reload()
        return transport.container.attrs["State"]["Pid"]
    pending = [transport.process.pid]
    while pending:
        pid = pending.pop()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
        if not argv[0].endswith(b"bwrap") and any(a.endswith(b"/runner.py") for a in argv):
            return pid
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                pending += [int(child) for child in f.read().split()]
    raise AssertionError("no zygote below the worker's process")


def status_fields(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/status") as f:
        return dict(line.split(":\t", 1) for line in f.read().splitlines() if ":\t" in line)


def named(name: str) -> list[int]:
    """Host pids of the processes that named themselves ``name`` (prctl PR_SET_NAME), which keeps
    a test from mistaking a concurrent job's sandboxes for its own."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == name:
                        found.append(int(entry))
            except OSError:
                pass
    return found


def name_itself(name: str) -> str:
    """Sample code that names its process ``name`` (at most 15 bytes)."""
    return f"ctypes.CDLL(None).prctl(15, {name.encode()!r}, 0, 0, 0)  # PR_SET_NAME"


def descriptors_to(pid: int, target: str) -> int:
    count = 0
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                count += os.readlink(f"/proc/{pid}/fd/{fd}") == target
            except OSError:
                pass
    except OSError:
        pass
    return count


class Background:
    """``call`` run on a thread: ``running()`` while it runs, ``join()`` its result (or exception)."""

    def __init__(self, call) -> None:
        self._box: dict = {}
        self._thread = threading.Thread(target=self._run, args=(call,))
        self._thread.start()

    def _run(self, call) -> None:
        try:
            self._box["result"] = call()
        except BaseException as exc:  # re-raised by join
            self._box["error"] = exc

    def running(self) -> bool:
        return self._thread.is_alive()

    def join(self):
        self._thread.join(60)
        assert not self._thread.is_alive()
        if "error" in self._box:
            raise self._box["error"]
        return self._box["result"]


def wait_for(find, background: Background, seconds: float = 30.0):
    """``find()``'s first true answer while ``background`` runs; if it never comes, fail with the
    background sample's verdict."""
    deadline = time.monotonic() + seconds
    while background.running() and time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.02)
    found = find()
    if not found:
        sample = background.join()
        pytest.fail(f"the sample never got there: {sample.status} ({sample.reason})")
    return found


# --------------------------------------------------------------------------- identity


def test_the_zygote_is_an_unprivileged_user_on_the_host(verify, verify_source, backend):
    assert_accepted(verify("def test_ok():\n    pass\n"))
    fields = status_fields(zygote_pid(worker_of(verify_source)))
    uid = int(fields["Uid"].split()[0])
    assert uid != 0 and uid in sandbox_uids(backend), (uid, sandbox_uids(backend))
    assert fields["Uid"].split() == [str(uid)] * 4, fields["Uid"]
    assert "0" not in fields["Gid"].split(), fields["Gid"]
    assert int(fields["CapEff"], 16) == int(fields["CapPrm"], 16) == 0
    assert fields["NoNewPrivs"].strip() == "1"
    assert fields["Seccomp"].strip() == "2", "no seccomp filter on the zygote"


def test_a_missing_sandbox_user_is_a_one_line_error(monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("the sandbox user is only needed when running as root")
    import synthcode.sandbox.process as process

    monkeypatch.setattr(process, "SANDBOX_USER", f"synthcode-missing-{uuid.uuid4().hex[:8]}")
    expected = r"^running as root needs the unprivileged user synthcode-missing-\w+ to run samples as: bash scripts/setup"
    with pytest.raises(process.SandboxError, match=expected):
        ProcessSandbox().check()


def lock_is_held(path: Path) -> bool:
    """Whether some process holds ``flock(LOCK_EX)`` on ``path`` (tried without blocking, let go at once)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


WRITABLE = """
import ctypes, os
def test_writable():
    for directory in ("/tmp", "/dev/shm"):
        with open(f"{directory}/mine", "w") as f:
            f.write("x")
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.mq_open(b"/mine", os.O_CREAT | os.O_RDWR, 0o600, None) >= 0, os.strerror(ctypes.get_errno())
"""


def test_each_worker_is_a_host_user_of_its_own(backend):
    # Per-user kernel counters (message queue bytes, queued signals, pipe pages) are kept per host
    # uid: workers that shared one could exhaust them for each other. Each claims its own pair.
    if backend == "process" and os.geteuid() != 0:
        pytest.skip("run as an ordinary user, the process sandbox is that one user")
    pool = IdPool.for_owner()
    if pool is None:
        pytest.skip("no subordinate range of synthcode-sandbox (bash scripts/setup.sh adds it)")
    sandbox = SANDBOXES.load(backend)(limits=Limits(**{k: v for k, v in SUITE.items() if k != "timeout"}))
    workers = []
    try:
        workers = [sandbox.start_worker() for _ in range(3)]
        found = []
        for worker in workers:
            fields = status_fields(zygote_pid(worker))
            uid, gid = int(fields["Uid"].split()[0]), int(fields["Gid"].split()[0])
            assert fields["Uid"].split() == [str(uid)] * 4 and fields["Gid"].split() == [str(gid)] * 4
            assert 0 <= uid - pool.ids.uid == gid - pool.ids.gid < pool.ids.count, (uid, gid, pool.ids)
            found.append(uid)
        assert len(set(found)) == len(found), found
        writes = RunRequest(code=WRITABLE, tests=["test_writable"], timeout=10.0)
        events = [[e["event"] for e in worker.run(writes).events] for worker in workers]
        assert events == [["import", "start", "pass", "done"]] * 3, events
        locks = [pool.lock_dir / f"{uid - pool.ids.uid}.lock" for uid in found]
        assert all(lock_is_held(lock) for lock in locks)
        workers.pop().close()
        assert not lock_is_held(locks[-1]), "a closed worker kept its ids"
    finally:
        for worker in workers:
            worker.close()
        sandbox.close()


def test_without_a_range_root_warns_and_runs_every_worker_as_the_sandbox_user(monkeypatch, tmp_path, caplog):
    if os.geteuid() != 0:
        pytest.skip("the range is only used when running as root")
    (tmp_path / "subuid").write_text("")
    monkeypatch.setattr(ids, "SUBUID", tmp_path / "subuid")
    sandbox = ProcessSandbox(limits=Limits(**{k: v for k, v in SUITE.items() if k != "timeout"}))
    assert sandbox.ids is None
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and warnings[0].startswith("warning: synthcode-sandbox has no subordinate uid"), warnings
    assert "\n" not in warnings[0]
    worker = sandbox.start_worker()
    try:
        uid = int(status_fields(zygote_pid(worker))["Uid"].split()[0])
    finally:
        worker.close()
    assert uid == pwd.getpwnam(SANDBOX_USER).pw_uid


# ------------------------------------------------------------------ the id pool, on real files


def test_subordinate_range_reads_the_owners_first_range(tmp_path):
    subuid, subgid = tmp_path / "subuid", tmp_path / "subgid"
    uid = pwd.getpwnam("root").pw_uid
    subuid.write_text("alice:100000:65536\nbroken line\nowner:200000:1000\nowner:900000:5\n")
    subgid.write_text(f"{uid}:300000:10\n")
    assert ids.subordinate_range("owner", subuid, subgid) is None  # no gid range of its own
    assert ids.subordinate_range("root", subgid, subgid) == IdRange(uid=300000, gid=300000, count=10)  # by uid
    subgid.write_text("owner:400000:500\n")
    assert ids.subordinate_range("owner", subuid, subgid) == IdRange(uid=200000, gid=400000, count=500)
    subuid.write_text("owner:0:65536\n")  # never root's ids
    assert ids.subordinate_range("owner", subuid, subgid) is None
    assert ids.subordinate_range("owner", tmp_path / "missing", subgid) is None


HOLD_AN_ID = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from synthcode.sandbox.ids import IdPool, IdRange
host = IdPool(IdRange(uid=5000, gid=7000, count=4), Path(sys.argv[2])).claim()
print(host.uid, host.gid, flush=True)
time.sleep(60)
"""


def test_ids_are_claimed_once_across_processes_and_freed_by_release_or_death(tmp_path):
    import subprocess

    source = str(Path(ids.__file__).resolve().parents[2])
    other = subprocess.Popen([sys.executable, "-c", HOLD_AN_ID, source, str(tmp_path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().split() == ["5000", "7000"]  # another synthcode process holds index 0
        pool = IdPool(IdRange(uid=5000, gid=7000, count=4), tmp_path)
        mine = [pool.claim() for _ in range(3)]
        assert [(h.uid, h.gid) for h in mine] == [(5001, 7001), (5002, 7002), (5003, 7003)]
        with pytest.raises(SandboxError, match=r"^all 4 sandbox ids of synthcode-sandbox's subordinate range are in "):
            IdPool(IdRange(uid=5000, gid=7000, count=4), tmp_path).claim()  # a second pool, as a second process
        mine[1].release()
        mine[1].release()  # twice: nothing more
        again = pool.claim()
        assert (again.uid, again.gid) == (5002, 7002)
    finally:
        other.kill()
        other.wait()
    freed = pool.claim()  # the dead process's lock went with it
    assert (freed.uid, freed.gid) == (5000, 7000)
    for host in (*mine, again, freed):
        host.release()


# --------------------------------------------------------------------------- keyrings


def keyctl(*args) -> int:
    return libc.syscall(seccomp.syscall_number("keyctl"), *args)


def read_key(serial: int) -> bytes:
    buffer = ctypes.create_string_buffer(4096)
    size = keyctl(KEYCTL_READ, ctypes.c_long(serial), buffer, ctypes.c_size_t(len(buffer)))
    assert size >= 0, os.strerror(ctypes.get_errno())
    return buffer.raw[:size]


def describe(serial: int) -> str:
    """The key's description (KEYCTL_DESCRIBE gives "type;uid;gid;perm;description")."""
    buffer = ctypes.create_string_buffer(4096)
    size = keyctl(6, ctypes.c_long(serial), buffer, ctypes.c_size_t(len(buffer)))
    return buffer.raw[:max(size - 1, 0)].decode(errors="replace").split(";", 4)[-1] if size > 0 else ""


def serials_in(keyring: int) -> set[int]:
    data = read_key(keyring)
    return set(struct.unpack(f"{len(data) // 4}i", data))


@pytest.fixture
def host_key():
    """A key in host root's user keyring (``_uid.0``, which every root process can reach): its
    serial, description and payload, and that keyring's serial; invalidated afterwards."""
    if os.geteuid() != 0:
        pytest.skip("the attack is on host root's keyrings")
    description = f"synthcode-canary-{uuid.uuid4().hex}"
    payload = uuid.uuid4().hex.encode()
    serial = libc.syscall(seccomp.syscall_number("add_key"), b"user", description.encode(), payload,
                          ctypes.c_size_t(len(payload)), ctypes.c_int(KEY_SPEC_USER_KEYRING))
    if serial < 0:
        pytest.skip(f"cannot add a key on this host: {os.strerror(ctypes.get_errno())}")
    keyring = keyctl(KEYCTL_GET_KEYRING_ID, ctypes.c_int(KEY_SPEC_USER_KEYRING), 0)
    before = serials_in(keyring)
    try:
        yield serial, description, payload, keyring
    finally:  # the canary, and what a sample that got through planted beside it (not others' keys)
        planted = {key for key in serials_in(keyring) - before if describe(key).startswith("synthcode-planted-")}
        for key in {serial} | planted:
            keyctl(KEYCTL_INVALIDATE, ctypes.c_long(key))


def test_host_root_keyrings_are_out_of_reach(verify, verify_source, host_key):
    serial, description, payload, keyring = host_key
    planted = f"synthcode-planted-{uuid.uuid4().hex}"
    code = f'''
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
KEYCTL, ADD_KEY = {seccomp.syscall_number("keyctl")}, {seccomp.syscall_number("add_key")}
REQUEST_KEY = {seccomp.syscall_number("request_key")}
SERIAL, KEYRING, DESCRIPTION = {serial}, {keyring}, b"{description}"

def attempt(*args):
    result = libc.syscall(*args)
    return "refused" if result < 0 else f"worked ({{result}})"

def test_keys():
    buffer = ctypes.create_string_buffer(4096)
    with open("/proc/keys") as f:
        listed = f.read()
    found = {{
        "link _uid.0": attempt(KEYCTL, 8, ctypes.c_long(KEYRING), ctypes.c_long(-2)),  # KEYCTL_LINK to @p
        "search _uid.0": attempt(KEYCTL, 10, ctypes.c_long(KEYRING), b"user", DESCRIPTION, 0),
        "read the key": attempt(KEYCTL, 11, ctypes.c_long(SERIAL), buffer, ctypes.c_size_t(4096)),
        "update the key": attempt(KEYCTL, 2, ctypes.c_long(SERIAL), b"forged", ctypes.c_size_t(6)),
        "add to _uid.0": attempt(ADD_KEY, b"user", b"{planted}", b"x", ctypes.c_size_t(1), ctypes.c_int(KEYRING)),
        "add to @s": attempt(ADD_KEY, b"user", b"{planted}", b"x", ctypes.c_size_t(1), ctypes.c_int(-3)),
        "join _uid.0": attempt(KEYCTL, 1, b"_uid.0"),
        "request": attempt(REQUEST_KEY, b"user", DESCRIPTION, None, ctypes.c_int(-3)),
        "listed": "refused" if not any(name in listed for name in (DESCRIPTION.decode(), "_uid.0", "_uid_ses.0"))
                  else "listed",
    }}
    assert set(found.values()) == {{"refused"}}, found
'''
    assert_accepted(verify(code))
    assert read_key(serial) == payload
    # (compared by name: other root processes on the host may add keys to that keyring meanwhile)
    assert planted not in [describe(key) for key in serials_in(keyring)], "a key was planted in root's keyring"


# --------------------------------------------------------------------------- channels between workers

def locks_of(pids: list[int]) -> set[str]:
    """/proc/locks lines (less their number) of the flock locks that ``pids`` hold."""
    with open("/proc/locks") as f:
        lines = f.read().splitlines()
    return {line.split(":", 1)[1] for line in lines if "FLOCK" in line and int(line.split()[4]) in pids}


def test_flock_is_no_channel_between_workers(verify, verify_source):
    # Every worker sees /usr/lib/os-release read-only; an exclusive lock one takes there would be
    # visible to the other. Shared locks never conflict, so they tell nothing. The holder keeps
    # its lock until the host drops a file into its /tmp (through /proc/PID/root).
    name = f"sc-{uuid.uuid4().hex[:12]}"
    holder = f'''
import ctypes, fcntl, os, time

def test_hold():
    {name_itself(name)}
    with open("/usr/lib/os-release") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            took = "exclusive"
        except PermissionError:
            fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
            took = "shared"
        deadline = time.monotonic() + 15
        while not os.path.exists("/tmp/release") and time.monotonic() < deadline:
            time.sleep(0.01)
    assert took == "shared", took
'''
    prober = '''
import errno, fcntl

def test_probe():
    with open("/usr/lib/os-release") as f:
        found = []
        for op in (fcntl.LOCK_EX | fcntl.LOCK_NB, fcntl.LOCK_EX):
            try:
                fcntl.flock(f, op)
                found.append("took it")
            except OSError as exc:
                found.append(errno.errorcode[exc.errno])
        fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)  # beside the other worker's: no conflict
    assert found == ["EPERM", "EPERM"], found
'''
    assert_accepted(verify("def test_ok():\n    pass\n"))  # the prober's worker, started
    background = Background(lambda: verify_source(holder, fresh=True, **{**SUITE, "timeout": 30.0}))  # a second worker
    pids = wait_for(lambda: [p for p in named(name) if locks_of([p])], background)
    held = locks_of(pids)
    try:
        assert_accepted(verify(prober))
        assert held <= locks_of(pids), "the first worker's lock went before the probe ended"
    finally:
        for pid in pids:
            with open(f"/proc/{pid}/root/tmp/release", "w"):
                pass
        sample = background.join()
    assert_accepted(sample)


# --------------------------------------------------------------------------- the filter

# Each: the call (a Python expression, ``sys`` is libc.syscall by number), and the errno it must get.
REFUSED = {
    "ptrace-attach-zygote": ("sys('ptrace', 16, 1, 0, 0)", "EPERM"),
    "ptrace-traceme": ("sys('ptrace', 0, 0, 0, 0)", "EPERM"),
    "process_vm_readv-zygote": ("vm_read(1)", "EPERM"),
    "unshare-user": ("sys('unshare', 0x10000000)", "EPERM"),
    "unshare-mount": ("sys('unshare', 0x00020000)", "EPERM"),
    "unshare-net": ("sys('unshare', 0x40000000)", "EPERM"),
    "clone-newuser": ("fork_with('clone', 0x10000000 | 17, 0, 0, 0, 0)", "EPERM"),
    "clone-newpid": ("fork_with('clone', 0x20000000 | 17, 0, 0, 0, 0)", "EPERM"),
    "clone3": ("fork_with('clone3', 0, 0)", "ENOSYS"),
    "setns": ("sys('setns', os.open('/proc/self/ns/net', os.O_RDONLY), 0)", "EPERM"),
    "mount": ("sys('mount', b'none', b'/tmp', b'tmpfs', 0, None)", "EPERM"),
    "umount2": ("sys('umount2', b'/tmp', 2)", "EPERM"),
    "pivot_root": ("sys('pivot_root', b'/tmp', b'/tmp')", "EPERM"),
    "chroot": ("sys('chroot', b'/tmp')", "EPERM"),
    "bpf": ("sys('bpf', 0, None, 0)", "EPERM"),
    "perf_event_open": ("sys('perf_event_open', None, 0, -1, -1, 0)", "EPERM"),
    "keyctl": ("sys('keyctl', 0, -3, 1)", "EPERM"),
    "add_key": ("sys('add_key', b'user', b'k', b'v', 1, -3)", "EPERM"),
    "request_key": ("sys('request_key', b'user', b'k', None, 0)", "EPERM"),
    "io_uring_setup": ("sys('io_uring_setup', 1, None)", "EPERM"),
    "init_module": ("sys('init_module', None, 0, b'')", "EPERM"),
    "finit_module": ("sys('finit_module', 0, b'', 0)", "EPERM"),
    "kexec_load": ("sys('kexec_load', 0, 0, None, 0)", "EPERM"),
    "userfaultfd": ("sys('userfaultfd', 0)", "EPERM"),
    "socket-vsock": ("sys('socket', 40, 1, 0)", "EPERM"),
    # inotify on a file every sandbox binds shows another worker's opens; its instances are counted per user.
    "inotify_init": ("sys('inotify_init')", "EPERM"),
    "inotify_init1": ("sys('inotify_init1', 0)", "EPERM"),
    # A read lock on a shared read-only file would show in another worker's query; dnotify, its opens.
    "fcntl-getlk": ("fcntl_on('/usr/lib/os-release', 5)", "EPERM"),
    "fcntl-getlk-high-bits": ("fcntl_on('/usr/lib/os-release', 5 | 1 << 32)", "EPERM"),  # the kernel reads 32
    "fcntl-ofd-getlk": ("fcntl_on('/usr/lib/os-release', 36)", "EPERM"),
    "fcntl-notify": ("fcntl_on('/usr/lib', 1026, 1)", "EPERM"),  # F_NOTIFY, DN_ACCESS
    "fcntl-setlease": ("fcntl_on('/usr/lib/os-release', 1024, 0)", "EPERM"),  # F_SETLEASE, F_RDLCK
}


def refused_code(expression: str, expected: str) -> str:
    numbers = {name: seccomp.syscall_number(name) for name in (
        "ptrace", "process_vm_readv", "unshare", "clone", "clone3", "setns", "mount", "umount2", "pivot_root",
        "chroot", "bpf", "perf_event_open", "keyctl", "add_key", "request_key", "io_uring_setup",
        "init_module", "finit_module", "kexec_load", "userfaultfd", "socket", "inotify_init", "inotify_init1",
        "fcntl")}
    return f'''
import ctypes, errno, os, struct
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
NUMBERS = {numbers!r}

def sys(name, *args):
    result = libc.syscall(NUMBERS[name], *args)
    return result, errno.errorcode.get(ctypes.get_errno(), "?") if result < 0 else None

def fork_with(name, *args):
    result = sys(name, *args)
    if result[0] == 0:  # the child of a clone that worked
        os._exit(0)
    return result

def fcntl_on(path, command, argument=None):
    """fcntl ``command`` on ``path`` opened read-only, with a struct flock asking about a write lock."""
    lock = ctypes.create_string_buffer(struct.pack("hhqqi", 1, 0, 0, 0, 0))  # F_WRLCK, whole file
    return sys("fcntl", os.open(path, os.O_RDONLY), ctypes.c_long(command), lock if argument is None else argument)

def vm_read(pid):
    class iovec(ctypes.Structure):
        _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
    buffer = ctypes.create_string_buffer(64)
    local, remote = iovec(ctypes.addressof(buffer), 64), iovec(0x400000, 64)
    return sys("process_vm_readv", pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)

def test_refused():
    result = {expression}
    assert result[0] < 0 and result[1] == "{expected}", result
'''


@pytest.mark.parametrize("attack", list(REFUSED))
def test_the_filter_refuses(verify, verify_source, attack):
    assert_accepted(verify("def test_ok():\n    pass\n"))
    worker = worker_of(verify_source)
    zygote = zygote_pid(worker)
    assert_accepted(verify(refused_code(*REFUSED[attack])))
    assert worker_of(verify_source) is worker, "the worker was replaced"
    assert zygote_pid(worker) == zygote and status_fields(zygote)["TracerPid"].strip() == "0"


def test_locks_that_private_files_need_still_work(verify):
    # The filter keeps fcntl's F_SETLK, F_SETLKW, OFD locks and flock(LOCK_SH) on the sample's own
    # files: sqlite locks its database with them.
    code = """
import fcntl, os, sqlite3, struct

def test_sqlite_in_tmp():
    db = sqlite3.connect("/tmp/sample.db", timeout=0)
    db.execute("CREATE TABLE t (x INTEGER)")
    with db:
        db.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(100)])
    other = sqlite3.connect("/tmp/sample.db", timeout=0)
    other.execute("BEGIN IMMEDIATE")  # a RESERVED lock: the first connection may no longer write
    try:
        db.execute("INSERT INTO t VALUES (-1)")
        db.commit()
        raise AssertionError("two writers at once")
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc), exc
    other.rollback()
    assert db.execute("SELECT count(*), sum(x) FROM t").fetchone() == (100, 4950)

def test_write_locks_on_a_private_file():
    with open("/tmp/locked", "w") as f:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.lockf(f, fcntl.LOCK_UN)
        fcntl.fcntl(f, 37, struct.pack("hhqqi", fcntl.F_WRLCK, 0, 0, 0, 0))  # F_OFD_SETLK
        fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
"""
    assert_accepted(verify(code))


# --------------------------------------------------------------------------- the zygote's inherited state


def host_view(pid: int) -> dict[str, object]:
    """What a fork of the zygote would inherit, read on the host."""
    ioprio = libc.syscall(seccomp.syscall_number("ioprio_get"), 1, pid)
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    with open(f"/proc/{pid}/limits") as f:
        limits = f.read()
    return {"ioprio": ioprio, "nice": fields[16], "policy": fields[38], "limits": limits,
            "cpus": status_fields(pid)["Cpus_allowed_list"]}


def test_scheduling_and_limits_of_the_zygote_cannot_be_changed(verify, verify_source):
    code = f'''
import ctypes, errno, os, resource
libc = ctypes.CDLL(None, use_errno=True)
IOPRIO_SET = {seccomp.syscall_number("ioprio_set")}
IDLE = 3 << 13

def outcome(call):
    try:
        result = call()
    except OSError as exc:
        return errno.errorcode[exc.errno]
    if isinstance(result, int) and result < 0:
        return errno.errorcode[ctypes.get_errno()]
    return "worked"

def test_zygote():
    cpu = min(os.sched_getaffinity(0))
    on_the_zygote = {{
        "ioprio_set(pid 1)": outcome(lambda: libc.syscall(IOPRIO_SET, 1, 1, IDLE)),
        "ioprio_set(own pgrp)": outcome(lambda: libc.syscall(IOPRIO_SET, 2, 0, IDLE)),
        "ioprio_set(own user)": outcome(lambda: libc.syscall(IOPRIO_SET, 3, 0, IDLE)),
        "setpriority(pid 1)": outcome(lambda: os.setpriority(os.PRIO_PROCESS, 1, 19)),
        "setpriority(own user)": outcome(lambda: os.setpriority(os.PRIO_USER, 0, 19)),
        "prlimit(pid 1)": outcome(lambda: resource.prlimit(1, resource.RLIMIT_NOFILE, (64, 64))),
        "sched_setaffinity(pid 1)": outcome(lambda: os.sched_setaffinity(1, {{cpu}})),
        "sched_setscheduler(pid 1)": outcome(lambda: os.sched_setscheduler(1, os.SCHED_IDLE, os.sched_param(0))),
        "sched_setparam(pid 1)": outcome(lambda: os.sched_setparam(1, os.sched_param(0))),
    }}
    assert set(on_the_zygote.values()) == {{"EPERM"}}, on_the_zygote
    on_itself = {{
        "ioprio_set": outcome(lambda: libc.syscall(IOPRIO_SET, 1, 0, IDLE)),
        "setpriority": outcome(lambda: os.setpriority(os.PRIO_PROCESS, 0, 5)),
        "setrlimit": outcome(lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0))),
        "sched_setaffinity": outcome(lambda: os.sched_setaffinity(0, {{cpu}})),
    }}
    assert set(on_itself.values()) == {{"worked"}}, on_itself
'''
    assert_accepted(verify("def test_ok():\n    pass\n"))
    worker = worker_of(verify_source)
    before = host_view(zygote_pid(worker))
    assert_accepted(verify(code))
    assert worker_of(verify_source) is worker, "the worker was replaced"
    assert host_view(zygote_pid(worker)) == before


# --------------------------------------------------------------------------- run as an ordinary user

AS_USER = '''
import json, os, sys
sys.path.insert(0, sys.argv[1])
from synthcode.sandbox.base import RunRequest
from synthcode.sandbox.process import ProcessSandbox

code = """
import os
def test_report():
    with open("/proc/self/status") as f:
        seccomp = f.read().split("Seccomp:")[1].split()[0]
    with open("/proc/keys") as f:
        keys = f.read()
    print(os.getuid(), seccomp, len(keys.splitlines()))
"""
worker = ProcessSandbox().start_worker()
try:
    result = worker.run(RunRequest(code=code, tests=["test_report"]))
    pending, zygote = [worker.transport.process.pid], None
    while pending and zygote is None:
        pid = pending.pop()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\\0")
        if not argv[0].endswith(b"bwrap") and any(a.endswith(b"/runner.py") for a in argv):
            zygote = pid
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                pending += [int(c) for c in f.read().split()]
    with open(f"/proc/{zygote}/status") as f:
        uid = [line.split()[1:] for line in f if line.startswith("Uid:")][0]
    print(json.dumps({"inside": result.output.split(), "host_uid": uid,
                      "events": [e["event"] for e in result.events]}))
finally:
    worker.close()
'''


def test_run_as_an_ordinary_user_the_sandbox_is_that_user_with_the_same_filter():
    # The machine's own Python, which an ordinary user can run (this one may live under /root).
    import json
    import shutil
    import subprocess

    if os.geteuid() != 0 or not shutil.which("setpriv") or not os.path.exists("/usr/bin/python3"):
        pytest.skip("needs root (to become another user), setpriv and /usr/bin/python3")
    source = str(Path(seccomp.__file__).resolve().parents[2])  # the src directory holding synthcode
    run = subprocess.run(["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "/usr/bin/python3",
                          "-I", "-c", AS_USER, source], capture_output=True, text=True, timeout=60, cwd="/")
    if run.returncode != 0 and ("ModuleNotFoundError" in run.stderr or "PermissionError" in run.stderr):
        pytest.skip(f"/usr/bin/python3 as uid 65534 cannot load synthcode here: {run.stderr.splitlines()[-1]}")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["events"][-1] == "done" and "pass" in report["events"], report
    uid, filter_mode, keys = report["inside"]
    assert (uid, filter_mode, keys) == ("65534", "2", "1"), report  # one key: its own empty session keyring
    assert report["host_uid"] == ["65534"] * 4, report
