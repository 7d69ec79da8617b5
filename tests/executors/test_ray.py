"""The Ray executor on a real two-node Ray cluster on loopback.

One cluster per module: ``ray start --head`` plus one worker node (``ray start --address``), each
in its own process group so that teardown stops exactly these processes (``ray stop`` would stop
every Ray on the machine). Token authentication is off: the cluster listens on loopback only.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes.cli import run_synthcode
from fakes.net import free_port
from fakes.samples import slow_records

from synthcode.errors import ConfigError
from synthcode.executors import ExecutorConfig, build_executor
from synthcode.verify.inputs import load_samples
from synthcode.sample import Sample
from synthcode.verify import VerifyConfig, run_batch

pytest.importorskip("ray")

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
RAY_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}

def slow_samples(count: int) -> list[Sample]:
    return [Sample(**record) for record in slow_records(count, sleep=0.2)]


@dataclass
class Cluster:
    address: str
    groups: list[int]
    """Process group ids of the head and the worker node: every process of this cluster."""

    def actor_pids(self) -> list[int]:
        """Processes of this cluster verifying a sample in an actor right now."""
        return [pid for pid, title in processes(self.groups) if title.startswith(b"ray::VerifyActor.verify")]


def processes(groups: list[int]) -> list[tuple[int, bytes]]:
    """(pid, command line) of the live processes in these process groups and their descendants
    (Ray starts its workers in process groups of their own)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            title = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        state, ppid, pgrp = stat[stat.rindex(")") + 2:].split()[:3]
        table[int(entry.name)] = (state, int(ppid), int(pgrp), title)

    def ours(pid: int) -> bool:
        seen = set()
        while pid in table and pid not in seen:
            seen.add(pid)
            _, ppid, pgrp, _ = table[pid]
            if pgrp in groups:
                return True
            pid = ppid
        return False

    return [(pid, row[3]) for pid, row in table.items() if row[0] != "Z" and ours(pid)]


def ray_start(*args: str, log: Path) -> int:
    """Run ``ray start`` in a new process group; returns the group id its daemons keep."""
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "ray.scripts.scripts", "start", *args,
                                    "--node-ip-address=127.0.0.1", "--object-store-memory=80000000",
                                    "--disable-usage-stats"],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   env={**os.environ, **RAY_ENV})
        if process.wait(timeout=180) != 0:
            raise RuntimeError(f"ray start {' '.join(args)} failed:\n{log.read_text()[-3000:]}")
    return process.pid


def stop_groups(groups: list[int]) -> None:
    pids = [pid for pid, _ in processes(groups)]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for group in groups:
            try:
                os.killpg(group, sig)
            except ProcessLookupError:
                pass
        # Some daemons take over 10 s to honour SIGTERM; nothing of a test cluster needs that grace.
        deadline = time.monotonic() + (3 if sig == signal.SIGTERM else 15)
        while time.monotonic() < deadline and _alive(pids):
            time.sleep(0.2)
        for pid in _alive(pids) if sig == signal.SIGKILL else ():
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    assert not _alive(pids), f"Ray processes left behind: {_alive(pids)}"


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat[stat.rindex(")") + 2] != "Z":
            alive.append(pid)
    return alive


@pytest.fixture(scope="module")
def cluster():
    saved = {key: os.environ.get(key) for key in RAY_ENV}
    os.environ.update(RAY_ENV)  # the driver (this process) must agree with the cluster
    # Short and outside pytest's tmp_path: Ray's unix socket paths must stay under 108 bytes.
    temp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))
    log = temp / "start.log"
    port = free_port()
    groups: list[int] = []
    try:
        groups.append(ray_start("--head", f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
                                f"--temp-dir={temp}", log=log))
        groups.append(ray_start(f"--address=127.0.0.1:{port}", "--num-cpus=1", log=log))
        yield Cluster(address=f"127.0.0.1:{port}", groups=groups)
    finally:
        import ray

        if ray.is_initialized():
            ray.shutdown()
        stop_groups(groups)
        shutil.rmtree(temp, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def verdicts(samples) -> dict[str, tuple]:
    return {s.id: (s.status, s.level.label, [(r.stage, r.status.value) for r in s.stages]) for s in samples}


def mixed_batch(tmp_path: Path) -> Path:
    """Accepted, rejected and unusable samples across the tests, consistency, properties and z3 stages."""
    batch = tmp_path / "batch"
    batch.mkdir()
    for pattern in ("examples/verify/*.py", "tests/corpus/sym_*.py", "tests/corpus/cons_*.py",
                    "tests/corpus/prop_ok.py", "tests/corpus/prop_dedupe_planted.py"):
        for path in REPO.glob(pattern):
            shutil.copy(path, batch / path.name)
    (batch / "syntax_error.py").write_text("def f(:\n    pass\n")
    (batch / "raises.py").write_text("def test_boom():\n    raise KeyError('x')\n")
    (batch / "not_utf8.py").write_bytes(b"x = '\xff'\n")
    return batch


STAGES = ["tests", "consistency", "properties", "z3"]


def test_same_verdicts_as_local(cluster, tmp_path):
    batch = mixed_batch(tmp_path)
    config = VerifyConfig(stages=STAGES, workers=2, timeout=5.0)
    with build_executor(ExecutorConfig(name="local"), config) as local:
        expected = verdicts(local.verify_stream(load_samples(batch)))
    with build_executor(ExecutorConfig(name="ray", address=cluster.address), config) as on_ray:
        assert len(set(on_ray.nodes)) == 2, "the two workers should be spread over both nodes"
        got = verdicts(on_ray.verify_stream(load_samples(batch)))
    assert got == expected
    statuses = {status for status, _, _ in got.values()}
    # not_utf8.py is unusable input: an error record, the same on both executors.
    assert statuses == {"accepted", "rejected", "error"}, "the batch should exercise several verdicts"
    assert len({level for _, level, _ in got.values()}) >= 3


def test_killed_worker_loses_and_duplicates_nothing(cluster, tmp_path):
    samples = slow_samples(40)
    out = tmp_path / "results.jsonl"
    killed: list[int] = []

    def kill_a_worker(sample, counts) -> None:
        if sample is not None and not killed and sum(counts.values()) == 6:
            pids = cluster.actor_pids()
            assert pids, f"no busy verification actor among {processes(cluster.groups)}"
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    counts = run_batch(samples, VerifyConfig(stages=["tests"], workers=2), out, on_result=kill_a_worker,
                       executor=ExecutorConfig(name="ray", address=cluster.address))
    assert killed, "the batch finished before a worker could be killed"
    records = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [r["id"] for r in records]
    assert sorted(ids) == sorted(s.id for s in samples)
    assert len(ids) == len(set(ids))
    assert all(r["status"] == ("rejected" if int(r["id"][1:]) % 5 == 0 else "accepted") for r in records)
    assert counts == {"accepted": 32, "rejected": 8, "error": 0}


def test_resubmits_the_samples_of_a_dead_actor(cluster):
    samples = slow_samples(20)
    config = ExecutorConfig(name="ray", address=cluster.address)
    with build_executor(config, VerifyConfig(stages=["tests"], workers=2)) as executor:
        seen = []
        for sample in executor.verify_stream(iter(samples)):
            seen.append(sample.id)
            if len(seen) == 4:
                os.kill(executor.pids[0], signal.SIGKILL)
        assert executor.resubmitted >= 1, "the killed actor had samples in flight"
    assert sorted(seen) == sorted(s.id for s in samples)


def test_a_sample_whose_worker_keeps_dying_gets_an_error_verdict(cluster, monkeypatch):
    import synthcode.executors.ray as ray_executor

    monkeypatch.setattr(ray_executor, "ATTEMPTS", 1)  # the first death is already the last straw
    samples = slow_samples(12)
    config = ExecutorConfig(name="ray", address=cluster.address)
    with build_executor(config, VerifyConfig(stages=["tests"], workers=2)) as executor:
        seen = []
        for sample in executor.verify_stream(iter(samples)):
            seen.append(sample)
            if len(seen) == 2:
                os.kill(executor.pids[0], signal.SIGKILL)
    assert sorted(s.id for s in seen) == sorted(s.id for s in samples)
    errors = [s for s in seen if s.status == "error"]
    assert errors, "the killed actor had samples in flight"
    assert all(s.failure.stage == "executor" and "died under this sample on all 1 attempts" in s.failure.detail
               for s in errors)
    assert all(s.status == ("rejected" if int(s.id[1:]) % 5 == 0 else "accepted") for s in seen if s not in errors)


def test_cli_verify_on_ray(cluster, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(record) + "\n" for record in slow_records(10, sleep=0.2)))
    out = tmp_path / "results.jsonl"
    command = ("verify", str(batch), "--out", str(out), "--workers", "2", "--executor", "ray",
               "--ray-address", cluster.address, "--stages", "tests")
    done = run_synthcode(*command, env=RAY_ENV, timeout=180)
    assert done.returncode == 0, done.stderr
    statuses = {r["id"]: r["status"] for r in map(json.loads, out.read_text().splitlines())}
    assert statuses == {f"s{k}": "rejected" if k % 5 == 0 else "accepted" for k in range(10)}
    again = run_synthcode(*command, env=RAY_ENV, timeout=180)
    assert again.returncode == 0, again.stderr
    assert "0 verified this run" in again.stderr


def test_unreachable_address_is_one_line(tmp_path):
    (tmp_path / "a.py").write_text("def test_ok():\n    assert True\n")
    done = run_synthcode("verify", str(tmp_path), "--executor", "ray", "--ray-address", f"127.0.0.1:{free_port()}",
                         env=RAY_ENV)
    assert done.returncode == 2
    assert done.stderr.startswith("error: --ray-address") and done.stderr.count("\n") == 1, done.stderr


@pytest.mark.parametrize("command", [["verify", "{tmp}"], ["generate", "--config", "configs/generate/demo.yaml",
                                                         "--out", "{tmp}/out"]])
def test_a_ray_address_without_the_ray_executor_is_refused(tmp_path, command):
    (tmp_path / "a.py").write_text("def test_ok():\n    assert True\n")
    args = [a.format(tmp=tmp_path) for a in command]
    done = run_synthcode(*args, "--ray-address", "10.0.0.1:6379", cwd=REPO)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and "--executor ray" in done.stderr and done.stderr.count("\n") == 1, \
        done.stderr
    assert not (tmp_path / "out").exists()


def test_bad_settings_name_the_setting():
    with pytest.raises(ConfigError, match="cpus_per_worker must be positive, got 0"):
        ExecutorConfig(name="ray", cpus_per_worker=0)
    with pytest.raises(ConfigError, match="needs the ray executor"):
        ExecutorConfig(address="10.0.0.1:6379")
    with pytest.raises(ConfigError, match="Did you mean 'ray'"):
        build_executor(ExecutorConfig(name="rya"), VerifyConfig(stages=["tests"]))


def test_verify_does_not_import_ray(tmp_path):
    (tmp_path / "a.py").write_text("def test_ok():\n    assert True\n")
    code = ("import sys\nfrom synthcode.cli import main\n"
            f"code = main(['verify', {str(tmp_path)!r}, '--workers', '1'])\n"
            "assert code == 0 and 'ray' not in sys.modules, sorted(m for m in sys.modules if 'ray' in m)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_generation_on_ray_equals_local(cluster, tmp_path):
    """The offline demo (a replayed model cache) generates the same rows with verification on Ray."""
    from synthcode.config import load_config
    from synthcode.generate.config import ROOT, GenerateConfig
    from synthcode.generate.job import GenerateJob
    from synthcode.generate.writer import read_all

    demo = ROOT / "configs/generate/demo.yaml"
    config = load_config(GenerateConfig, demo, {"out": str(tmp_path / "local"), "verify": {"workers": 2}})
    config.resolve_paths(demo.parent)
    GenerateJob(config).run()
    env = {**os.environ, **RAY_ENV, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "synthcode", "generate", "--config", str(demo),
                           "--out", str(tmp_path / "ray"), "--workers", "2",
                           "--executor", "ray", "--ray-address", cluster.address],
                          capture_output=True, text=True, env=env, timeout=240, cwd=tmp_path)
    assert done.returncode == 0, done.stderr

    def rows(out: Path) -> dict[str, tuple]:
        return {r["problem_id"]: (r["id"], r["status"], r["level"], r["reason"].split(":", 1)[0])
                for r in read_all(out)}

    local, on_ray = rows(tmp_path / "local"), rows(tmp_path / "ray")
    assert on_ray == local
    assert {status for _, status, _, _ in local.values()} == {"accepted", "rejected"}


def test_killed_node_loses_and_duplicates_nothing(cluster):
    """Last in this module: it takes the worker node away for good."""
    samples = slow_samples(30)
    config = ExecutorConfig(name="ray", address=cluster.address)
    with build_executor(config, VerifyConfig(stages=["tests"], workers=2)) as executor:
        assert len(set(executor.nodes)) == 2
        on_node = [pid for pid, _ in processes(cluster.groups[1:])]
        seen = []
        for sample in executor.verify_stream(iter(samples)):
            seen.append(sample)
            if len(seen) == 4:
                os.killpg(cluster.groups[1], signal.SIGKILL)
        assert executor.resubmitted >= 1, "the dead node's actor had samples in flight"
    assert sorted(s.id for s in seen) == sorted(s.id for s in samples)
    assert all(s.status == ("rejected" if int(s.id[1:]) % 5 == 0 else "accepted") for s in seen)
    deadline = time.monotonic() + 30  # the node's workers, orphaned, must go by themselves
    while time.monotonic() < deadline and _alive(on_node):
        time.sleep(0.2)
    left = _alive(on_node)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes of the killed node outlived it: {left}"
