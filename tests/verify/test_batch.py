"""Batch verification survives being killed: nothing lost, nothing written twice."""

from __future__ import annotations

import inspect
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from fakes.samples import slow_records

from synthcode.errors import InputError
from synthcode.verify import ResultsFile

def make_batch(path, count):
    path.write_text("".join(json.dumps(record) + "\n" for record in slow_records(count, sleep=0.05)))


def read_ids(path):
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


@pytest.mark.slow
def test_killed_batch_resumes_exactly_once(tmp_path):
    batch, out = tmp_path / "batch.jsonl", tmp_path / "results.jsonl"
    make_batch(batch, 60)
    # The tests stage only: what is checked is the results file, not which stages ran (the
    # mutation stage would mutate the samples' sleeps into seconds-long ones).
    command = [sys.executable, "-m", "synthcode", "verify", str(batch), "--out", str(out), "--workers", "2",
               "--stages", "tests"]
    for kill_after in (10, 30):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or len(out.read_bytes().splitlines()) < kill_after):
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert len(read_ids(out)) < 60, "the batch finished before it could be killed"
    # Simulate a kill in the middle of writing a line.
    with out.open("ab") as f:
        f.write(b'{"id": "s59", "status": "acc')
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    ids = read_ids(out)
    assert sorted(ids) == sorted(f"s{k}" for k in range(60))
    assert len(ids) == len(set(ids))
    statuses = {r["id"]: r["status"] for r in map(json.loads, out.read_text().splitlines())}
    assert all(statuses[f"s{k}"] == ("rejected" if k % 5 == 0 else "accepted") for k in range(60))
    again = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert "0 verified this run" in again.stderr
    assert read_ids(out) == ids


def test_results_file_refuses_foreign_files(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text("hello\n")
    with pytest.raises(InputError, match="not a synthcode results file"):
        ResultsFile(path)
    assert path.read_text() == "hello\n"


def numbered(count: int, seconds: float = 0.0) -> list:
    """Samples whose test takes ``seconds``; every third is wrong."""
    from synthcode.sample import Sample

    return [Sample(id=f"s{k}", code=f"import time\n\ndef f():\n    return {k}\n\ndef test_f():\n"
                                     f"    time.sleep({seconds})\n    assert f() == {k if k % 3 else -1}\n")
            for k in range(count)]


def record_running(monkeypatch) -> list:
    """Patch ``Worker.run`` to keep the request it is running (if any) in the returned list."""
    from synthcode.sandbox.base import Worker

    running: list = []
    real_run = Worker.run

    def run(worker, request):
        running.append(request)
        try:
            return real_run(worker, request)
        finally:
            running.pop()

    monkeypatch.setattr(Worker, "run", run)
    return running


def test_the_next_sample_is_parsed_and_compiled_while_the_worker_runs_the_current_one(monkeypatch):
    from synthcode.sandbox.base import Worker
    from synthcode.verify import Verifier, VerifyConfig

    running = record_running(monkeypatch)
    begun_while_busy: list[str] = []
    # The tests stage sends the guards' rewrite, compiled when its request is sent ahead.
    real_compile = Worker._guarded_bytecode

    def compile_guarded(worker, code, *others):
        if running and all(request.code is not code for request in running):  # (not its own run's)
            begun_while_busy.append(code)
        return real_compile(worker, code, *others)

    monkeypatch.setattr(Worker, "_guarded_bytecode", compile_guarded)
    # Slow enough that the batch's feeder has always queued the next sample before the worker's
    # thread looks for it (it needs microseconds); a thread that finds none just waits its turn.
    samples = numbered(8, seconds=0.05)
    with Verifier(VerifyConfig(stages=["tests"], workers=1)) as verifier:
        done = list(verifier.verify_many(iter(samples)))
    assert [s.id for s in done] == [s.id for s in samples]
    assert [s.status for s in done] == ["rejected" if k % 3 == 0 else "accepted" for k in range(8)]
    assert all(s.stages[0].stage == "parse" and len(s.stages) == 2 for s in done)
    # Every sample after the first was compiled for the worker while it ran the one before.
    assert begun_while_busy == [s.code for s in samples[1:]]


def test_work_done_for_the_next_sample_is_not_counted_in_this_ones_stage_seconds():
    from synthcode.verify import Verifier, VerifyConfig

    (quick,) = numbered(1)
    (slow,) = numbered(1, seconds=0.4)
    with Verifier(VerifyConfig(stages=["tests"], workers=1)) as verifier:
        verifier.verify(quick, while_waiting=lambda: time.sleep(0.5))  # the next sample's parse, say
        # work that ends while the sandbox still runs this sample takes nothing from its time
        verifier.verify(slow, while_waiting=lambda: time.sleep(0.1))
    assert quick.stages[-1].stage == slow.stages[-1].stage == "tests"
    assert 0 < quick.stages[-1].seconds < 0.5  # its own run only (a fork and a few asserts)
    assert slow.stages[-1].seconds >= 0.4


def test_a_crash_while_looking_ahead_loses_no_sample(monkeypatch):
    from synthcode.verify import Verifier, VerifyConfig

    real_begin = Verifier.begin
    crashed: list[str] = []

    def begin(verifier, sample):
        # The first sample begun ahead (while the sandbox works on the one before) crashes once,
        # whichever it is: which sample the look-ahead reaches first depends on timing.
        looking_ahead = any(frame.function == "look_ahead" for frame in inspect.stack(0))
        if looking_ahead and not crashed:
            crashed.append(sample.id)
            raise RuntimeError("a bug in a host stage")
        return real_begin(verifier, sample)

    monkeypatch.setattr(Verifier, "begin", begin)
    samples = numbered(6)
    with Verifier(VerifyConfig(stages=["tests"], workers=1)) as verifier:
        done = list(verifier.verify_many(iter(samples)))
    assert len(crashed) == 1
    assert sorted(s.id for s in done) == sorted(s.id for s in samples)
    assert all(len(s.stages) == 2 for s in done)


def test_samples_held_stay_bounded_when_the_caller_is_slower_than_the_workers():
    from synthcode.verify import Verifier, VerifyConfig

    pulled = 0

    def source():
        nonlocal pulled
        for sample in numbered(30):
            pulled += 1
            yield sample

    held = []
    with Verifier(VerifyConfig(stages=["tests"], workers=1)) as verifier:
        for count, _ in enumerate(verifier.verify_many(source()), 1):
            time.sleep(0.02)  # a slow consumer (say, one writing to a network disk)
            held.append(pulled - count)
    assert count == 30
    assert max(held) <= 5, held


def test_a_sample_that_fails_to_compile_is_not_kept_by_the_zygote(tmp_path):
    import gc
    import weakref

    from synthcode.sandbox import runner

    class Request(dict):  # a dict that can be weakly referenced
        pass

    request = Request(code="def f():\n    pass\nreturn 1\n")  # parses, but does not compile
    alive = weakref.ref(request)
    gc.disable()  # the zygote freezes its objects before each fork: only reference counts free them
    try:
        runner.prepare_sample(request, str(tmp_path))
        assert isinstance(runner.PREPARED["compiled"], SyntaxError)
        del request
        runner.PREPARED.clear()
        assert alive() is None, "the compile error's traceback keeps the request alive"
    finally:
        gc.enable()


@pytest.mark.parametrize("stages", [["tests"], ["tests", "consistency"]], ids=["tests", "then-consistency"])
def test_the_next_samples_request_is_sent_while_the_worker_runs_the_current_ones_last(monkeypatch, stages):
    from synthcode.sandbox.base import Worker
    from synthcode.verify import Verifier, VerifyConfig

    running = record_running(monkeypatch)
    sent_ahead: list[tuple[str, str]] = []  # (the sample sent ahead, the harness then running)
    real_send_ahead = Worker.send_ahead

    def send_ahead(worker, request):
        sent_ahead.append((request.code, running[-1].harness if running else "nothing"))
        return real_send_ahead(worker, request)

    monkeypatch.setattr(Worker, "send_ahead", send_ahead)
    samples = numbered(8, seconds=0.05)
    with Verifier(VerifyConfig(stages=stages, workers=1)) as verifier:
        done = list(verifier.verify_many(iter(samples)))
    assert [s.id for s in done] == [s.id for s in samples]
    assert [s.status for s in done] == ["rejected" if k % 3 == 0 else "accepted" for k in range(8)]
    if stages == ["tests"]:
        # Every sample after the first was sent while the one before ran its tests, its last request.
        assert sent_ahead == [(s.code, "tests") for s in samples[1:]]
        # It ran for as long as the zygote says (it began before its stage did on the host).
        assert all(s.stages[1].seconds >= 0.05 for s in done)
    else:
        # A sample's tests are not its last request here (and consistency may send several):
        # nothing may be queued behind them.
        assert sent_ahead == []


def test_a_last_stage_that_sends_several_requests_gets_nothing_queued_in_its_way(monkeypatch):
    from synthcode.sandbox.base import Worker
    from synthcode.stages.tests import TestsStage
    from synthcode.verify import Verifier, VerifyConfig

    real_check, real_run, real_receive = TestsStage.check, Worker.run, Worker._receive
    counts = {"run": 0, "receive": 0}

    def check_twice(stage, sample, context):  # a stage that sends two requests per sample
        real_check(stage, sample, context)
        return real_check(stage, sample, context)

    def run(worker, request):
        counts["run"] += 1
        return real_run(worker, request)

    def receive(worker, timeout):
        counts["receive"] += 1
        return real_receive(worker, timeout)

    monkeypatch.setattr(TestsStage, "check", check_twice)
    monkeypatch.setattr(TestsStage, "one_request", False)
    monkeypatch.setattr(Worker, "run", run)
    monkeypatch.setattr(Worker, "_receive", receive)
    samples = numbered(6, seconds=0.02)
    with Verifier(VerifyConfig(stages=["tests"], workers=1)) as verifier:
        done = list(verifier.verify_many(iter(samples)))
    assert [s.status for s in done] == ["rejected" if k % 3 == 0 else "accepted" for k in range(6)]
    # Every answer was the answer to a request of its own: none was queued, run and thrown away.
    assert counts["receive"] == counts["run"] + 1 == 2 * len(samples) + 1  # (+1: the ready message)


@pytest.mark.slow
def test_a_worker_that_dies_with_a_request_queued_rejects_only_its_own_sample():
    from synthcode.sample import Sample
    from synthcode.verify import Verifier, VerifyConfig

    import threading

    clean = "def test_ok():\n    pass\n"
    # A sample cannot kill its worker (the seccomp filter refuses what would change the zygote),
    # so the host does: it kills the zygote of any sample that names itself so.
    tamper = "import ctypes, time\n\ndef test_die():\n    ctypes.CDLL(None).prctl(15, b'synthcode-die', 0, 0, 0)\n" \
             "    time.sleep(30)\n"
    samples = [Sample(id=str(k), code=code) for k, code in enumerate([clean, tamper, clean, clean, tamper, clean])]
    stop = threading.Event()

    def kill_their_zygotes():
        while not stop.wait(0.005):
            for entry in os.listdir("/proc"):
                try:
                    with open(f"/proc/{entry}/comm") as f:
                        if f.read().strip() != "synthcode-die":
                            continue
                    with open(f"/proc/{entry}/status") as f:
                        parent = int(next(line for line in f if line.startswith("PPid:")).split()[1])
                    os.kill(parent, signal.SIGKILL)
                except (OSError, ValueError, StopIteration):
                    pass
    killer = threading.Thread(target=kill_their_zygotes)
    killer.start()
    try:
        with Verifier(VerifyConfig(stages=["tests"], workers=1)) as verifier:
            done = {s.id: s for s in verifier.verify_many(iter(samples))}
    finally:
        stop.set()
        killer.join()
    assert [done[str(k)].status for k in range(6)] == ["accepted", "rejected", "accepted", "accepted",
                                                       "rejected", "accepted"]
    assert done["1"].reason.startswith("tests: sandbox worker died")


def test_a_request_sent_ahead_but_never_run_does_not_answer_the_next_one():
    from synthcode.registry import SANDBOXES
    from synthcode.sandbox.base import AHEAD_MAX, Limits, RunRequest

    sandbox = SANDBOXES.load("process")(limits=Limits())
    worker = sandbox.start_worker()
    try:
        says = "def test_{0}():\n    assert {1}\n"
        assert worker.send_ahead(RunRequest(code=says.format("a", False), tests=["test_a"]))
        assert not worker.send_ahead(RunRequest(code=says.format("c", True), tests=["test_c"])), \
            "a second request was queued"
        result = worker.run(RunRequest(code=says.format("b", True), tests=["test_b"]))
        assert [(e["event"], e.get("test")) for e in result.events if e["event"] in ("pass", "fail")] == \
            [("pass", "test_b")]
        # Too big to be sure the write cannot block: sent when run, not ahead.
        big = RunRequest(code=says.format("d", True) + "#" * AHEAD_MAX + "\n", tests=["test_d"])
        assert not worker.send_ahead(big)
        assert [e["event"] for e in worker.run(big).events if e["event"] in ("pass", "fail")] == ["pass"]
        # A pipe of one page (a user over pipe-user-pages-soft gets such): only what fits twice over.
        import fcntl

        fcntl.fcntl(worker.transport.process.stdin.fileno(), fcntl.F_SETPIPE_SZ, 4096)
        assert worker.transport.buffered() == 4096
        assert not worker.send_ahead(RunRequest(code=says.format("e", True) + "#" * 3000 + "\n", tests=["test_e"]))
        small = RunRequest(code=says.format("f", True), tests=["test_f"])
        assert worker.send_ahead(small)
        assert [e["event"] for e in worker.run(small).events if e["event"] in ("pass", "fail")] == ["pass"]
    finally:
        worker.close()
        sandbox.close()
