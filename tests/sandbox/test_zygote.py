"""A clean zygote before every fork, and a protocol one sample cannot derail (both backends).

The zygote shares its uid with the samples it forks, so a sample can change some of what the next
sample would inherit (its I/O priority, scheduling, affinity, limits, session keyring). Each attack
here is followed by a sample that reads its own state and passes only when it is the state a clean
worker gives; the attacking sample's own verdict is checked too. The protocol cases use a worker
directly: an answer that comes too late, or that names another request, is never taken for the
answer to a request, and the worker that gave it is retired.
"""

from __future__ import annotations

import ast
import json
import os
import re
import struct
import subprocess
import sys
import textwrap

import pytest

from synthcode.registry import SANDBOXES
from synthcode.sample import Sample
from synthcode.sandbox import runner
from synthcode.sandbox.base import STARVED_STRETCH, Limits, RunRequest, Worker
from synthcode.verify import VerifyConfig

# Its own configuration, so that these attacks share one worker, apart from other test modules'.
SUITE = dict(timeout=3.0, memory_mb=256, processes=32, file_mb=8, disk_mb=32, output_kb=64)

# What a sample inherits from the zygote, read from inside the sample. Only what the child does
# not set itself (it sets its own address space, CPU, file size, open files and process limits).
STATE = '''
import ctypes, os, resource, signal

_libc = ctypes.CDLL(None, use_errno=True)
_CALLS = {"x86_64": (252, 250), "aarch64": (31, 219)}[os.uname().machine]


# (Lambdas, not functions: the tests' guards replay every call of a top-level function.)
_keyctl = lambda *args: _libc.syscall(ctypes.c_long(_CALLS[1]), *(ctypes.c_long(a) for a in args))


def _session_keyring():
    """The session keyring's name and how many keys it holds; None where keyctl is refused."""
    keyring = _keyctl(0, -3, 0)  # KEYCTL_GET_KEYRING_ID of KEY_SPEC_SESSION_KEYRING
    if keyring < 0:
        return None
    text = ctypes.create_string_buffer(256)
    _keyctl(6, keyring, ctypes.addressof(text), 256)  # KEYCTL_DESCRIBE: type;uid;gid;perm;name
    return text.value.decode(errors="replace").split(";")[-1], _keyctl(11, keyring, 0, 0) // 4  # KEYCTL_READ: ids


def state():
    umask = os.umask(0)
    os.umask(umask)
    with open("/proc/self/status") as f:
        status = dict(line.split(":", 1) for line in f.read().splitlines())
    limits = ("STACK", "DATA", "RSS", "MEMLOCK", "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO")
    return {
        "ioprio": _libc.syscall(_CALLS[0], 1, 0),  # ioprio_get(IOPRIO_WHO_PROCESS, self)
        "nice": os.getpriority(os.PRIO_PROCESS, 0),
        "scheduler": (os.sched_getscheduler(0), os.sched_getparam(0).sched_priority),
        "affinity": sorted(os.sched_getaffinity(0)),
        "umask": umask,
        "cwd": os.getcwd(),
        "signals": [status[k].strip() for k in ("SigBlk", "SigIgn", "SigCgt")],
        "limits": {name: resource.getrlimit(getattr(resource, "RLIMIT_" + name)) for name in limits},
        "descriptors": len(os.listdir("/proc/self/fd")),
        "session keyring": _session_keyring(),
    }
'''

# Each attack raises AssertionError("refused: errno N") where the kernel (or a seccomp filter)
# refuses its call: then there is nothing to contain, and the sample fails on its own.
ATTACK = STATE + '''

def _refused():
    raise AssertionError(f"refused: errno {ctypes.get_errno()}")


_check = lambda result: result >= 0 or _refused()
ioprio_set = lambda which, who, value: _check(_libc.syscall(_CALLS[0] - 1, which, who, value))


def test_attack():
    try:
{body}
    except OSError as exc:  # a call of the os module refused
        raise AssertionError(f"refused: errno {exc.errno}") from None
    assert state()["cwd"] == os.getcwd()  # (a test must check something the file computes)
'''

IOPRIO_IDLE = 3 << 13  # IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0)

# Attacks on the zygote (pid 1) that it puts back: the worker is kept.
RESTORED = {
    "ioprio-idle": f"ioprio_set(1, 1, {IOPRIO_IDLE})",  # IOPRIO_WHO_PROCESS, pid 1
    "ioprio-idle-for-the-whole-uid": f"ioprio_set(3, os.getuid(), {IOPRIO_IDLE})",  # IOPRIO_WHO_USER
    "affinity": "os.sched_setaffinity(1, {min(os.sched_getaffinity(1))})",
    "scheduler-batch": "os.sched_setscheduler(1, os.SCHED_BATCH, os.sched_param(0))",
    "stack-limit-soft": ("resource.prlimit(1, resource.RLIMIT_STACK,"
                         " (1 << 20, resource.getrlimit(resource.RLIMIT_STACK)[1]))"),
    "session-keyring-replaced": textwrap.dedent('''\
        name = ctypes.create_string_buffer(b"planted")
        _check(_keyctl(1, ctypes.addressof(name)))  # KEYCTL_JOIN_SESSION_KEYRING, a keyring of ours
        _check(_libc.syscall(ctypes.c_long(_CALLS[1] - 2), b"user", b"left", b"for the next sample", 19,
                             ctypes.c_long(-3)))  # add_key(..., KEY_SPEC_SESSION_KEYRING)
        _check(_keyctl(18))  # KEYCTL_SESSION_TO_PARENT: the zygote's session keyring becomes ours'''),
    "key-left-in-the-session-keyring": textwrap.dedent('''\
        _check(_libc.syscall(ctypes.c_long(_CALLS[1] - 2), b"user", b"left", b"for the next sample", 19,
                             ctypes.c_long(-3)))'''),
    # The sample's own process state: it dies with its fork.
    "own-umask-cwd-and-signals": textwrap.dedent('''\
        os.umask(0o777)
        os.chdir("/")
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGUSR1, lambda *_: None)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2, signal.SIGALRM})'''),
}

# Attacks the zygote cannot undo without privileges: it exits, and the sample is rejected.
NOT_RESTORABLE = {
    "nice": "os.setpriority(os.PRIO_PROCESS, 1, 10)",
    "scheduler-idle": "os.sched_setscheduler(1, os.SCHED_IDLE, os.sched_param(0))",
    "hard-limit-lowered": "resource.prlimit(1, resource.RLIMIT_STACK, (1 << 20, 1 << 20))",
}


@pytest.fixture
def verify(verify_source):
    def run(code: str):
        return verify_source(code, **SUITE)
    return run


def current_worker(verify_source) -> Worker | None:
    return verify_source.worker(**SUITE)


def read_state(worker: Worker) -> dict:
    """What a sample finds on ``worker``, read by a sample run directly on it."""
    result = worker.run(RunRequest(code=STATE + "\nprint(repr(state()))\n\ndef test_ok():\n    pass\n",
                                   tests=["test_ok"], timeout=SUITE["timeout"]))
    assert result.worker_died is None and result.exit_code == 0 and passes(result) == ["test_ok"], result
    return ast.literal_eval(result.output.strip())


FRESH: dict[str, dict] = {}


def clean_state(verify, verify_source) -> dict:
    """What the first sample of a fresh worker finds, checked to be what the shared worker gives
    now (so an attack left over from an earlier case cannot hide in the expectation)."""
    backend = verify_source.backend
    if backend not in FRESH:
        config = {k: v for k, v in SUITE.items() if k != "timeout"}
        sandbox = SANDBOXES.load(backend)(limits=Limits(**config))
        fresh = sandbox.start_worker()
        try:
            FRESH[backend] = read_state(fresh)
        finally:
            fresh.close()
            sandbox.close()
    assert verify("def test_ok():\n    pass\n").status == "accepted"
    assert read_state(current_worker(verify_source)) == FRESH[backend]
    return FRESH[backend]


def check_sample(expected: dict) -> str:
    return STATE + f"\n\ndef test_clean():\n    assert state() == {expected!r}, state()\n"


def attack(body: str) -> str:
    return ATTACK.replace("{body}", textwrap.indent(body, "        "))


@pytest.mark.parametrize("name", list(RESTORED))
def test_what_a_sample_changes_in_the_zygote_is_put_back(verify, verify_source, name):
    expected = clean_state(verify, verify_source)
    before = current_worker(verify_source)
    sample = verify(attack(RESTORED[name]))
    # Its own tests passed, so it is accepted; or its call was refused, and it fails saying so.
    assert sample.status == "accepted" or re.search(r"refused: errno (1|13|38)\b", sample.reason), sample.reason
    assert current_worker(verify_source) is before and before.alive()
    checked = verify(check_sample(expected))
    assert checked.status == "accepted", checked.reason
    assert current_worker(verify_source) is before, "the zygote was replaced, not restored"


@pytest.mark.parametrize("name", list(NOT_RESTORABLE))
def test_what_the_zygote_cannot_put_back_ends_the_worker(verify, verify_source, name):
    expected = clean_state(verify, verify_source)
    before = current_worker(verify_source)
    sample = verify(attack(NOT_RESTORABLE[name]))
    if sample.status == "rejected" and "refused: errno" in sample.reason:
        assert current_worker(verify_source) is before  # nothing changed: the worker stays
    else:
        assert sample.status == "rejected" and re.search(r"^tests: sandbox worker died", sample.reason), sample.reason
        assert not before.alive()
    checked = verify(check_sample(expected))
    assert checked.status == "accepted", checked.reason


def test_every_probe_is_put_back_in_a_zygote_of_our_own():
    # The restore itself, in a process of its own (not the sandbox): everything it can put back
    # is put back, and a lowered hard limit is reported as what could not be.
    script = textwrap.dedent(f'''
        import json, os, resource, signal, sys
        sys.path.insert(0, {os.path.dirname(runner.__file__)!r})
        import runner
        runner.own_session_keyring()
        runner.record_zygote_state()
        leaked = os.open(os.devnull, os.O_RDONLY)
        os.umask(0o777)
        os.chdir("/")
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_BLOCK, {{signal.SIGUSR2}})
        cpus = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {{min(cpus)}})
        idle = runner.syscall("ioprio_set", 1, 0, {IOPRIO_IDLE}) is not None  # (unless refused here)
        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        resource.setrlimit(resource.RLIMIT_STACK, (1 << 20, hard))
        restored, lost = runner.restore_zygote_state()
        same = {{name: runner.ZYGOTE_STATE[name] == read() for name, read, _ in runner.PROBES}}
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
        _, lost_after = runner.restore_zygote_state()
        print(json.dumps({{"restored": sorted(restored), "lost": lost, "same": same, "lost_after": lost_after,
                          "leaked_closed": leaked not in runner.descriptors(), "cpus": len(cpus), "idle": idle}}))
    ''')
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    expected = {"descriptors", "rlimits", "signals", "umask", "working directory"}
    expected |= {"affinity"} if report["cpus"] > 1 else set()
    expected |= {"ioprio"} if report["idle"] else set()
    assert report["lost"] is None and set(report["restored"]) == expected, report
    assert all(report["same"].values()) and report["leaked_closed"], report
    assert report["lost_after"] == "rlimits", report


# --------------------------------------------------------------------------- bounded cleanup

LEAVE_MANY = '''
import os

def test_leaves_a_mess():
    for i in range({files}):
        open(f"/tmp/f{{i}}", "w").close()
    os.chdir("/tmp")
    for _ in range({depth}):  # deeper than PATH_MAX and the recursion limit
        os.mkdir("d")
        os.chdir("d")
    assert os.getcwd().count("/d") == {depth}
'''

ONLY_THE_SAMPLE = "import os\n\ndef test_clean():\n    assert os.listdir('/tmp') == ['sample.py'], os.listdir('/tmp')\n"


@pytest.mark.slow
def test_more_left_than_the_zygote_clears_retires_the_worker(verify, verify_source):
    assert verify("def test_ok():\n    pass\n").status == "accepted"
    before = current_worker(verify_source)
    sample = verify(LEAVE_MANY.format(files=12000, depth=5000))
    assert sample.status == "accepted", sample.reason  # the verdict is the sample's own
    assert before.retired and not before.alive()
    for _ in range(3):  # then honest samples pass, on a fresh worker, in a clean /tmp
        checked = verify(ONLY_THE_SAMPLE)
        assert checked.status == "accepted", checked.reason
    assert current_worker(verify_source) is not before and current_worker(verify_source).alive()


def test_what_a_sample_leaves_within_the_bound_is_wiped_on_the_same_worker(verify, verify_source):
    assert verify("def test_ok():\n    pass\n").status == "accepted"
    before = current_worker(verify_source)
    assert verify(LEAVE_MANY.format(files=300, depth=300)).status == "accepted"
    checked = verify(ONLY_THE_SAMPLE)
    assert checked.status == "accepted", checked.reason
    assert current_worker(verify_source) is before and before.alive()


def test_wipe_counts_entries_and_stops_at_its_budget(tmp_path):
    deep = tmp_path / "deep"
    deep.mkdir()
    path = deep
    for _ in range(50):
        path = path / "d"
        path.mkdir()
    (path / "file").write_text("x")
    for i in range(30):
        (deep / f"f{i}").write_text("x")
    budget = [40]
    with pytest.raises(runner.TooMuchLeft):
        runner.wipe(str(deep), budget=budget)
    assert budget[0] < 0 and any(deep.iterdir())  # it stopped, leaving the rest
    budget = [1000]
    runner.wipe(str(deep), budget=budget)
    assert list(deep.iterdir()) == [] and budget[0] > 0


# --------------------------------------------------------------------------- the protocol


@pytest.fixture
def sandbox(backend):
    started = SANDBOXES.load(backend)(limits=Limits(memory_mb=256, processes=32, disk_mb=32))
    yield started
    started.close()


@pytest.fixture
def worker(sandbox):
    started = sandbox.start_worker()
    yield started
    started.close()


def passes(result) -> list[str]:
    return [e["test"] for e in result.events if e.get("event") == "pass"]


def test_a_late_answer_retires_the_worker(worker, sandbox):
    slow = RunRequest(code="import time\n\ndef test_slow():\n    time.sleep(2)\n", tests=["test_slow"], timeout=5.0)
    worker.GRACE_SECONDS = 1.0 - slow.timeout * STARVED_STRETCH  # the host gives up after 1 s; the zygote answers after 2 s
    result = worker.run(slow)
    assert result.events == [] and re.match(r"sandbox worker stopped answering", result.worker_died), result
    assert worker.retired and not worker.alive()
    retired_transport = worker.transport
    honest = RunRequest(code="def test_next():\n    pass\n", tests=["test_next"], timeout=5.0)
    later = worker.run(honest)  # the late answer (a pass of test_slow) is never taken for this one
    assert later.events == [] and later.worker_died.startswith("sandbox worker retired"), later
    # With a replacement (as a verifier gives its workers), the next request runs on a fresh zygote.
    worker.replacement = sandbox.start_worker
    assert passes(worker.run(honest)) == ["test_next"]
    assert worker.alive() and worker.retired is None and worker.transport is not retired_transport
    assert not retired_transport.alive()


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return struct.pack(">I", len(body)) + body


@pytest.mark.parametrize("stray", ["another-id", "same-id-another-nonce"])
def test_an_answer_to_another_request_is_refused(worker, stray):
    # A request the worker did not send through run(): its answer comes first, as a late answer
    # to an earlier request would. Taken for the next request's answer, it would pass test_b.
    ident = "stale" if stray == "another-id" else worker._sent + 1
    worker.transport.send(frame({"op": "run", "id": ident, "nonce": "0" * 32, "tests": ["test_b"],
                                 "code": "def test_b():\n    pass\n", "timeout": 5.0, "limits": {}}))
    result = worker.run(RunRequest(code="def test_b():\n    assert False\n", tests=["test_b"], timeout=5.0))
    assert result.events == [] and re.match(r"sandbox worker died \(it answered request", result.worker_died), result
    assert worker.retired and not worker.alive()


def test_every_answer_echoes_its_request(worker):
    for k in range(3):
        result = worker.run(RunRequest(code=f"def test_{k}():\n    pass\n", tests=[f"test_{k}"], timeout=5.0))
        assert passes(result) == [f"test_{k}"] and result.worker_died is None
    assert worker._sent == 3 and worker.alive()


@pytest.mark.slow
def test_a_later_stage_of_the_same_sample_gets_a_fresh_worker(backend, verifier_for):
    # The tests stage passes but leaves too much: its worker retires, and the sample's next stage
    # (which runs the tests again, recording contracts) is sent to a fresh worker, not the retired one.
    code = '''
import os


def double(x: int) -> int:
    """post: __return__ == 2 * x"""
    return 2 * x


def test_double():
    os.makedirs("/tmp/mess", exist_ok=True)
    for i in range(12000):
        open(f"/tmp/mess/f{i}", "w").close()
    assert double(2) == 4
'''
    config = VerifyConfig(stages=["tests", "consistency"], sandbox=backend, workers=1, timeout=SUITE["timeout"],
                          limits=Limits(**{k: v for k, v in SUITE.items() if k != "timeout"}))
    verifier = verifier_for(config)
    sample = verifier.verify(Sample(id="mess", code=code))
    assert sample.status == "accepted", sample.reason
    assert [(s.stage, s.status.value) for s in sample.stages] == [
        ("parse", "passed"), ("tests", "passed"), ("consistency", "passed")]
    retired = verifier._local.worker
    assert retired.retired and not retired.alive()  # (the consistency run left as much again)
    honest = verifier.verify(Sample(id="honest", code=code.replace("range(12000)", "range(3)")))
    assert honest.status == "accepted", honest.reason
    assert verifier._local.worker is not retired and verifier._local.worker.alive()
