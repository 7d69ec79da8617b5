"""Attacks on the sandbox, one property per case, each run on every backend (process and docker).

Every case checks two things: that the attack was contained (a fact observed on the host, or by
the next sample on the same worker) and that the verdict is right (accepted only when the file's
tests genuinely pass; otherwise rejected with a reason that names the cause). A sample expected to
be rejected either has a genuinely failing test or fails because the attack itself did not work.
"""

from __future__ import annotations

import fcntl
import os
import re
import socket
import struct
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from synthcode.analysis import analyze
from synthcode.sample import Status
from synthcode.sandbox.base import Limits, RunResult, Transport, Worker
from synthcode.stages.base import Budget, StageContext
from synthcode.stages.tests import TestsStage
from fakes.verdicts import assert_accepted, assert_rejected

# One configuration for the suite, so that the attacks run one after another on the same worker.
SUITE = dict(timeout=2.0, memory_mb=256, processes=32, file_mb=8, disk_mb=32, output_kb=64)
REPO = Path(__file__).resolve().parents[2]

# What a fresh sample must find: nothing left by the one before.
CLEAN = '''
import os, shutil

def test_clean():
    assert os.listdir("/tmp") == ["sample.py"], os.listdir("/tmp")  # only this sample's own file
    for shared in ("/dev/shm", "/dev/mqueue"):
        assert not os.path.isdir(shared) or os.listdir(shared) == [], (shared, os.listdir(shared))
    others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())]
    assert not others, others
    with open("/proc/sysvipc/shm") as f:
        assert len(f.read().splitlines()) == 1, "shared memory segments left"
    assert shutil.disk_usage("/tmp").used < 1 << 20, shutil.disk_usage("/tmp")
'''


@pytest.fixture
def verify(verify_source):
    def run(code: str, **overrides):
        return verify_source(code, **{**SUITE, **overrides})
    return run


def suite_worker(verify_source) -> Worker | None:
    return verify_source.worker(**SUITE)


def assert_next_sample_clean(verify, verify_source, worker: Worker | None) -> None:
    """The next sample on the same worker is accepted and finds nothing left behind."""
    assert_accepted(verify(CLEAN))
    assert worker is not None and suite_worker(verify_source) is worker, "the worker was replaced"
    assert worker.alive()


def host_processes_with(marker: str) -> list[int]:
    """Host pids whose command line contains ``marker`` (sandboxed processes are visible here)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


def host_addresses() -> dict[str, str]:
    """Interface name -> IPv4 address for every interface of the host (docker0 included)."""
    found = {"lo": "127.0.0.1"}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))  # SIOCGIFADDR
            except OSError:
                continue
            found[name] = socket.inet_ntoa(packed[20:24])
    return found


# --------------------------------------------------------------------------- resources


def test_fork_bomb_is_capped_and_the_worker_answers(verify, verify_source):
    code = '''
import os, time

def test_fork_bomb():
    children = 0
    while True:
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            while True:  # every copy keeps forking
                try:
                    os.fork()
                except OSError:
                    time.sleep(0.01)
        children += 1
    assert False, f"fork failed after {children} children"
'''
    sample = verify(code)
    assert_rejected(sample, r"test_fork_bomb failed: AssertionError: fork failed after \d+ children")
    assert int(re.search(r"after (\d+)", sample.reason).group(1)) < SUITE["processes"]
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


@pytest.mark.parametrize("passing", [True, False], ids=["passing", "failing"])
def test_forked_copies_of_the_harness_do_not_report(verify, verify_source, passing):
    # Eight copies of the harness run the tests; only the real one may write events.
    code = f'''
import os
for _ in range(3):
    os.fork()

def test_copies():
    assert {passing}, "genuine failure"
'''
    sample = verify(code)
    if passing:
        assert_accepted(sample)
        assert sample.stages[-1].detail == "1 test passed"
    else:
        assert_rejected(sample, r"^test_copies failed: AssertionError: genuine failure$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_memory_bomb_is_a_memory_error(verify, verify_source):
    code = '''
def test_memory_bomb():
    hoard = []
    while True:
        hoard.append(bytearray(16 << 20))
'''
    assert_rejected(verify(code), r"test_memory_bomb failed: MemoryError \(memory limit\)")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_memory_bomb_across_processes_is_killed_by_the_worker_limit(verify, verify_source):
    # Each process stays under its address-space limit; together they exceed the worker's memory
    # cgroup, and the kernel kills the largest sample process, the harness, never the zygote.
    code = '''
import os, time

def hoard(megabytes):
    return [b"x" * (8 << 20) for _ in range(megabytes // 8)]  # written, so resident

def test_memory_bomb():
    for _ in range(3):
        if os.fork() == 0:
            kept = hoard(120)
            time.sleep(60)
    time.sleep(0.3)
    kept = hoard(200)
    time.sleep(60)
'''
    sample = verify(code, timeout=5.0)
    assert_rejected(sample, r"^killed by SIGKILL \(memory limit, or the sample killed itself\) in test_memory_bomb$")
    worker = verify_source.worker(**{**SUITE, "timeout": 5.0})
    assert_accepted(verify(CLEAN, timeout=5.0))
    assert verify_source.worker(**{**SUITE, "timeout": 5.0}) is worker and worker.alive()


@pytest.mark.parametrize("place", ["/tmp", "/dev/shm"])
def test_disk_fill_stops_at_the_tmpfs_size(verify, verify_source, place):
    code = f'''
import os

def test_fill():
    written = 0
    try:
        for i in range(1000):
            with open(os.path.join("{place}", f"fill{{i}}"), "wb") as f:
                for _ in range(4):
                    f.write(b"x" * (1 << 20))
                    written += 1 << 20
    except OSError as exc:
        assert False, f"{{exc.strerror}} after {{written >> 20}} MiB"
'''
    sample = verify(code)
    assert_rejected(sample, r"test_fill failed: AssertionError: No space left on device after \d+ MiB")
    # docker sizes /dev/shm itself (64 MiB unless shm_size is set)
    size = 64 if (place, verify_source.backend) == ("/dev/shm", "docker") else SUITE["disk_mb"]
    assert int(re.search(r"after (\d+) MiB", sample.reason).group(1)) <= size
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_one_file_stops_at_the_file_size_limit(verify, verify_source):
    code = '''
def test_big_file():
    with open("big", "wb") as f:
        for _ in range(64):
            f.write(b"x" * (1 << 20))
            f.flush()
'''
    assert_rejected(verify(code), r"test_big_file failed: OSError: \[Errno 27\] File too large")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


@pytest.mark.slow
def test_infinite_loop_times_out(verify, verify_source):
    sample = verify("def test_loop():\n    while True:\n        pass\n")
    assert_rejected(sample, r"^ran out of its CPU budget of 2s \(SIGXCPU\) in test_loop$", Status.TIMEOUT)
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


@pytest.mark.slow
def test_ignored_sigxcpu_is_still_killed_at_the_hard_limit(verify, verify_source):
    code = '''
import signal
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):
    signal.signal(sig, signal.SIG_IGN)

def test_stubborn():
    while True:
        pass
'''
    assert_rejected(verify(code), r"^ran out of its CPU budget of 2s \(SIGXCPU ignored: killed at the hard limit\) "
                                  r"in test_stubborn$", Status.TIMEOUT)
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_cpu_time_limit_is_named(verify_source):
    """The stage's CPU budget is the sample's CPU limit (a budget above the sandbox's raises it):
    running out is a timeout, named, not a failure of the code."""
    config = {**SUITE, "timeout": 1.0, "cpu_seconds": 1}
    sample = verify_source("def test_spin():\n    while True:\n        pass\n", **config)
    assert_rejected(sample, r"^ran out of its CPU budget of 1s \(SIGXCPU\) in test_spin$", Status.TIMEOUT)
    assert_accepted(verify_source(CLEAN, **config))


def test_output_flood_is_cut_off(verify, verify_source):
    code = "def test_flood():\n    while True:\n        print('x' * 1000)\n"
    assert_rejected(verify(code), r"output limit exceeded: more than 64 KiB on stdout/stderr")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_segfault_is_named(verify, verify_source):
    code = "import ctypes\n\ndef test_crash():\n    ctypes.string_at(0)\n"
    assert_rejected(verify(code), r"^killed by SIGSEGV \(segmentation fault\) in test_crash$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


@pytest.mark.parametrize("passing", [True, False], ids=["reads-eof", "input-raises"])
def test_stdin_is_at_eof(verify, verify_source, passing):
    body = ("    assert sys.stdin.read() == '' and os.read(0, 1) == b''\n" if passing
            else "    input('never answered: ')\n")
    sample = verify(f"import os, sys\n\ndef test_stdin():\n{body}")  # a read that blocked would be `timeout`
    if passing:
        assert_accepted(sample)
    else:
        assert_rejected(sample, r"^test_stdin failed: EOFError: EOF when reading a line$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


# --------------------------------------------------------------------------- leftovers


def test_orphaned_daemons_are_gone_after_the_sample(verify, verify_source):
    marker = f"synthcode-daemon-{uuid.uuid4().hex}"
    code = f'''
import os, sys, time

def spawn():
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", "import time\\nwhile True: time.sleep(1)", "{marker}"])
        os._exit(0)
    os.waitpid(pid, 0)

def running():
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{{pid}}/cmdline", "rb") as f:
                if b"{marker}" in f.read():
                    return True
        except OSError:
            pass
    return False

def test_daemons_started():
    spawn()
    spawn()
    while not running():  # no deadline of its own: on a busy machine a start can take seconds
        time.sleep(0.01)
    assert running()
'''
    # Accepted means the test ended with the daemons running and the verdict did not wait for them:
    # a verdict held back by a process that sleeps forever would come back `timeout`.
    assert_accepted(verify(code))
    assert host_processes_with(marker) == []
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


@pytest.mark.parametrize("passing", [True, False], ids=["passing", "failing"])
def test_lingering_threads_do_not_hold_the_verdict(verify, verify_source, passing):
    code = f'''
import threading, time
threading.Thread(target=time.sleep, args=(1000,)).start()

def test_threads():
    threading.Thread(target=lambda: time.sleep(1000)).start()
    assert {passing}, "genuine failure"
'''
    sample = verify(code)  # a verdict that waited for the threads would come back `timeout`
    if passing:
        assert_accepted(sample)
    else:
        assert_rejected(sample, r"^test_threads failed: AssertionError: genuine failure$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


LEFTOVERS = {
    "scratch-dirs-chmod-0": "for place in ('/tmp', '/dev/shm'):\n    try:\n        os.chmod(place, 0)\n"
                            "    except OSError:\n        pass  # docker's /tmp belongs to root\n",
    "deeper-than-path-max": "os.chdir('/tmp')\nfor _ in range(3000):\n    os.mkdir('d')\n    os.chdir('d')\n",
    "locked-directory": "os.makedirs('/tmp/locked/inner')\nopen('/tmp/locked/inner/f', 'w').close()\n"
                        "os.chmod('/tmp/locked/inner', 0)\nos.chmod('/tmp/locked', 0)\n",
    "special-files": "os.mkfifo('/tmp/fifo')\nos.symlink('/opt/synthcode/runner.py', '/tmp/link')\n"
                     "socket.socket(socket.AF_UNIX).bind('/tmp/socket')\n",
}


@pytest.mark.parametrize("attack", list(LEFTOVERS))
def test_leftovers_do_not_break_the_next_sample(verify, verify_source, attack):
    code = f"import os, socket\n{LEFTOVERS[attack]}\ndef test_ok():\n    pass\n"
    assert_accepted(verify(code))
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_cross_sample_contamination(verify, verify_source):
    marker = f"synthcode-leftover-{uuid.uuid4().hex}"
    sample_a = f'''
import builtins, ctypes, math, os, random, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)", "{marker}"], start_new_session=True)
segment = libc.shmget(0x5eed, 4096, 0o1000 | 0o600)  # IPC_CREAT
queue = libc.mq_open(b"/synthcode-leak", os.O_CREAT | os.O_RDWR, 0o600, None)
math.pi = 3.0
random.seed(1)
sys.modules["json"] = None
sys.setrecursionlimit(50)
os.environ["SYNTHCODE_LEAK"] = "1"
os.putenv("SYNTHCODE_LEAK_PUTENV", "1")
os.umask(0o777)
for place in ("/tmp", "/dev/shm"):
    with open(os.path.join(place, "leak"), "w") as f:
        f.write("x")
builtins.len = lambda obj: 0

def test_a():
    assert math.pi == 3.0 and len([1]) == 0 and segment >= 0 and queue >= 0
'''
    sample_b = '''
import ctypes, math, os, sys

def test_b():
    libc = ctypes.CDLL(None, use_errno=True)
    assert math.pi == 3.141592653589793 and len([1]) == 1
    assert sys.modules["json"] is not None and sys.getrecursionlimit() == 1000
    assert "SYNTHCODE_LEAK" not in os.environ and "SYNTHCODE_LEAK_PUTENV" not in os.environ
    umask = os.umask(0o22)
    assert umask != 0o777, oct(umask)
    assert os.listdir("/tmp") == ["sample.py"] and os.listdir("/dev/shm") == []
    assert libc.shmget(0x5eed, 0, 0) == -1, "the shared memory segment survived"
    assert libc.mq_open(b"/synthcode-leak", os.O_RDWR) == -1, "the message queue survived"
    others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())]
    assert not others, others
'''
    assert_accepted(verify(sample_a))
    worker = suite_worker(verify_source)
    assert host_processes_with(marker) == []
    assert_accepted(verify(sample_b))
    assert suite_worker(verify_source) is worker


def test_the_first_sample_of_a_worker_finds_nothing_of_its_warm_up(verify_source):
    # The zygote runs the tests harness on a sample of its own before it is ready (see
    # runner.warm_up): none of it may be left for the first real sample.
    code = ("import os, sys\n\ndef test_first():\n    assert os.listdir('.') == ['sample.py'], os.listdir('.')\n"
            "    assert open('sample.py').read() == open(__file__).read()\n"
            "    assert sys.modules['__synthcode_sample__'].__dict__ is globals()\n"
            "    assert 'test_a' not in globals()\n")
    assert_accepted(verify_source(code, fresh=True, **SUITE))


# --------------------------------------------------------------------------- reaching the host


def test_network_to_host_listeners_is_refused(verify, verify_source):
    addresses = host_addresses()
    with socket.socket() as listener:
        listener.bind(("0.0.0.0", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        # The listener is reachable from outside the sandbox on every address, docker0's included.
        for address in addresses.values():
            socket.create_connection((address, port), timeout=2).close()
            listener.setblocking(True)
            listener.accept()[0].close()
            listener.setblocking(False)
        code = f'''
import socket

def test_connect():
    errors = []
    for address in {sorted(addresses.values())!r}:
        try:
            socket.create_connection((address, {port}), timeout=0.5).close()
            return
        except OSError as exc:
            errors.append(f"{{address}}: {{type(exc).__name__}}")
    assert False, "no connection: " + ", ".join(errors)
'''
        sample = verify(code)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nothing connected
    assert_rejected(sample, r"test_connect failed: AssertionError: no connection: 127\.0\.0\.1: \w+")
    if "docker0" in addresses:
        assert f"{addresses['docker0']}: " in sample.reason
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_writes_outside_the_work_dir_fail(verify, verify_source):
    name = f"synthcode-escape-{uuid.uuid4().hex}"
    host_paths = [f"/{name}", f"/usr/{name}", f"/opt/{name}", f"/etc/{name}", f"/root/{name}",
                  f"/var/tmp/{name}", f"/dev/{name}", str(REPO / name)]
    # Opening a sysctl for writing is the containment check; nothing is written to them.
    sysctls = ["/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe", "/proc/sys/vm/drop_caches",
               "/proc/sys/kernel/hostname", "/proc/sysrq-trigger"]
    code = f'''
import os
written = []
for path in {host_paths!r}:
    try:
        with open(path, "w") as f:
            f.write("escaped")
        written.append(path)
    except OSError:
        pass
for path in {sysctls!r}:
    try:
        os.close(os.open(path, os.O_WRONLY))
        written.append(path)
    except OSError:
        pass

def test_escape():
    assert written, "no write outside the work dir succeeded"
'''
    try:
        sample = verify(code)
        assert [p for p in host_paths if os.path.exists(p)] == []
    finally:
        for path in host_paths:
            if os.path.isfile(path):
                os.unlink(path)
    assert_rejected(sample, r"^test_escape failed: AssertionError: no write outside the work dir succeeded$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


FIND_SECRET = '''
import os

def everything_readable():
    yield "\\n".join(f"{{k}}={{v}}" for k, v in os.environ.items())
    for path in {paths!r} + [f"/proc/{{p}}/environ" for p in os.listdir("/proc") if p.isdigit()]:
        try:
            with open(path, errors="replace") as f:
                yield f.read()
        except OSError:
            pass
    for top in ("/tmp", "/root", "/home", "/work"):
        try:
            names = os.listdir(top)
        except OSError:
            continue
        for name in names:
            try:
                with open(os.path.join(top, name), errors="replace") as f:
                    yield f.read(4096)
            except OSError:
                pass

def test_find_secret():
    secret = "{head}" + "{tail}"  # split, so that the sample's own file does not contain it
    assert any(secret in text for text in everything_readable()), "secret not found"
'''


def find_secret(secret: str, paths: list[str]) -> str:
    return FIND_SECRET.format(paths=paths, head=secret[:20], tail=secret[20:])


def test_host_environment_is_invisible(verify_source, monkeypatch):
    secret = f"synthcode-secret-{uuid.uuid4().hex}"
    monkeypatch.setenv("SYNTHCODE_ADVERSARIAL_SECRET", secret)
    sample = verify_source(find_secret(secret, []), fresh=True, **SUITE)  # a worker started after setenv
    assert_rejected(sample, r"^test_find_secret failed: AssertionError: secret not found$")


def test_host_files_are_invisible(verify, verify_source):
    secret = f"synthcode-secret-{uuid.uuid4().hex}"
    name = f"synthcode-secret-file-{uuid.uuid4().hex}"  # the sample's file names it; not the secret
    paths = [Path("/tmp") / name, Path("/root") / name, REPO / name]
    for path in paths:
        path.write_text(secret)
        path.chmod(0o644)
    try:
        sample = verify(find_secret(secret, [str(p) for p in paths]))
    finally:
        for path in paths:
            path.unlink()
    assert_rejected(sample, r"^test_find_secret failed: AssertionError: secret not found$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_host_channel_of_the_zygote_is_unreachable(verify, verify_source):
    code = '''
import os

def test_reach_zygote():
    opened = []
    for fd in range(64):
        try:
            os.close(os.open(f"/proc/1/fd/{fd}", os.O_WRONLY))
            opened.append(fd)
        except OSError:
            pass
    for path in ("/proc/1/mem", "/proc/1/environ"):
        try:
            open(path, "rb").read(1)
            opened.append(path)
        except OSError:
            pass
    assert opened, "nothing of the zygote could be opened"
'''
    assert_rejected(verify(code), r"AssertionError: nothing of the zygote could be opened$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


# --------------------------------------------------------------------------- killing the parent

KILLS = {
    "parent-sigkill": "os.kill(os.getppid(), signal.SIGKILL)",
    "pid1-signals": "for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGSTOP, signal.SIGKILL):\n    os.kill(1, sig)",
    "everyone": "os.kill(-1, signal.SIGKILL)",
    "pid1-group": "os.killpg(1, signal.SIGKILL)",
}


@pytest.mark.parametrize("passing", [True, False], ids=["passing", "failing"])
@pytest.mark.parametrize("attack", list(KILLS))
def test_killing_the_parent_fails(verify, verify_source, attack, passing):
    code = (f"import os, signal\n\ndef test_kill():\n    try:\n{textwrap.indent(KILLS[attack], ' ' * 8)}\n"
            f"    except OSError:\n        pass\n    assert {passing}, 'genuine failure'\n")
    sample = verify(code)
    if passing:
        assert_accepted(sample)  # the kill had no effect and the test really passed
    else:
        assert_rejected(sample, r"^test_kill failed: AssertionError: genuine failure$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_killing_its_own_group_rejects_the_sample(verify, verify_source):
    code = "import os, signal\n\ndef test_kill():\n    os.killpg(os.getpgrp(), signal.SIGKILL)\n"
    assert_rejected(verify(code), r"^killed by SIGKILL .* in test_kill$")
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


TAMPER_ZYGOTE = {  # (what the zygote puts back, such as its affinity: tests/sandbox/test_zygote.py)
    "prlimit": "resource.prlimit(1, resource.RLIMIT_NOFILE, (64, 64))",
    "nice": "os.setpriority(os.PRIO_PROCESS, 1, 19)",
}


@pytest.mark.parametrize("attack", list(TAMPER_ZYGOTE))
def test_tampering_with_the_zygote_is_refused(verify, verify_source, attack):
    # Same uid, so the kernel alone would let the sample change the zygote's limits and priority,
    # which its children inherit; the seccomp filter allows these calls on the caller only. (The
    # zygote still checks its state after every sample, and quits if it changed.)
    worker = suite_worker(verify_source)
    code = f"import os, resource\n\ndef test_tamper():\n    {TAMPER_ZYGOTE[attack]}\n"
    assert_rejected(verify(code), r"^test_tamper failed: PermissionError: \[Errno 1\] Operation not permitted")
    assert_next_sample_clean(verify, verify_source, worker or suite_worker(verify_source))


# --------------------------------------------------------------------------- forging a pass

FAKE_EVENTS = "".join(
    f'{{"event": "{event}", "test": "test_ok", "nonce": "{"0" * 32}"}}\\n' for event in ("start", "pass", "done"))
SPRAY = f'''
import os

def spray():
    fds = set(range(3, 1024))
    try:
        fds |= {{int(fd) for fd in os.listdir("/proc/self/fd")}}
    except OSError:
        pass
    for fd in sorted(fds):
        try:
            os.write(fd, b'{FAKE_EVENTS}')
        except OSError:
            pass
'''

FORGERIES = {
    "os-exit-at-import": ("import os\nos._exit(0)\n\ndef test_ok():\n    pass\n",
                          r"^exited with code 0 before the tests finished while loading the module"),
    "os-exit-in-test": ("import os\n\ndef test_ok():\n    os._exit(0)\n",
                        r"^exited with code 0 before the tests finished in test_ok"),
    "sys-exit-at-import": ("import sys\nsys.exit(0)\n\ndef test_ok():\n    pass\n",
                           r"^module failed to load: SystemExit: 0$"),
    "raise-systemexit-at-import": ("raise SystemExit(0)\n\ndef test_ok():\n    pass\n",
                                   r"^module failed to load: SystemExit: 0$"),
    "sys-exit-in-test": ("import sys\n\ndef test_ok():\n    sys.exit(0)\n", r"^test_ok failed: SystemExit: 0$"),
    "raise-systemexit-in-test": ("def test_ok():\n    raise SystemExit(0)\n", r"^test_ok failed: SystemExit: 0$"),
    "generator-test": ("def test_ok():\n    assert False, 'never runs'\n    yield\n",
                       r"^test_ok failed: HarnessError: test_ok is a generator or coroutine function"),
    "stdout-set-to-none": ("import sys\nsys.stdout = None\n\ndef test_ok():\n    assert False, 'genuine failure'\n",
                           r"^test_ok failed: AssertionError: genuine failure$"),
    "keyboard-interrupt": ("def test_ok():\n    raise KeyboardInterrupt\n", r"^test_ok failed: KeyboardInterrupt$"),
    "print-passed": (
        "import sys\nfor stream in (sys.stdout, sys.stderr):\n"
        f"    print('PASSED', '1 passed in 0.01s', '{FAKE_EVENTS}', sep='\\n', file=stream)\n\n"
        "def test_ok():\n    assert False, 'genuine failure'\n",
        r"^test_ok failed: AssertionError: genuine failure$"),
    "events-on-every-fd": (SPRAY + "\ndef test_ok():\n    spray()\n    assert False, 'genuine failure'\n",
                           r"^result channel tampered: 3 message\(s\) not written by this run's harness$"),
    "events-on-every-fd-then-exit": (SPRAY + "\ndef test_ok():\n    spray()\n    os._exit(0)\n",
                                     r"^result channel tampered: 3 message\(s\)"),
    "atexit-raises": ("import atexit\n\ndef boom():\n    raise RuntimeError('from atexit')\n\natexit.register(boom)\n\n"
                      "def test_ok():\n    pass\n", r"^error in teardown: RuntimeError: from atexit"),
    "del-raises": ("class Bad:\n    def __del__(self):\n        raise RuntimeError('from __del__')\n\n"
                   "def test_ok():\n    Bad()\n", r"^error in teardown: RuntimeError: from __del__"),
    "del-exits-in-teardown": ("import os\n\nclass Exit:\n    def __del__(self):\n        os._exit(0)\n\n"
                              "def test_ok():\n    cycle = Exit()\n    cycle.self = cycle\n\n"
                              "def test_fails():\n    assert False, 'genuine failure'\n",
                              r"^exited with code 0 before the tests finished"),
}


@pytest.mark.parametrize("attack", list(FORGERIES))
def test_forged_passes_are_rejected(verify, verify_source, attack):
    code, reason = FORGERIES[attack]
    assert_rejected(verify(code), reason)
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


# --------------------------------------------------------------------------- tampering with the harness

FAILS = "\n\ndef test_ok():\n    assert 1 == 2, 'genuine failure'\n"
GENUINE = r"^test_ok failed: AssertionError: genuine failure$"
NOT_THE_TEST = r"^test_ok failed: HarnessError: test_ok is not the test function defined in the file$"

TAMPERING = {
    "os-write": ("import os\nos.write = lambda fd, data: len(data)" + FAILS, GENUINE),
    "json-dumps": ("import json\njson.dumps = lambda *a, **k: '{\"event\": \"pass\", \"test\": \"test_ok\"}'" + FAILS,
                   GENUINE),
    "import-hook": ("import builtins\n\ndef refuse(*args, **kwargs):\n    raise ImportError('no')\n\n"
                    "builtins.__import__ = refuse" + FAILS, GENUINE),
    "sys-modules": ("import sys\nsys.modules['__main__'] = sys.modules['os']\nsys.modules.clear()" + FAILS, GENUINE),
    "os-exit-replaced": ("import os\nos._exit = lambda code: None" + FAILS, GENUINE),
    "clock-replaced": ("import time\ntime.perf_counter = None" + FAILS, GENUINE),
    "assertion-error-redefined": ("import builtins\n\nclass AssertionError(Exception):\n    pass\n\n"
                                  "builtins.AssertionError = AssertionError" + FAILS, GENUINE),
    "test-replaced-by-lambda": (FAILS + "\ntest_ok = lambda: None\n", NOT_THE_TEST),
    "test-replaced-by-callable": (FAILS + "\nclass Fake:\n    __wrapped__ = test_ok\n\n    def __call__(self):\n"
                                  "        pass\n\ntest_ok = Fake()\n", NOT_THE_TEST),
    "test-replaced-by-wrapper": ("import functools" + FAILS + "\ndef fake():\n    pass\n\n"
                                 "test_ok = functools.wraps(test_ok)(fake)\n", NOT_THE_TEST),
    "test-replaced-by-namesake": (FAILS + "\ndef make():\n    def test_ok():\n        pass\n    return test_ok\n\n"
                                  "test_ok = make()\n", NOT_THE_TEST),
    "harness-patched-through-main": ("import __main__\n__main__.is_defined_test = lambda *a: True\n"
                                     "__main__.describe_failure = lambda *a: {}" + FAILS
                                     + "\ntest_ok = lambda: None\n", NOT_THE_TEST),
    "recursion-limit": ("import sys\n\ndef depth(frame):\n    return 0 if frame is None else 1 + depth(frame.f_back)\n\n"
                        "sys.setrecursionlimit(depth(sys._getframe()) + 4)" + FAILS, GENUINE),
}


@pytest.mark.parametrize("attack", list(TAMPERING))
def test_tampering_with_the_harness_forges_nothing(verify, verify_source, attack):
    code, reason = TAMPERING[attack]
    assert_rejected(verify(code), reason)
    assert_next_sample_clean(verify, verify_source, suite_worker(verify_source))


def test_teardown_collects_only_the_young_generations_when_the_oldest_is_empty(verify, verify_source):
    # A full collection also empties the interpreter's free lists, copying many of the zygote's
    # pages for nothing; a sample whose objects all sit in the young generations does not need one.
    code = ("import gc\n\ndef refuse_full(phase, info):\n    if phase == 'start' and info['generation'] == 2:\n"
            "        raise RuntimeError('a full collection ran')\n\ngc.callbacks.append(refuse_full)\n\n"
            "def double(x):\n    return 2 * x\n\ndef test_ok():\n    assert double(2) == 4\n")
    assert_accepted(verify(code))


def test_garbage_in_the_oldest_generation_is_still_finalized_in_teardown(verify, verify_source):
    # Promoted while still referenced, then dropped: only a full collection finds this cycle.
    code = ("import gc\n\nclass Bad:\n    def __del__(self):\n        raise RuntimeError('from __del__')\n\n"
            "def test_ok():\n    cycle = Bad()\n    cycle.self = cycle\n    gc.collect(1)\n    gc.collect(1)\n"
            "    assert cycle in gc.get_objects(2)\n")
    assert_rejected(verify(code), r"^error in teardown: RuntimeError: from __del__")


def test_closing_or_dropping_stdout_is_not_a_teardown_error(verify, verify_source):
    code = "import sys\nsys.stdout = None\nsys.stderr.close()\n\ndef test_ok():\n    pass\n"
    assert_accepted(verify(code))  # CPython's own exit skips such streams too


def test_decorated_tests_still_run(verify, verify_source):
    code = '''
import functools

def traced(fn):
    @functools.wraps(fn)
    def wrapper():
        return fn()
    return wrapper

def total(xs):
    return sum(xs)

@traced
def test_decorated():
    assert total([1, 2]) == 3
'''
    assert_accepted(verify(code))


# --------------------------------------------------------------------------- the judge alone


class FakeWorker:
    limits = Limits(output_kb=64)


def judge(events: list[dict], exit_code: int | None = 0, **fields) -> str:
    code = "def test_a():\n    pass\n\ndef test_b():\n    pass\n"
    context = StageContext(worker=FakeWorker(), budget=Budget(seconds=2.0), info=analyze(code))
    result = RunResult(events=events, exit_code=exit_code, **fields)
    finding = TestsStage().judge(result, ["test_a", "test_b"], context)
    return f"{finding.status.value}: {finding.detail}"


def script(*names: str) -> list[dict]:
    events = []
    for name in names:
        event, _, test = name.partition(":")
        events.append({"event": event, **({"test": test} if test else {})})
    return events


GOOD = ("import", "start:test_a", "pass:test_a", "start:test_b", "pass:test_b", "done")


@pytest.mark.parametrize("events, fields, expected", [
    (GOOD, {}, "passed: 2 tests passed"),
    (GOOD[:-1], {}, "failed: exited with code 0 before the tests finished"),
    (GOOD, {"exit_code": 1}, "failed: exited with code 1 before the tests finished"),
    (("import", "pass:test_a", "start:test_a") + GOOD[3:], {},
     "failed: result channel tampered: unexpected 'pass test_a' event while loading the module"),
    (("import", "start:test_b", "pass:test_b", "start:test_a", "pass:test_a", "done"), {},
     "failed: result channel tampered: unexpected 'start test_b' event while loading the module"),
    (GOOD[:3] + ("pass:test_a",) + GOOD[3:], {},
     "failed: result channel tampered: unexpected 'pass test_a' event after test_a"),
    (GOOD[:5] + ("done", "done"), {}, "failed: result channel tampered: unexpected 'done' event in teardown"),
    (GOOD[:5], {}, "failed: exited with code 0 before the tests finished in teardown"),
    (GOOD[:2], {"timed_out": True, "exit_code": None, "signal": 9}, "timeout: ran past the wall-clock limit of 11s (the CPU budget is 2s) in test_a"),
    (GOOD[:2], {"exit_code": None, "signal": 9}, "failed: killed by SIGKILL (memory limit, or the sample killed"),
    (GOOD, {"forged": 1}, "failed: result channel tampered: 1 message(s)"),
    (GOOD, {"flood": True}, "failed: output limit exceeded: more than 64 KiB"),
    (GOOD, {"worker_died": "sandbox worker died (EOF)"}, "failed: sandbox worker died (EOF)"),
    (GOOD[:5] + ("teardown-error", "done"), {}, "failed: error in teardown"),
], ids=["good", "no-done", "bad-exit", "pass-before-start", "wrong-order", "double-pass", "double-done",
        "no-done-after-tests", "timeout", "sigkill", "forged", "flood", "worker-died", "teardown"])
def test_judge_accepts_only_the_one_true_sequence(events, fields, expected):
    assert judge(script(*events), **fields).startswith(expected)


def test_judge_names_the_memory_limit():
    events = script(*GOOD)
    events[2] = {"event": "fail", "test": "test_a", "error": "MemoryError", "message": ""}
    assert judge(events) == "failed: test_a failed: MemoryError (memory limit)"


class CannedTransport(Transport):
    """Answers every request with one canned reply, echoing the request's nonce where asked."""

    def __init__(self, events: list[dict]) -> None:
        self.events = events
        self.outgoing = b""

    def send(self, data: bytes) -> None:
        import json

        request = json.loads(data[4:])
        nonce = request["nonce"]
        events = [{**e, "nonce": nonce if e.get("nonce") == "ECHO" else e.get("nonce")} for e in self.events]
        lines = [json.dumps(e) for e in events] + ["PASSED test_a", "[1, 2]"]  # two lines that are no event
        body = json.dumps({"events": "\n".join(lines) + "\n", "ended": {"code": 0}, "timed_out": False,
                           "flood": False, "result_overflow": False, "id": request["id"], "nonce": nonce}).encode()
        self.outgoing += struct.pack(">I", len(body)) + body

    def recv_exact(self, size: int, timeout: float) -> bytes:
        data, self.outgoing = self.outgoing[:size], self.outgoing[size:]
        return data

    def close(self) -> None:
        pass

    def alive(self) -> bool:
        return True


def test_events_with_a_wrong_nonce_are_dropped_and_counted():
    import json

    transport = CannedTransport([{"event": "import", "nonce": "ECHO"}, {"event": "pass", "nonce": "0" * 32},
                                 {"event": "done"}])
    ready = json.dumps({"op": "ready"}).encode()
    transport.outgoing = struct.pack(">I", len(ready)) + ready
    from synthcode.sandbox.base import RunRequest

    result = Worker(transport, Limits(), "canned").run(RunRequest(code="", tests=["test_a"]))
    assert [e["event"] for e in result.events] == ["import"]
    assert result.forged == 4  # two with a wrong or missing nonce, two lines that are not events
